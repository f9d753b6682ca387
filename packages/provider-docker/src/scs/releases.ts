import { field, ReleaseMatrix, ReleaseRow } from '@cluster-stacks/core';
import rows from './releases.json';

/** The repository of the node images. */
export const KINDEST_NODE_REPOSITORY = 'kindest/node';

/** What one Kubernetes minor of the docker/scs stack ships. */
export interface DockerScsRelease extends ReleaseRow {
  /**
   * The `kindest/node:v<kubernetes>` image pinned by digest, from the kind release notes (kind v0.31.0 for
   * 1.33.7, 1.34.3 and 1.35.1; v0.32.0 for 1.36.1).
   */
  readonly nodeImage: string;
  /**
   * The CoreDNS image tag that kubeadm of this release deploys (`kubeadm config images list`). The control plane
   * names it, because KubeadmControlPlane upgrades CoreDNS only to a tag its configuration names: without it, a
   * Cluster keeps the CoreDNS of the minor it was created with through every upgrade.
   */
  readonly coreDNS: string;
}

/**
 * The version matrix of docker/scs: one row per Kubernetes minor in `releases.json`. The CAPI rendering is
 * v1beta1 throughout: it is what CSO v0.2 (CAPI v1.8 libraries) and `clusterctl alpha topology plan`
 * understand; both versions are rendered and validated for every minor. The Cluster API minimum of each minor
 * comes from the Cluster API release notes (v1.10 manages workload clusters up to 1.33, v1.12 up to 1.35, v1.13 up
 * to 1.36). A new minor is
 * `npx nx g @cluster-stacks/nx-plugin:minor --provider docker --stack scs --minor 1-NN` plus the row's digest.
 */
export const DOCKER_SCS_RELEASES = ReleaseMatrix.fromData<DockerScsRelease>(
  'docker/scs',
  rows,
  {
    kubernetes: field.kubernetesRelease(),
    capi: field.capiVersion(),
    kubernetesSchema: field.releaseTag(),
    clusterApiMinimum: field.releaseLine(),
    nodeImage: field.pinnedImage(),
    coreDNS: field.releaseTag(),
  },
  (row) =>
    row.nodeImage.startsWith(`${KINDEST_NODE_REPOSITORY}:${row.kubernetes.semver}@`)
      ? undefined
      : `field "nodeImage" is ${JSON.stringify(row.nodeImage)}: expected ${KINDEST_NODE_REPOSITORY}:${row.kubernetes.semver}@sha256:…`,
);
