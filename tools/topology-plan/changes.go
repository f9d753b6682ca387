package main

// Sorting the desired state into what the topology controller's reconcile step would do: create missing objects
// (with the temporary cluster shim as an extra owner of the InfrastructureCluster and the control plane), rotate
// templates whose spec changes (a new template under a new name, the reference moved to it), and patch the rest.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/rand"
	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/exp/topology/scope"
	"sigs.k8s.io/cluster-api/util"
)

func sortChanges(_ context.Context, c client.Client, in inputObject, current, desired *scope.ClusterState) (*clusterPlan, error) {
	p := &clusterPlan{cluster: in}
	cluster := current.Cluster
	record := func(cur, want *unstructured.Unstructured) {
		if cur == nil {
			p.created = append(p.created, want)
			return
		}
		after := merged(cur, want)
		if !equality.Semantic.DeepEqual(after.Object, cur.Object) {
			p.modified = append(p.modified, change{before: cur, after: after})
		}
	}
	// rotate returns the template to reference: the current one, patched in place, or a new one.
	rotate := func(cur, want *unstructured.Unstructured, prefix string) string {
		if cur == nil {
			p.created = append(p.created, want)
			return want.GetName()
		}
		after := merged(cur, want)
		if equality.Semantic.DeepEqual(after.Object["spec"], cur.Object["spec"]) {
			record(cur, want)
			return cur.GetName()
		}
		want.SetName(prefix + rand.String(5))
		p.created = append(p.created, want)
		return want.GetName()
	}

	if current.InfrastructureCluster == nil || current.ControlPlane.Object == nil {
		shim := &corev1.Secret{
			ObjectMeta: metav1.ObjectMeta{
				Name: cluster.Name + "-shim", Namespace: cluster.Namespace,
				OwnerReferences: []metav1.OwnerReference{ownerRef(cluster, clusterv1.GroupVersion.WithKind("Cluster"))},
			},
			Type: clusterv1.ClusterSecretType,
		}
		toOwner := ownerRef(shim, corev1.SchemeGroupVersion.WithKind("Secret"))
		for _, o := range []*unstructured.Unstructured{desired.InfrastructureCluster, desired.ControlPlane.Object} {
			o.SetOwnerReferences(util.EnsureOwnerRef(o.GetOwnerReferences(), toOwner))
		}
		p.created = append(p.created, typed(shim, corev1.SchemeGroupVersion.WithKind("Secret")))
	}
	record(current.InfrastructureCluster, desired.InfrastructureCluster)
	if want := desired.ControlPlane.InfrastructureMachineTemplate; want != nil {
		name := rotate(current.ControlPlane.InfrastructureMachineTemplate, want, cluster.Name+"-")
		if err := setMachineTemplateRef(desired.ControlPlane.Object, name); err != nil {
			return nil, err
		}
	}
	record(current.ControlPlane.Object, desired.ControlPlane.Object)
	if want := desired.ControlPlane.MachineHealthCheck; want != nil {
		record(typedOrNil(current.ControlPlane.MachineHealthCheck), typed(want, clusterv1.GroupVersion.WithKind("MachineHealthCheck")))
	}

	names := make([]string, 0, len(desired.MachineDeployments))
	for name := range desired.MachineDeployments {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		want := desired.MachineDeployments[name]
		cur := current.MachineDeployments[name]
		if cur == nil {
			cur = &scope.MachineDeploymentState{}
		}
		prefix := fmt.Sprintf("%s-%s-", cluster.Name, name)
		want.Object.Spec.Template.Spec.Bootstrap.ConfigRef.Name = rotate(cur.BootstrapTemplate, want.BootstrapTemplate, prefix)
		want.Object.Spec.Template.Spec.InfrastructureRef.Name = rotate(cur.InfrastructureMachineTemplate, want.InfrastructureMachineTemplate, prefix)
		var curMD *unstructured.Unstructured
		if cur.Object != nil {
			curMD = typed(cur.Object, clusterv1.GroupVersion.WithKind("MachineDeployment"))
		}
		record(curMD, typed(want.Object, clusterv1.GroupVersion.WithKind("MachineDeployment")))
		if want.MachineHealthCheck != nil {
			record(typedOrNil(cur.MachineHealthCheck), typed(want.MachineHealthCheck, clusterv1.GroupVersion.WithKind("MachineHealthCheck")))
		}
	}
	if len(desired.MachinePools) > 0 {
		return nil, fmt.Errorf("MachinePools are not supported by this dry run")
	}

	before := in.object
	after := merged(before, typed(desired.Cluster, clusterv1.GroupVersion.WithKind("Cluster")))
	p.modified = append(p.modified, change{before: before, after: after})
	sort.SliceStable(p.created, func(i, j int) bool { return lessByKindAndName(p.created[i], p.created[j]) })
	sort.SliceStable(p.modified, func(i, j int) bool { return lessByKindAndName(p.modified[i].after, p.modified[j].after) })
	return p, nil
}

