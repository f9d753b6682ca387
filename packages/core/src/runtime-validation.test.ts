// What the types catch for TypeScript callers, checked at run time for JavaScript callers.
import { Chart, Testing } from 'cdk8s';
import { AddonHook, ClusterAddon, KubernetesVersion, NodeImages } from './index';

describe('run-time validation for JavaScript callers', () => {
  test('GIVEN a KubernetesVersion constant that is not declared WHEN it is read THEN the error lists the declared ones', () => {
    const versions = KubernetesVersion as unknown as Record<string, unknown>;
    expect(() => versions.V1_99).toThrow(
      'KubernetesVersion.V1_99 is not declared: the declared constants are V1_33, V1_34, V1_35, V1_36. ' +
        'Add V1_99 (with the patch release to build) to packages/core/src/kubernetes-version.ts, or use KubernetesVersion.of("1.99.0").',
    );
    expect(KubernetesVersion.V1_35.semver).toBe('v1.35.1');
  });

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
      images.add({ kubernetesVersion: KubernetesVersion.V1_35, image: 'kindest/node:v1.35.1' }),
    ).toThrow(
      'stack/NodeImages: image "kindest/node:v1.35.1" is invalid: expected a reference pinned by digest, ' +
        '"<repository>:<tag>@sha256:<64 hex digits>". Without a digest, clusters of the same release could run ' +
        'different images; disk images give url instead.',
    );
  });

  test('GIVEN a node image without a KubernetesVersion WHEN added THEN the declared versions are listed', () => {
    const images = new NodeImages(new Chart(Testing.app(), 'stack'), 'NodeImages');
    expect(() =>
      images.add({ kubernetesVersion: undefined as unknown as KubernetesVersion, image: 'x' }),
    ).toThrow(
      'stack/NodeImages: kubernetesVersion undefined is invalid: expected a declared KubernetesVersion ' +
        '(V1_33, V1_34, V1_35, V1_36) or KubernetesVersion.of("1.NN.P").',
    );
  });
});
