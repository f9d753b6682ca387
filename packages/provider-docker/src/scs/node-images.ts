import { NodeImages } from '@cluster-stacks/core';
import { DockerScsRelease } from './releases';

/**
 * Adds the node images a stack needs: its own release, and the release of the previous minor (when the
 * matrix has one) so workers still on that version keep a pinned image during an upgrade.
 */
export function addKindestNodeImages(
  nodeImages: NodeImages,
  release: DockerScsRelease,
  previous: DockerScsRelease | undefined,
): void {
  for (const row of [previous, release]) {
    if (!row) continue;
    nodeImages.add({
      kubernetesVersion: row.kubernetes,
      image: row.nodeImage,
    });
  }
}

/** `v1.35.1@sha256:…` by release: the tag-and-digest part the customImage patch appends to the repository. */
export function tagAndDigestByVersion(nodeImages: NodeImages): Record<string, string> {
  return Object.fromEntries(
    nodeImages.all.map((i) => [i.kubernetesVersion.semver, i.image.slice(i.image.lastIndexOf(':v') + 1)]),
  );
}
