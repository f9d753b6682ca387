import { KubernetesVersion, NodeImage, NodeImages } from '@cluster-stacks/core';

/** The name every node image starts with; the ClusterClass appends `-<Kubernetes version>` (imageName, imageAddVersion). */
export const NODE_IMAGE_BASE_NAME = 'ubuntu-capi-image';

/**
 * The prebuilt Ubuntu 24.04 images (OSISM's openstack-k8s-capi-images, as listed in upstream scs2's
 * openstack-image-manager file), one per Kubernetes release: `ubuntu-2404-kube-v<minor>/ubuntu-2404-kube-<release>.qcow2`.
 */
export const NODE_IMAGE_URL_BASE = 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images';

/**
 * sha256 of each release's qcow2, from upstream scs2's `kubernetes.yaml` (v1.33.7, v1.34.3 on `main`; v1.35.1 on
 * the `feat/new-releases-202602` branch). Releases missing here ship their URL without a checksum until one is
 * published; nothing is guessed.
 */
export const NODE_IMAGE_CHECKSUMS: Readonly<Record<string, string>> = {
  'v1.33.7': 'sha256:ccdc2649c06f4d81ec17d823cc43a88336799b4fffce7aef42340fcb42a1b774',
  'v1.34.3': 'sha256:b3c487345dd8ff2eea6ddd3e526d068abc3a59d40a994581f6dfc7be10df427b',
  'v1.35.1': 'sha256:5d424380e2fa85b7a51ad1e955e8efb09ca460b0e80d47cf2f36c02d94dc3f03',
};

/** The patch releases the node-image layer knows, oldest first (the patch release of every supported minor). */
export const NODE_IMAGE_RELEASES: readonly KubernetesVersion[] = [
  KubernetesVersion.V1_33,
  KubernetesVersion.V1_34,
  KubernetesVersion.V1_35,
  KubernetesVersion.V1_36,
];

/** The node image of a Kubernetes release: its name in Glance (and ORC), its download URL and, when known, its checksum. */
export function ubuntuNodeImage(version: KubernetesVersion): NodeImage {
  const checksum = NODE_IMAGE_CHECKSUMS[version.semver];
  return {
    kubernetesVersion: version,
    image: `${NODE_IMAGE_BASE_NAME}-${version.semver}`,
    url: `${NODE_IMAGE_URL_BASE}/ubuntu-2404-kube-v${version.minorDotted}/ubuntu-2404-kube-${version.semver}.qcow2`,
    ...(checksum ? { checksum } : {}),
  };
}

/**
 * Adds the node images a stack needs: its own release, and the known release of the previous minor, so
 * machines still on that version during an upgrade have their image listed too.
 */
export function addUbuntuNodeImages(nodeImages: NodeImages, version: KubernetesVersion): void {
  const previous = NODE_IMAGE_RELEASES.filter(
    (r) => r.major === version.major && r.minor === version.minor - 1,
  ).pop();
  for (const release of [previous, version]) {
    if (release) nodeImages.add(ubuntuNodeImage(release));
  }
}
