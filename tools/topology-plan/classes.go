package main

// ClusterClasses as the management cluster handles them: the validating webhook, then the ClusterClass
// reconciler, which resolves the template references and writes the variable definitions to status.variables.

import (
	"context"

	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/core/reconcilers/clusterclass"
	coreadmission "sigs.k8s.io/cluster-api/core/webhooks/admission"
	"sigs.k8s.io/cluster-api/util/conditions"
)

// validateClusterClass runs the ClusterClass validating webhook for a create.
func validateClusterClass(ctx context.Context, c client.Reader, in inputObject, cc *clusterv1.ClusterClass) error {
	webhook := &coreadmission.ClusterClass{Client: c}
	if _, err := webhook.ValidateCreate(ctx, cc); err != nil {
		return inputErrorf("%s: rejected by the ClusterClass webhook: %v", in.describe(), err)
	}
	return nil
}

// reconcileClusterClass runs the ClusterClass reconciler once and returns the reconciled ClusterClass; a
// ClusterClass whose variables are not ready (the condition Clusters are validated against) is an input error.
func reconcileClusterClass(ctx context.Context, c client.Client, in inputObject) (*clusterv1.ClusterClass, error) {
	key := types.NamespacedName{Namespace: in.object.GetNamespace(), Name: in.object.GetName()}
	reconciler := &clusterclass.Reconciler{Client: c}
	reconciled := &clusterv1.ClusterClass{}
	// The first pass only records the Paused condition and asks to be called again, as the controller would be.
	for pass := 0; pass < 3 && !conditions.Has(reconciled, clusterv1.ClusterClassVariablesReadyCondition); pass++ {
		if _, err := reconciler.Reconcile(ctx, ctrl.Request{NamespacedName: key}); err != nil {
			return nil, inputErrorf("%s: the ClusterClass reconciler failed: %v", in.describe(), err)
		}
		if err := c.Get(ctx, key, reconciled); err != nil {
			return nil, err
		}
	}
	if !conditions.IsTrue(reconciled, clusterv1.ClusterClassVariablesReadyCondition) {
		message := "no condition"
		if cond := conditions.Get(reconciled, clusterv1.ClusterClassVariablesReadyCondition); cond != nil {
			message = cond.Reason + ": " + cond.Message
		}
		return nil, inputErrorf("%s: the ClusterClass variables are not ready (%s)", in.describe(), message)
	}
	return reconciled, nil
}
