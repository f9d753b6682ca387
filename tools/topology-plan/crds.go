package main

// Stand-in CustomResourceDefinitions. Cluster API finds the contract version of a provider kind, and the newest
// apiVersion that fulfils it, in the labels of the kind's CRD. Without an API server these are made up from the
// input: each provider kind is taken to serve the v1beta2 contract at the apiVersions the input uses (the tool
// cannot convert providers' objects, so it uses them as given); Cluster API's kubeadm kinds carry the labels of
// their v1.14 CRDs (v1beta1 for the v1beta1 contract, v1beta2 for the v1beta2 contract).

import (
	"context"
	"fmt"
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	controlplaneconversion "sigs.k8s.io/cluster-api/controlplane/kubeadm/webhooks/conversion"
	coreconversion "sigs.k8s.io/cluster-api/core/webhooks/conversion"
	"sigs.k8s.io/cluster-api/util/contract"
)

// contractLabel is the CRD label that lists the apiVersions fulfilling the v1beta2 contract.
var contractLabel = clusterv1.GroupVersion.Group + "/v1beta2"

// standInCRDs returns one CRD per group and kind of `objects` (all already converted to the hub where Cluster API
// has one), and one for the object kind of each template kind (FooTemplate -> Foo).
func standInCRDs(objects []inputObject) []*apiextensionsv1.CustomResourceDefinition {
	versions := map[schema.GroupKind]map[string]bool{}
	add := func(gvk schema.GroupVersionKind) {
		if versions[gvk.GroupKind()] == nil {
			versions[gvk.GroupKind()] = map[string]bool{}
		}
		versions[gvk.GroupKind()][gvk.Version] = true
	}
	for _, o := range objects {
		gvk := o.object.GroupVersionKind()
		if gvk.Group == clusterv1.GroupVersion.Group || gvk.Group == "" {
			continue
		}
		add(gvk)
		if strings.HasSuffix(gvk.Kind, "Template") {
			add(gvk.GroupVersion().WithKind(strings.TrimSuffix(gvk.Kind, "Template")))
		}
	}
	var crds []*apiextensionsv1.CustomResourceDefinition
	for gk, set := range versions {
		served := make([]string, 0, len(set))
		for v := range set {
			served = append(served, v)
		}
		sort.Strings(served)
		labels := map[string]string{contractLabel: strings.Join(served, "_")}
		if gk.Group == controlplanev1.GroupVersion.Group || gk.Group == bootstrapv1.GroupVersion.Group {
			served = []string{"v1beta1", "v1beta2"}
			labels = map[string]string{clusterv1.GroupVersion.Group + "/v1beta1": "v1beta1", contractLabel: "v1beta2"}
		}
		crd := &apiextensionsv1.CustomResourceDefinition{
			TypeMeta: metav1.TypeMeta{APIVersion: apiextensionsv1.SchemeGroupVersion.String(), Kind: "CustomResourceDefinition"},
			ObjectMeta: metav1.ObjectMeta{
				Name:   contract.CalculateCRDName(gk.Group, gk.Kind),
				Labels: labels,
			},
			Spec: apiextensionsv1.CustomResourceDefinitionSpec{
				Group: gk.Group,
				Names: apiextensionsv1.CustomResourceDefinitionNames{Kind: gk.Kind},
				Scope: apiextensionsv1.NamespaceScoped,
			},
		}
		for _, v := range served {
			crd.Spec.Versions = append(crd.Spec.Versions, apiextensionsv1.CustomResourceDefinitionVersion{Name: v, Served: true, Storage: v == served[len(served)-1]})
		}
		crds = append(crds, crd)
	}
	sort.Slice(crds, func(i, j int) bool { return crds[i].Name < crds[j].Name })
	return crds
}

// useForConversion makes Cluster API's conversion functions resolve the apiVersion of a reference (which v1beta2
// stores as group and kind only) the way the API server does: the newest apiVersion of the v1beta2 contract in
// the kind's CRD.
func useForConversion(crds []*apiextensionsv1.CustomResourceDefinition) {
	latest := map[schema.GroupKind]string{}
	for _, crd := range crds {
		versions := strings.Split(crd.Labels[contractLabel], "_")
		latest[schema.GroupKind{Group: crd.Spec.Group, Kind: crd.Spec.Names.Kind}] = crd.Spec.Group + "/" + versions[len(versions)-1]
	}
	getter := func(_ context.Context, gk schema.GroupKind) (string, error) {
		if v, ok := latest[gk]; ok {
			return v, nil
		}
		return "", fmt.Errorf("no object of kind %s is in the input, so its apiVersion is unknown", gk)
	}
	coreconversion.SetAPIVersionGetter(getter)
	controlplaneconversion.SetAPIVersionGetter(getter)
}
