package main

// Stand-in CustomResourceDefinitions. Cluster API finds the contract version of a provider kind, and the newest
// apiVersion that fulfils it, in the labels of the kind's CRD. Without an API server these are made up from the
// input: each provider kind is taken to serve the v1beta2 contract at the apiVersions the input uses (the tool
// cannot convert providers' objects, so it uses them as given); Cluster API's own kinds serve it at v1beta2.

import (
	"sort"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
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
		crd := &apiextensionsv1.CustomResourceDefinition{
			TypeMeta: metav1.TypeMeta{APIVersion: apiextensionsv1.SchemeGroupVersion.String(), Kind: "CustomResourceDefinition"},
			ObjectMeta: metav1.ObjectMeta{
				Name:   contract.CalculateCRDName(gk.Group, gk.Kind),
				Labels: map[string]string{contractLabel: strings.Join(served, "_")},
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
