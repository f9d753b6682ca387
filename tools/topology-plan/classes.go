package main

// ClusterClasses as the management cluster handles them: the validating webhook, then the ClusterClass
// reconciler, which resolves the template references and writes the variable definitions to status.variables.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"k8s.io/apimachinery/pkg/types"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/core/reconcilers/clusterclass"
	coreadmission "sigs.k8s.io/cluster-api/core/webhooks/admission"
	"sigs.k8s.io/cluster-api/util/conditions"
)

// arrayIndexPatch is how the ClusterClass webhook rejects a JSON patch that replaces or removes an array element.
const arrayIndexPatch = "elements in arrays can not be accessed in a "

// validateClusterClass runs the ClusterClass validating webhook for a create. With tolerateArrayIndexPatches,
// a rejection whose every cause is a patch addressing an array element by index is printed as a warning and
// the ClusterClass is used anyway (a diagnostic mode: the API server would refuse this ClusterClass).
func validateClusterClass(ctx context.Context, c client.Reader, in inputObject, cc *clusterv1.ClusterClass, tolerateArrayIndexPatches bool) error {
	webhook := &coreadmission.ClusterClass{Client: c}
	_, err := webhook.ValidateCreate(ctx, cc)
	if err == nil {
		return nil
	}
	var status apierrors.APIStatus
	if tolerateArrayIndexPatches && errors.As(err, &status) && status.Status().Details != nil {
		causes := status.Status().Details.Causes
		tolerated := 0
		for _, cause := range causes {
			if strings.Contains(cause.Message, arrayIndexPatch) {
				tolerated++
			}
		}
		if tolerated > 0 && tolerated == len(causes) {
			for _, cause := range causes {
				warn(fmt.Sprintf("%s: tolerated: %s: %s", in.describe(), cause.Field, cause.Message))
			}
			return nil
		}
	}
	return inputErrorf("%s: rejected by the ClusterClass webhook: %v", in.describe(), err)
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
