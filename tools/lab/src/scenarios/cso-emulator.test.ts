import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stagesOf } from './cso-emulator';

describe('clusteraddon.yaml stages', () => {
  const text = readFileSync(
    join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      'providers',
      'docker',
      'scs',
      '1-35',
      'rendered',
      'clusteraddon.yaml',
    ),
    'utf8',
  );

  it('GIVEN the docker stack WHEN the stages of each hook are read THEN they are in file order with their actions', () => {
    expect(stagesOf(text, 'AfterControlPlaneInitialized')).toEqual([
      { action: 'apply', name: 'cni' },
      { action: 'apply', name: 'kubelet-csr-approver' },
      { action: 'apply', name: 'metrics-server' },
    ]);
    expect(stagesOf(text, 'BeforeClusterUpgrade').map((s) => s.name)).toEqual([
      'cni',
      'kubelet-csr-approver',
      'metrics-server',
    ]);
  });

  it('GIVEN a hook the file does not name WHEN read THEN there are no stages', () => {
    expect(stagesOf(text, 'AfterClusterUpgrade')).toEqual([]);
  });
});
