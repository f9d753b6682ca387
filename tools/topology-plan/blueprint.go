package main

// The blueprint of a Cluster: its (reconciled) ClusterClass and the templates it references, read as the
// topology controller reads them (by the references the ClusterClass reconciler brought to the latest apiVersion).

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/controllers/external"
	"sigs.k8s.io/cluster-api/exp/topology/scope"
)

func buildBlueprint(ctx context.Context, c client.Reader, cluster *clusterv1.Cluster, cc *clusterv1.ClusterClass) (*scope.ClusterBlueprint, error) {
	get := func(what string, ref clusterv1.ClusterClassTemplateReference) (*unstructured.Unstructured, error) {
		obj, err := external.Get(ctx, c, ref.ToObjectReference(cc.Namespace))
		if err != nil {
			return nil, fmt.Errorf("ClusterClass %s/%s: %s %s %q is not in the input: %v", cc.Namespace, cc.Name, what, ref.Kind, ref.Name, err)
		}
		return obj, nil
	}
	blueprint := &scope.ClusterBlueprint{
		Topology:           cluster.Spec.Topology,
		ClusterClass:       cc,
		ControlPlane:       &scope.ControlPlaneBlueprint{},
		MachineDeployments: map[string]*scope.MachineDeploymentBlueprint{},
		MachinePools:       map[string]*scope.MachinePoolBlueprint{},
	}
	var err error
	if blueprint.InfrastructureClusterTemplate, err = get("infrastructure template", cc.Spec.Infrastructure.TemplateRef); err != nil {
		return nil, err
	}
	if blueprint.ControlPlane.Template, err = get("control plane template", cc.Spec.ControlPlane.TemplateRef); err != nil {
		return nil, err
	}
	if blueprint.HasControlPlaneInfrastructureMachine() {
		if blueprint.ControlPlane.InfrastructureMachineTemplate, err = get("control plane machine template", cc.Spec.ControlPlane.MachineInfrastructure.TemplateRef); err != nil {
			return nil, err
		}
	}
	if blueprint.HasControlPlaneMachineHealthCheck() {
		blueprint.ControlPlane.HealthCheck = cc.Spec.ControlPlane.HealthCheck
	}
	for _, class := range cc.Spec.Workers.MachineDeployments {
		md := &scope.MachineDeploymentBlueprint{HealthCheck: class.HealthCheck}
		class.Metadata.DeepCopyInto(&md.Metadata)
		what := fmt.Sprintf("MachineDeployment class %q", class.Class)
		if md.InfrastructureMachineTemplate, err = get(what+" infrastructure template", class.Infrastructure.TemplateRef); err != nil {
			return nil, err
		}
		if md.BootstrapTemplate, err = get(what+" bootstrap template", class.Bootstrap.TemplateRef); err != nil {
			return nil, err
		}
		blueprint.MachineDeployments[class.Class] = md
	}
	for _, class := range cc.Spec.Workers.MachinePools {
		mp := &scope.MachinePoolBlueprint{}
		class.Metadata.DeepCopyInto(&mp.Metadata)
		what := fmt.Sprintf("MachinePool class %q", class.Class)
		if mp.InfrastructureMachinePoolTemplate, err = get(what+" infrastructure template", class.Infrastructure.TemplateRef); err != nil {
			return nil, err
		}
		if mp.BootstrapTemplate, err = get(what+" bootstrap template", class.Bootstrap.TemplateRef); err != nil {
			return nil, err
		}
		blueprint.MachinePools[class.Class] = mp
	}
	return blueprint, nil
}
