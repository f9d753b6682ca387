/** API versions and kinds the probes read (CAPI's v1beta1, which CSO v0.2 works with, and CSO's v1alpha1). */
export const API = {
  cluster: { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Cluster' },
  clusterClass: { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'ClusterClass' },
  machineDeployment: { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'MachineDeployment' },
  machine: { apiVersion: 'cluster.x-k8s.io/v1beta1', kind: 'Machine' },
  kubeadmControlPlane: { apiVersion: 'controlplane.cluster.x-k8s.io/v1beta1', kind: 'KubeadmControlPlane' },
  clusterStack: { apiVersion: 'clusterstack.x-k8s.io/v1alpha1', kind: 'ClusterStack' },
  clusterStackRelease: { apiVersion: 'clusterstack.x-k8s.io/v1alpha1', kind: 'ClusterStackRelease' },
  clusterAddon: { apiVersion: 'clusterstack.x-k8s.io/v1alpha1', kind: 'ClusterAddon' },
  deployment: { apiVersion: 'apps/v1', kind: 'Deployment' },
  secret: { apiVersion: 'v1', kind: 'Secret' },
  node: { apiVersion: 'v1', kind: 'Node' },
  pod: { apiVersion: 'v1', kind: 'Pod' },
  event: { apiVersion: 'v1', kind: 'Event' },
  nodeMetrics: { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics' },
} as const;

/** The label CAPI puts on every object of a Cluster. */
export const CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
