package main

// The current state of a Cluster that already exists (an upgrade dry run): the objects its references and the
// topology labels point at, taken from the input as the topology controller would read them from the API server.

import (
	"context"
	"errors"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/controllers/external"
	"sigs.k8s.io/cluster-api/exp/topology/scope"
)

func currentState(ctx context.Context, c client.Reader, cluster *clusterv1.Cluster, blueprint *scope.ClusterBlueprint) (*scope.ClusterState, error) {
	state := &scope.ClusterState{Cluster: cluster, ControlPlane: &scope.ControlPlaneState{}, MachineDeployments: scope.MachineDeploymentsStateMap{}}
	ref := func(what string, r clusterv1.ContractVersionedObjectReference) (*unstructured.Unstructured, error) {
		obj, err := external.GetObjectFromContractVersionedRef(ctx, c, r, cluster.Namespace)
		if err != nil {
			return nil, fmt.Errorf("%s %s %q is not in the input: %v", what, r.Kind, r.Name, err)
		}
		return obj, nil
	}
	var err error
	if cluster.Spec.InfrastructureRef.IsDefined() {
		if state.InfrastructureCluster, err = ref("spec.infrastructureRef", cluster.Spec.InfrastructureRef); err != nil {
			return nil, err
		}
	}
	if cluster.Spec.ControlPlaneRef.IsDefined() {
		if state.ControlPlane.Object, err = ref("spec.controlPlaneRef", cluster.Spec.ControlPlaneRef); err != nil {
			return nil, err
		}
		if blueprint.HasControlPlaneInfrastructureMachine() {
			infra, _, _ := unstructured.NestedStringMap(state.ControlPlane.Object.Object, "spec", "machineTemplate", "spec", "infrastructureRef")
			r := clusterv1.ContractVersionedObjectReference{APIGroup: infra["apiGroup"], Kind: infra["kind"], Name: infra["name"]}
			if state.ControlPlane.InfrastructureMachineTemplate, err = ref("the control plane's spec.machineTemplate.spec.infrastructureRef", r); err != nil {
				return nil, err
			}
		}
		if state.ControlPlane.MachineHealthCheck, err = healthCheck(ctx, c, state.ControlPlane.Object); err != nil {
			return nil, err
		}
	}
	mds := &clusterv1.MachineDeploymentList{}
	if err := c.List(ctx, mds, client.InNamespace(cluster.Namespace), client.MatchingLabels{
		clusterv1.ClusterNameLabel: cluster.Name, clusterv1.ClusterTopologyOwnedLabel: "",
	}); err != nil {
		return nil, err
	}
	for i := range mds.Items {
		md := &mds.Items[i]
		name := md.Labels[clusterv1.ClusterTopologyMachineDeploymentNameLabel]
		if name == "" {
			return nil, fmt.Errorf("MachineDeployment %s has no label %s", md.Name, clusterv1.ClusterTopologyMachineDeploymentNameLabel)
		}
		mdState := &scope.MachineDeploymentState{Object: md}
		if mdState.BootstrapTemplate, err = ref("MachineDeployment "+md.Name+" bootstrap.configRef", md.Spec.Template.Spec.Bootstrap.ConfigRef); err != nil {
			return nil, err
		}
		if mdState.InfrastructureMachineTemplate, err = ref("MachineDeployment "+md.Name+" infrastructureRef", md.Spec.Template.Spec.InfrastructureRef); err != nil {
			return nil, err
		}
		if mdState.MachineHealthCheck, err = healthCheck(ctx, c, md); err != nil {
			return nil, err
		}
		state.MachineDeployments[name] = mdState
	}
	return state, nil
}

// healthCheck returns the MachineHealthCheck named like its target, or nil.
func healthCheck(ctx context.Context, c client.Reader, target client.Object) (*clusterv1.MachineHealthCheck, error) {
	mhc := &clusterv1.MachineHealthCheck{}
	err := c.Get(ctx, client.ObjectKeyFromObject(target), mhc)
	var status apierrors.APIStatus
	if errors.As(err, &status) && apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return mhc, nil
}
