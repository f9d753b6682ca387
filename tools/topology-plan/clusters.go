package main

// Clusters as the API server admits them: the defaulting webhook (which defaults and validates the topology
// variables against the ClusterClass's status.variables), then the validating webhook for a create.

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"sigs.k8s.io/controller-runtime/pkg/client"

	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	coreadmission "sigs.k8s.io/cluster-api/core/webhooks/admission"
)

// admitCluster defaults and validates a Cluster. The webhooks skip variable checks when the class is missing or
// not reconciled; here that is an error instead, since nothing would be checked.
func admitCluster(ctx context.Context, c client.Reader, in inputObject, cluster *clusterv1.Cluster, classes map[string]*clusterv1.ClusterClass) (*clusterv1.ClusterClass, error) {
	if !cluster.Spec.Topology.IsDefined() {
		return nil, inputErrorf("%s: spec.topology is not set; only Clusters with a managed topology can be planned", in.describe())
	}
	key := cluster.GetClassKey()
	class, found := classes[key.String()]
	if !found {
		return nil, inputErrorf("%s: its ClusterClass %s is not in the input (ClusterClasses given: %s)", in.describe(), key, keysOf(classes))
	}
	webhook := &coreadmission.Cluster{Client: c}
	if err := webhook.Default(ctx, cluster); err != nil {
		return nil, inputErrorf("%s: rejected by the Cluster defaulting webhook: %v", in.describe(), err)
	}
	warnings, err := webhook.ValidateCreate(ctx, cluster)
	if err != nil {
		return nil, inputErrorf("%s: rejected by the Cluster validating webhook: %v", in.describe(), err)
	}
	for _, w := range warnings {
		warn(fmt.Sprintf("%s: %s", in.describe(), w))
	}
	return class, nil
}

func keysOf[V any](m map[string]V) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return "none"
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}
