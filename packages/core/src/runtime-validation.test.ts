// What the types catch for TypeScript callers, checked at run time for JavaScript callers.
import { Chart, Testing } from 'cdk8s';
import { AddonHook, ClusterAddon, KubernetesVersion, NodeImages } from './index';

describe('run-time validation for JavaScript callers', () => {
  test('GIVEN hooks given as strings WHEN the addon is created THEN it is refused instead of landing in no stage', () => {
    const chart = new Chart(Testing.app(), 'stack');
    const appliedAt = ['AfterControlPlaneInitialized'] as unknown as AddonHook[];
    expect(
      () => new ClusterAddon(chart, 'Cni', { name: 'cni', version: '1.0.0', description: 'CNI', appliedAt }),
    ).toThrow(
      'stack/Cni: appliedAt ["AfterControlPlaneInitialized"] is invalid: expected a list of AddonHook values ' +
        '(AddonHook.AFTER_CONTROL_PLANE_INITIALIZED, AddonHook.BEFORE_CLUSTER_UPGRADE or AddonHook.ALWAYS). ' +
        'Strings are not hooks: use the AddonHook constants.',
    );
  });

  test('GIVEN a container node image without a digest WHEN added THEN it is refused', () => {
    const images = new NodeImages(new Chart(Testing.app(), 'stack'), 'NodeImages');
    expect(() =>
      images.add({ kubernetesVersion: KubernetesVersion.of('1.35.1'), image: 'kindest/node:v1.35.1' }),
    ).toThrow(
      'stack/NodeImages: image "kindest/node:v1.35.1" is invalid: expected a reference pinned by digest, ' +
        '"<repository>:<tag>@sha256:<64 hex digits>". Without a digest, clusters of the same release could run ' +
        'different images; disk images give url instead.',
    );
  });

  test('GIVEN a node image without a KubernetesVersion WHEN added THEN the expected value is named', () => {
    const images = new NodeImages(new Chart(Testing.app(), 'stack'), 'NodeImages');
    expect(() =>
      images.add({ kubernetesVersion: undefined as unknown as KubernetesVersion, image: 'x' }),
    ).toThrow(
      'stack/NodeImages: kubernetesVersion undefined is invalid: expected a KubernetesVersion, e.g. KubernetesVersion.of("1.35.1").',
    );
  });
});
