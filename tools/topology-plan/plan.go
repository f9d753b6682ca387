package main

// The plan: admit the input as the management cluster would, compute each Cluster's desired state with the
// topology engine (exp/topology/desiredstate), and sort the result into created and modified objects.

import (
	"context"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/controllers/clustercache"
	"sigs.k8s.io/cluster-api/exp/topology/desiredstate"
	"sigs.k8s.io/cluster-api/exp/topology/scope"
)

// change is an object the plan modifies: as it is in the input, and as it would be afterwards.
type change struct{ before, after *unstructured.Unstructured }

// clusterPlan is what the topology controller would do for one Cluster.
type clusterPlan struct {
	cluster  inputObject
	created  []*unstructured.Unstructured
	modified []change
	rejected error // with --keep-going: why this Cluster was rejected
}

// options change how strictly the input is handled.
type options struct {
	keepGoing bool // plan every Cluster, recording rejections instead of stopping at the first
}

// noClusterCache stands in for the connection to workload clusters, which only MachinePool upgrades read.
type noClusterCache struct{ clustercache.ClusterCache }

// plan plans every Cluster of the input. With keepGoing, a rejected Cluster is recorded in its plan and the
// others are still planned; otherwise the first rejection is the result.
func plan(ctx context.Context, objects []inputObject, opts options) ([]clusterPlan, error) {
	hub := make([]inputObject, 0, len(objects))
	seen := map[string]string{}
	for _, o := range objects {
		// The controllers read Cluster API's core kinds typed, in v1beta2 (the API server converts them); templates
		// and other objects are read at the apiVersion the ClusterClass references, as they are given.
		converted := o.object
		var err error
		if o.object.GroupVersionKind().Group == clusterv1.GroupVersion.Group {
			converted, err = toHub(ctx, o.object)
		}
		if err != nil {
			return nil, inputErrorf("%s: %v", o.describe(), err)
		}
		gvk := converted.GroupVersionKind()
		key := fmt.Sprintf("%s.%s %s/%s", gvk.Kind, gvk.Group, converted.GetNamespace(), converted.GetName())
		if first, dup := seen[key]; dup {
			return nil, inputErrorf("%s: %s is also defined in %s", o.source, key, first)
		}
		seen[key] = o.source
		hub = append(hub, inputObject{object: converted, source: o.source})
	}

	scheme, err := newScheme()
	if err != nil {
		return nil, err
	}
	if err := setFeatureGates(); err != nil {
		return nil, err
	}
	var classes, clusters []inputObject
	var stored []client.Object
	for _, o := range hub {
		gvk := o.object.GroupVersionKind()
		switch {
		case gvk.Group == clusterv1.GroupVersion.Group && gvk.Kind == "ClusterClass":
			classes = append(classes, o)
		case gvk.Group == clusterv1.GroupVersion.Group && gvk.Kind == "Cluster":
			clusters = append(clusters, o)
			continue // Clusters are admitted one by one below.
		}
		stored = append(stored, o.object)
	}
	if len(clusters) == 0 {
		return nil, inputErrorf("the input has no Cluster (cluster.x-k8s.io/v1beta1 or v1beta2)")
	}
	crds := standInCRDs(hub)
	useForConversion(crds)
	for _, crd := range crds {
		stored = append(stored, crd)
	}
	c := newClient(scheme, stored)

	reconciled := map[string]*clusterv1.ClusterClass{}
	for _, in := range classes {
		cc := &clusterv1.ClusterClass{}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(in.object.Object, cc); err != nil {
			return nil, inputErrorf("%s: not a valid ClusterClass: %v", in.describe(), err)
		}
		if err := validateClusterClass(ctx, c, in, cc); err != nil {
			return nil, err
		}
		if reconciled[client.ObjectKeyFromObject(cc).String()], err = reconcileClusterClass(ctx, c, in); err != nil {
			return nil, err
		}
	}

	plans := make([]clusterPlan, 0, len(clusters))
	for _, in := range clusters {
		cluster := &clusterv1.Cluster{}
		if err := runtime.DefaultUnstructuredConverter.FromUnstructured(in.object.Object, cluster); err != nil {
			return nil, inputErrorf("%s: not a valid Cluster: %v", in.describe(), err)
		}
		p, err := admitAndPlan(ctx, c, in, cluster, reconciled)
		if err != nil && !opts.keepGoing {
			return nil, err
		}
		if err != nil {
			p = &clusterPlan{cluster: in, rejected: err}
		}
		plans = append(plans, *p)
	}
	return plans, nil
}

func admitAndPlan(ctx context.Context, c client.Client, in inputObject, cluster *clusterv1.Cluster, reconciled map[string]*clusterv1.ClusterClass) (*clusterPlan, error) {
	class, err := admitCluster(ctx, c, in, cluster, reconciled)
	if err != nil {
		return nil, err
	}
	p, err := planCluster(ctx, c, in, cluster, class)
	if err != nil {
		return nil, inputErrorf("%s: %v", in.describe(), err)
	}
	return p, nil
}

// planCluster computes the desired state of one admitted Cluster and compares it with the current state.
func planCluster(ctx context.Context, c client.Client, in inputObject, cluster *clusterv1.Cluster, class *clusterv1.ClusterClass) (*clusterPlan, error) {
	blueprint, err := buildBlueprint(ctx, c, cluster, class)
	if err != nil {
		return nil, err
	}
	s := scope.New(cluster)
	s.Blueprint = blueprint
	if s.Current, err = currentState(ctx, c, cluster, blueprint); err != nil {
		return nil, err
	}
	generator, err := desiredstate.NewGenerator(c, noClusterCache{}, nil, nil, nil)
	if err != nil {
		return nil, err
	}
	desired, err := generator.Generate(ctx, s)
	if err != nil {
		return nil, fmt.Errorf("computing the desired state failed: %v", err)
	}
	return sortChanges(ctx, c, in, s.Current, desired)
}
