package main

// The stand-in management cluster: a fake client holding the input (Cluster API objects in v1beta2), the stand-in
// CRDs, and the feature gates a v1.14 management cluster runs the topology code with.

import (
	"fmt"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	"k8s.io/component-base/featuregate"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	bootstrapv1 "sigs.k8s.io/cluster-api/api/bootstrap/kubeadm/v1beta2"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/cluster-api/feature"
)

// newScheme registers the types the topology code reads typed: core Kubernetes, CRDs and Cluster API's v1beta2.
func newScheme() (*runtime.Scheme, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		clientgoscheme.AddToScheme, apiextensionsv1.AddToScheme,
		clusterv1.AddToScheme, controlplanev1.AddToScheme, bootstrapv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			return nil, err
		}
	}
	return scheme, nil
}

// setFeatureGates enables ClusterTopology (the webhooks refuse topologies without it) and disables RuntimeSDK:
// there is no runtime extension to call offline, so a ClusterClass with external patches or variables is refused.
func setFeatureGates() error {
	gates, ok := feature.Gates.(featuregate.MutableFeatureGate)
	if !ok {
		return fmt.Errorf("the Cluster API feature gates cannot be set")
	}
	return gates.SetFromMap(map[string]bool{string(feature.ClusterTopology): true, string(feature.RuntimeSDK): false})
}

// newClient returns a fake client holding `objects`; ClusterClass and Cluster have a status subresource as in CAPI.
func newClient(scheme *runtime.Scheme, objects []client.Object) client.Client {
	return fake.NewClientBuilder().
		WithScheme(scheme).
		WithObjects(objects...).
		WithStatusSubresource(&clusterv1.ClusterClass{}, &clusterv1.Cluster{}).
		Build()
}
