import { KubeObject } from '../kube/client';
import { ReleaseInfo } from './release';

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/**
 * One ClusterStack per stack and Kubernetes minor, pinned to the releases under test. In CSO's local mode
 * nothing is downloaded and hash versions cannot be subscribed to, so: no auto-subscription, a `custom` channel,
 * the versions listed explicitly, and no provider-specific release object (`noProvider`).
 */
export function clusterStackObjects(namespace: string, releases: readonly ReleaseInfo[]): KubeObject[] {
  const byStack = new Map<string, ReleaseInfo[]>();
  for (const release of releases)
    byStack.set(release.stackId, [...(byStack.get(release.stackId) ?? []), release]);
  return [...byStack.entries()].map(([stackId, group]) => ({
    apiVersion: 'clusterstack.x-k8s.io/v1alpha1',
    kind: 'ClusterStack',
    metadata: { name: stackId, namespace },
    spec: {
      provider: group[0].provider,
      name: group[0].stackName,
      kubernetesVersion: group[0].kubernetesMinor,
      channel: 'custom',
      autoSubscribe: false,
      noProvider: true,
      versions: [...new Set(group.map((r) => r.version))],
    },
  }));
}
