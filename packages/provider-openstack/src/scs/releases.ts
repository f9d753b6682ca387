import { field, ReleaseMatrix, ReleaseRow } from '@cluster-stacks/core';
import type { CinderCsiSidecarTags } from '../addons/cinder-csi';
import rows from './releases.json';

/** What one Kubernetes minor of the openstack/scs stack ships. */
export interface OpenStackScsRelease extends ReleaseRow {
  /**
   * sha256 of the node image's qcow2, or `null` in the data while upstream publishes none (the release then
   * ships the URL without a checksum; nothing is guessed).
   */
  readonly nodeImageChecksum: string | undefined;
  /**
   * Release of kubernetes/cloud-provider-openstack whose cloud controller manager runs (image tag). Its
   * releases follow the Kubernetes minors: v1.35.x is built for Kubernetes 1.35.
   */
  readonly cloudControllerManager: string;
  /** Release of kubernetes/cloud-provider-openstack whose Cinder CSI plugin runs (image tag). */
  readonly cinderCsi: string;
  /** Tags of the CSI sidecars that run next to the Cinder CSI plugin: the defaults of its chart. */
  readonly cinderCsiSidecars: CinderCsiSidecarTags;
  /** Version of the Cilium Helm chart (https://helm.cilium.io/) the CNI addon depends on. */
  readonly cilium: string;
  /** sha256 of that chart archive as the chart index lists it, so releases can ship the verified chart. */
  readonly ciliumDigest: string;
  /**
   * The CoreDNS image tag that kubeadm of this release deploys (`kubeadm config images list`). The control plane
   * names it, because KubeadmControlPlane upgrades CoreDNS only to a tag its configuration names: without it, a
   * Cluster keeps the CoreDNS of the minor it was created with through every upgrade.
   */
  readonly coreDNS: string;
}

/**
 * The version matrix of openstack/scs: one row per Kubernetes minor in `releases.json`. Where the versions
 * come from:
 *
 * - Cluster API minimum: the Cluster API release notes (v1.10 manages workload clusters up to 1.33, v1.12 up to
 *   1.35, v1.13 up to 1.36).
 * - Node image checksums: upstream scs2's `kubernetes.yaml` (v1.33.7, v1.34.3 on `main`; v1.35.1 on the
 *   `feat/new-releases-202602` branch); none is published for v1.36.1 yet.
 * - Cloud controller manager and Cinder CSI: the newest chart of each minor in the cloud-provider-openstack
 *   chart index (gh-pages `index.yaml`): openstack-cloud-controller-manager 2.33.1, 2.34.2, 2.35.0, 2.36.0 and
 *   openstack-cinder-csi 2.33.1, 2.34.3, 2.35.0, 2.36.0, whose appVersions are the image tags (the 2.34 charts
 *   run v1.34.1). Upstream scs2 pins the same 2.33.1 and 2.34.2/2.34.3 charts. The CSI sidecars are the defaults
 *   of those openstack-cinder-csi charts (2.33.1 for v1.33.1; the sidecar bump of 2.34.3, kept by 2.35.0 and
 *   2.36.0, for the rest).
 * - Cilium: the newest patch of the newest Cilium minor whose end-to-end tested Kubernetes releases include
 *   the minor (Cilium 1.19: 1.32 to 1.35, per its Kubernetes compatibility page), from the chart index of
 *   helm.cilium.io (github.com/cilium/charts, 1.19.6 of 2026-07-16). Kubernetes 1.36 is not in the 1.19 list,
 *   so it gets Cilium 1.20.0 (2026-07-29), the first release branched after Kubernetes 1.36. The digests are
 *   those of the chart archives in that index.
 *
 * A bump is one field of a row, then `npm run render`; a new minor is
 * `npx nx g @cluster-stacks/nx-plugin:minor --provider openstack --stack scs --minor 1-NN` plus the row's values.
 */
export const OPENSTACK_SCS_RELEASES = ReleaseMatrix.fromData<OpenStackScsRelease>('openstack/scs', rows, {
  kubernetes: field.kubernetesRelease(),
  capi: field.capiVersion(),
  kubernetesSchema: field.releaseTag(),
  clusterApiMinimum: field.releaseLine(),
  nodeImageChecksum: field.digestOrNone(),
  cloudControllerManager: field.releaseTag(),
  cinderCsi: field.releaseTag(),
  cinderCsiSidecars: field.record<CinderCsiSidecarTags>({
    attacher: field.releaseTag(),
    provisioner: field.releaseTag(),
    snapshotter: field.releaseTag(),
    resizer: field.releaseTag(),
    livenessProbe: field.releaseTag(),
    nodeDriverRegistrar: field.releaseTag(),
  }),
  cilium: field.version(),
  ciliumDigest: field.digest(),
  coreDNS: field.releaseTag(),
});
