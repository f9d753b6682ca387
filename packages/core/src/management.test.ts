import { clusterApiRequirement } from './management';

describe('management-cluster requirements', () => {
  test('GIVEN the Cluster API minimum of a row WHEN its requirement is read THEN it is that release or newer', () => {
    expect(clusterApiRequirement('v1.13')).toEqual({
      component: 'Cluster API (core, kubeadm bootstrap and control plane)',
      versions: '≥ v1.13',
      reason:
        "the oldest release whose support matrix includes the stack's Kubernetes minor as a workload cluster",
    });
  });

  test('GIVEN a minimum that is no release line WHEN its requirement is read THEN the prop and value are named', () => {
    expect(() => clusterApiRequirement('1.13.0')).toThrow(
      'clusterApiRequirement: minimum "1.13.0" is invalid: expected a Cluster API release line like "v1.13".',
    );
  });
});
