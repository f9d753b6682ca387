package main

// Conversion between the API versions Cluster API serves, with Cluster API's own conversion functions (the ones
// its conversion webhooks run). A v1beta1 object is read as the API server would hand it to a v1.14 controller:
// converted to v1beta2. Generated objects can be written back in v1beta1 to compare them with older tools.

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	bootstrapv1beta1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta1"
	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	controlplanev1beta1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta1"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1beta1 "sigs.k8s.io/cluster-api/api/core/v1beta1"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	bootstrapconversion "sigs.k8s.io/cluster-api/bootstrap/kubeadm/webhooks/conversion"
	controlplaneconversion "sigs.k8s.io/cluster-api/controlplane/kubeadm/webhooks/conversion"
	coreconversion "sigs.k8s.io/cluster-api/core/webhooks/conversion"
	conversionutil "sigs.k8s.io/cluster-api/util/conversion"
)

// converter converts one kind between its v1beta1 spoke and its v1beta2 hub.
type converter struct {
	toHub   func(ctx context.Context, in *unstructured.Unstructured) (*unstructured.Unstructured, error)
	fromHub func(ctx context.Context, in *unstructured.Unstructured) (*unstructured.Unstructured, error)
}

func spoke[S, H client.Object](
	spokeGV, hubGV schema.GroupVersion, kind string,
	newSpoke func() S, newHub func() H,
	toHub func(context.Context, S, H) error, fromHub func(context.Context, H, S) error,
) converter {
	convert := func(in *unstructured.Unstructured, src client.Object, dst client.Object, gv schema.GroupVersion, fn func() error) (*unstructured.Unstructured, error) {
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(in.Object, src); err != nil {
			return nil, err
		}
		if err := fn(); err != nil {
			return nil, err
		}
		content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(dst)
		if err != nil {
			return nil, err
		}
		out := &unstructured.Unstructured{Object: content}
		out.SetGroupVersionKind(gv.WithKind(kind))
		return out, nil
	}
	return converter{
		toHub: func(ctx context.Context, in *unstructured.Unstructured) (*unstructured.Unstructured, error) {
			src, dst := newSpoke(), newHub()
			return convert(in, src, dst, hubGV, func() error { return toHub(ctx, src, dst) })
		},
		fromHub: func(ctx context.Context, in *unstructured.Unstructured) (*unstructured.Unstructured, error) {
			src, dst := newHub(), newSpoke()
			out, err := convert(in, src, dst, spokeGV, func() error { return fromHub(ctx, src, dst) })
			if err == nil {
				// The round-trip annotation only matters to an API server that converts back later.
				annotations := out.GetAnnotations()
				delete(annotations, conversionutil.DataAnnotation)
				if len(annotations) == 0 {
					annotations = nil
				}
				out.SetAnnotations(annotations)
			}
			return out, err
		},
	}
}