// setMachineTemplateRef points the control plane at its machine template: spec.machineTemplate.infrastructureRef
// in the v1beta1 contract, spec.machineTemplate.spec.infrastructureRef in the v1beta2 one (whichever it has).
func setMachineTemplateRef(controlPlane *unstructured.Unstructured, name string) error {
	for _, path := range [][]string{{"spec", "machineTemplate", "infrastructureRef"}, {"spec", "machineTemplate", "spec", "infrastructureRef"}} {
		if _, found, _ := unstructured.NestedMap(controlPlane.Object, path...); found {
			return unstructured.SetNestedField(controlPlane.Object, name, append(path, "name")...)
		}
	}
	return fmt.Errorf("%s %s has no spec.machineTemplate infrastructureRef", controlPlane.GetKind(), controlPlane.GetName())
}

func ownerRef(o client.Object, gvk schema.GroupVersionKind) metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: gvk.GroupVersion().String(), Kind: gvk.Kind, Name: o.GetName(), UID: o.GetUID()}
}

// typed turns a typed object into an unstructured one with its apiVersion and kind.
func typed(o runtime.Object, gvk schema.GroupVersionKind) *unstructured.Unstructured {
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(o)
	if err != nil {
		panic(err) // typed API objects always convert
	}
	u := &unstructured.Unstructured{Object: content}
	u.SetGroupVersionKind(gvk)
	unstructured.RemoveNestedField(u.Object, "status")
	unstructured.RemoveNestedField(u.Object, "metadata", "creationTimestamp")
	return u
}

func typedOrNil(mhc *clusterv1.MachineHealthCheck) *unstructured.Unstructured {
	if mhc == nil {
		return nil
	}
	return typed(mhc, clusterv1.GroupVersion.WithKind("MachineHealthCheck"))
}

// merged is `current` after the desired fields are applied: maps merged key by key, other values replaced,
// labels and annotations added. An approximation of server-side apply by the topology controller's field manager.
func merged(current, desired *unstructured.Unstructured) *unstructured.Unstructured {
	out := current.DeepCopy()
	if spec, ok := desired.Object["spec"].(map[string]any); ok {
		base, _ := out.Object["spec"].(map[string]any)
		out.Object["spec"] = mergeMaps(base, spec)
	}
	labels := out.GetLabels()
	for k, v := range desired.GetLabels() {
		if labels == nil {
			labels = map[string]string{}
		}
		labels[k] = v
	}
	out.SetLabels(labels)
	annotations := out.GetAnnotations()
	for k, v := range desired.GetAnnotations() {
		if annotations == nil {
			annotations = map[string]string{}
		}
		annotations[k] = v
	}
	out.SetAnnotations(annotations)
	refs := out.GetOwnerReferences()
	for _, r := range desired.GetOwnerReferences() {
		refs = util.EnsureOwnerRef(refs, r)
	}
	out.SetOwnerReferences(refs)
	return out
}

func mergeMaps(base, overlay map[string]any) map[string]any {
	out := runtime.DeepCopyJSON(base)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range overlay {
		if vm, ok := v.(map[string]any); ok {
			if bm, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(bm, vm)
				continue
			}
		}
		out[k] = runtime.DeepCopyJSONValue(v)
	}
	return out
}

func lessByKindAndName(a, b *unstructured.Unstructured) bool {
	if a.GetKind() != b.GetKind() {
		return a.GetKind() < b.GetKind()
	}
	return strings.Compare(a.GetName(), b.GetName()) < 0
}
