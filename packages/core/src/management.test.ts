import { clusterApiRequirement } from './management';
import { KubernetesVersion } from './kubernetes-version';

describe('management-cluster requirements', () => {
  test('GIVEN Kubernetes 1.36 WHEN its Cluster API requirement is read THEN it is the oldest release that supports it', () => {
    expect(clusterApiRequirement(KubernetesVersion.V1_36)).toEqual({
      component: 'Cluster API (core, kubeadm bootstrap and control plane)',
      versions: '≥ v1.13',
      reason:
        "the oldest release whose support matrix includes the stack's Kubernetes minor as a workload cluster",
    });
  });

  test('GIVEN a minor the table does not know WHEN its requirement is read THEN the error names the table', () => {
    expect(() => clusterApiRequirement(KubernetesVersion.of('v1.37.0'))).toThrow(
      'clusterApiRequirement: no Cluster API minimum for Kubernetes 1.37; add the minor to CLUSTER_API_MINIMUM (packages/core/src/management.ts) from the Cluster API support matrix',
    );
  });
});
