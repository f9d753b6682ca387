// A Cluster in cluster.x-k8s.io/v1beta2, from the v1beta1 Cluster an ExampleCluster renders: the topology
// names its class by `classRef.name` instead of `class`; every other field the examples set is the same.

type Json = Record<string, unknown>;

export function asV1beta2Cluster(cluster: Record<string, unknown>): Record<string, unknown> {
  const spec = cluster.spec as Json & { topology: Json & { class: string } };
  const { class: className, ...topology } = spec.topology;
  return {
    ...cluster,
    apiVersion: 'cluster.x-k8s.io/v1beta2',
    spec: { ...spec, topology: { classRef: { name: className }, ...topology } },
  };
}
