import { containerSelectors } from './down';
import { loopbackAddress } from './scenarios/lab-registry';
import { added, removed, type LabState } from './state';

const STATE: LabState = {
  kindClusters: ['cslab-mgmt'],
  networks: ['kind'],
  workloadClusters: ['node-features'],
  egressRules: ['br-0123456789ab'],
  registries: ['cslab-registry'],
};

describe('what down removes', () => {
  it('GIVEN a state with a registry WHEN the containers are selected THEN the registry is named and the clusters are found by label', () => {
    expect(containerSelectors(STATE)).toEqual({
      labels: [
        'io.x-k8s.kind.cluster=cslab-mgmt',
        'io.x-k8s.kind.cluster=node-features',
        'io.cluster-stacks.lab',
      ],
      names: ['cslab-registry'],
    });
  });

  it('GIVEN a registry recorded twice or removed WHEN the list is updated THEN it holds it once or not at all', () => {
    expect(added(added([], 'cslab-registry'), 'cslab-registry')).toEqual(['cslab-registry']);
    expect(removed(['cslab-registry', 'other'], 'cslab-registry')).toEqual(['other']);
  });

  it('GIVEN docker port output WHEN the loopback address is read THEN only the 127.0.0.1 binding counts', () => {
    expect(loopbackAddress('127.0.0.1:32768\n')).toBe('127.0.0.1:32768');
    expect(loopbackAddress('0.0.0.0:32768\n[::]:32768\n')).toBeUndefined();
  });
});
