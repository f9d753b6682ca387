import { KubeObject } from '../kube/client';
import { releaseInfo, ReleaseInfo } from '../plan/release';

/** A release as read from its directory, for plan tests. */
export function release(tag: string, kubernetesVersion: string): ReleaseInfo {
  const version = tag
    .split('-')
    .slice(4)
    .join('-')
    .replace(/^(v\d+)-(\w+)-(\w+)$/, '$1-$2.$3');
  return releaseInfo(
    tag,
    `versions:\n  clusterStack: ${version}\n  components:\n    clusterAddon: ${version}\n  kubernetes: ${kubernetesVersion}\n`,
  );
}

/** A Cluster like ExampleCluster.render makes: one control-plane node and one worker deployment of two. */
export function renderCluster(r: ReleaseInfo): KubeObject {
  return {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'Cluster',
    metadata: { name: 'defaults', namespace: 'e2e' },
    spec: {
      topology: {
        class: r.clusterClass,
        version: r.kubernetesVersion,
        controlPlane: { replicas: 1 },
        workers: { machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 2 }] },
      },
    },
  };
}
