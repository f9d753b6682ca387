import { KubernetesVersion, NodeImages } from '@cluster-stacks/core';

/**
 * kindest/node images by Kubernetes release, pinned by digest (from the kind release notes: v0.31.0 for
 * 1.33.7, 1.34.3 and 1.35.1, v0.32.0 for 1.36.1). A new patch release is one line here.
 */
export const KINDEST_NODE_DIGESTS: Readonly<Record<string, string>> = {
  'v1.33.7': 'sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040',
  'v1.34.3': 'sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48',
  'v1.35.1': 'sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
  'v1.36.1': 'sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5',
};

/** The default repository of the node images. */
export const KINDEST_NODE_REPOSITORY = 'kindest/node';

/**
 * Adds the node images a stack needs: its own release, and the newest pinned release of the previous minor
 * so workers still on that version keep a pinned image during an upgrade.
 */
export function addKindestNodeImages(nodeImages: NodeImages, version: KubernetesVersion): void {
  const releases = Object.keys(KINDEST_NODE_DIGESTS).map((v) => KubernetesVersion.of(v));
  const previous = releases.filter((r) => r.major === version.major && r.minor === version.minor - 1).pop();
  for (const release of [previous, version]) {
    if (!release) continue;
    const digest = KINDEST_NODE_DIGESTS[release.semver];
    if (!digest) continue; // forVersion() reports the stack's own release if it is missing
    nodeImages.add({
      kubernetesVersion: release,
      image: `${KINDEST_NODE_REPOSITORY}:${release.semver}@${digest}`,
    });
  }
}

/** `v1.35.1@sha256:…` by release: the tag-and-digest part the customImage patch appends to the repository. */
export function tagAndDigestByVersion(nodeImages: NodeImages): Record<string, string> {
  return Object.fromEntries(
    nodeImages.all.map((i) => [i.kubernetesVersion.semver, i.image.slice(i.image.lastIndexOf(':v') + 1)]),
  );
}
