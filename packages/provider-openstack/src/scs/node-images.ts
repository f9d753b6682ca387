import { NodeImage, NodeImages } from '@cluster-stacks/core';
import { OpenStackScsRelease } from './releases';

/** The name every node image starts with; the ClusterClass appends `-<Kubernetes version>` (imageName, imageAddVersion). */
export const NODE_IMAGE_BASE_NAME = 'ubuntu-capi-image';

/**
 * The prebuilt Ubuntu 24.04 images (OSISM's openstack-k8s-capi-images, as listed in upstream scs2's
 * openstack-image-manager file), one per Kubernetes release: `ubuntu-2404-kube-v<minor>/ubuntu-2404-kube-<release>.qcow2`.
 */
export const NODE_IMAGE_URL_BASE = 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images';

/** The node image of a matrix row: its name in Glance (and ORC), its download URL and, when known, its checksum. */
export function ubuntuNodeImage(release: OpenStackScsRelease): NodeImage {
  const version = release.kubernetes;
  const checksum = release.nodeImageChecksum;
  return {
    kubernetesVersion: version,
    image: `${NODE_IMAGE_BASE_NAME}-${version.semver}`,
    url: `${NODE_IMAGE_URL_BASE}/ubuntu-2404-kube-v${version.minorDotted}/ubuntu-2404-kube-${version.semver}.qcow2`,
    ...(checksum ? { checksum } : {}),
  };
}

/**
 * Adds the node images a stack needs: its own release, and the release of the previous minor (when the
 * matrix has one), so machines still on that version during an upgrade have their image listed too.
 */
export function addUbuntuNodeImages(
  nodeImages: NodeImages,
  release: OpenStackScsRelease,
  previous: OpenStackScsRelease | undefined,
): void {
  for (const row of [previous, release]) {
    if (row) nodeImages.add(ubuntuNodeImage(row));
  }
}