// converters holds every kind this tool reads or writes in either version, by group and kind.
var converters = map[schema.GroupKind]converter{
	{Group: clusterv1.GroupVersion.Group, Kind: "Cluster"}: spoke(clusterv1beta1.GroupVersion, clusterv1.GroupVersion, "Cluster",
		func() *clusterv1beta1.Cluster { return &clusterv1beta1.Cluster{} }, func() *clusterv1.Cluster { return &clusterv1.Cluster{} },
		coreconversion.ConvertClusterV1Beta1ToHub, coreconversion.ConvertClusterHubToV1Beta1),
	{Group: clusterv1.GroupVersion.Group, Kind: "ClusterClass"}: spoke(clusterv1beta1.GroupVersion, clusterv1.GroupVersion, "ClusterClass",
		func() *clusterv1beta1.ClusterClass { return &clusterv1beta1.ClusterClass{} }, func() *clusterv1.ClusterClass { return &clusterv1.ClusterClass{} },
		coreconversion.ConvertClusterClassV1Beta1ToHub, coreconversion.ConvertClusterClassHubToV1Beta1),
	{Group: clusterv1.GroupVersion.Group, Kind: "MachineDeployment"}: spoke(clusterv1beta1.GroupVersion, clusterv1.GroupVersion, "MachineDeployment",
		func() *clusterv1beta1.MachineDeployment { return &clusterv1beta1.MachineDeployment{} }, func() *clusterv1.MachineDeployment { return &clusterv1.MachineDeployment{} },
		coreconversion.ConvertMachineDeploymentV1Beta1ToHub, coreconversion.ConvertMachineDeploymentHubToV1Beta1),
	{Group: clusterv1.GroupVersion.Group, Kind: "MachineHealthCheck"}: spoke(clusterv1beta1.GroupVersion, clusterv1.GroupVersion, "MachineHealthCheck",
		func() *clusterv1beta1.MachineHealthCheck { return &clusterv1beta1.MachineHealthCheck{} }, func() *clusterv1.MachineHealthCheck { return &clusterv1.MachineHealthCheck{} },
		coreconversion.ConvertMachineHealthCheckV1Beta1ToHub, coreconversion.ConvertMachineHealthCheckHubToV1Beta1),
	{Group: controlplanev1.GroupVersion.Group, Kind: "KubeadmControlPlane"}: spoke(controlplanev1beta1.GroupVersion, controlplanev1.GroupVersion, "KubeadmControlPlane",
		func() *controlplanev1beta1.KubeadmControlPlane { return &controlplanev1beta1.KubeadmControlPlane{} }, func() *controlplanev1.KubeadmControlPlane { return &controlplanev1.KubeadmControlPlane{} },
		controlplaneconversion.ConvertKubeadmControlPlaneV1Beta1ToHub, controlplaneconversion.ConvertKubeadmControlPlaneHubToV1Beta1),
	{Group: controlplanev1.GroupVersion.Group, Kind: "KubeadmControlPlaneTemplate"}: spoke(controlplanev1beta1.GroupVersion, controlplanev1.GroupVersion, "KubeadmControlPlaneTemplate",
		func() *controlplanev1beta1.KubeadmControlPlaneTemplate {
			return &controlplanev1beta1.KubeadmControlPlaneTemplate{}
		}, func() *controlplanev1.KubeadmControlPlaneTemplate {
			return &controlplanev1.KubeadmControlPlaneTemplate{}
		},
		controlplaneconversion.ConvertKubeadmControlPlaneTemplateV1Beta1ToHub, controlplaneconversion.ConvertKubeadmControlPlaneTemplateHubToV1Beta1),
	{Group: bootstrapv1.GroupVersion.Group, Kind: "KubeadmConfigTemplate"}: spoke(bootstrapv1beta1.GroupVersion, bootstrapv1.GroupVersion, "KubeadmConfigTemplate",
		func() *bootstrapv1beta1.KubeadmConfigTemplate { return &bootstrapv1beta1.KubeadmConfigTemplate{} }, func() *bootstrapv1.KubeadmConfigTemplate { return &bootstrapv1.KubeadmConfigTemplate{} },
		bootstrapconversion.ConvertKubeadmConfigTemplateV1Beta1ToHub, bootstrapconversion.ConvertKubeadmConfigTemplateHubToV1Beta1),
}

// toHub returns a Cluster API object in v1beta2; other objects (providers') are returned as they are.
func toHub(ctx context.Context, in *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	gvk := in.GroupVersionKind()
	c, known := converters[gvk.GroupKind()]
	if !known || gvk.Version == "v1beta2" {
		return in, nil
	}
	if gvk.Version != "v1beta1" {
		return nil, fmt.Errorf("%s is not served by Cluster API v1.14 (use v1beta1 or v1beta2)", gvk.GroupVersion())
	}
	return c.toHub(ctx, in)
}

// fromHub writes a v1beta2 Cluster API object in v1beta1; other objects are returned as they are.
func fromHub(ctx context.Context, in *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	gvk := in.GroupVersionKind()
	c, known := converters[gvk.GroupKind()]
	if !known || gvk.Version != "v1beta2" {
		return in, nil
	}
	return c.fromHub(ctx, in)
}
