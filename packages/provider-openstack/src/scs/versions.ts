import { CapiVersion, KubernetesVersion, StackDefinitionError } from '@cluster-stacks/core';

/** What one Kubernetes minor of the openstack/scs stack ships. */
export interface OpenStackScsRelease {
  /** The Kubernetes patch release the stack is built and tested with. */
  readonly kubernetes: KubernetesVersion;
  /** The Cluster API version the release ships its ClusterClass in. */
  readonly capi: CapiVersion;
  /**
   * Release of kubernetes/cloud-provider-openstack whose cloud controller manager runs (image tag). Its
   * releases follow the Kubernetes minors: v1.35.x is built for Kubernetes 1.35.
   */
  readonly cloudControllerManager: string;
  /** Release of kubernetes/cloud-provider-openstack whose Cinder CSI plugin runs (image tag). */
  readonly cinderCsi: string;
  /** Version of the Cilium Helm chart (https://helm.cilium.io/) the CNI addon depends on. */
  readonly cilium: string;
  /** sha256 of that chart archive as the chart index lists it, so releases can ship the verified chart. */
  readonly ciliumDigest: string;
}

/** Digests of the Cilium chart archives, from the helm.cilium.io index. */
const CILIUM_DIGESTS: Readonly<Record<string, string>> = {
  '1.19.6': 'sha256:21c43cf53841f9ab0375047d95aa4c64051ea52bbd2c679416e6408f5f1c9179',
  '1.20.0': 'sha256:c5f013912360d1a334f44ef25f36da59ba3414cdb48f466ee12d0c4fdff27883',
};

/**
 * The version matrix of openstack/scs, one row per Kubernetes minor. Where the versions come from:
 *
 * - Kubernetes: the patch releases of {@link KubernetesVersion}.
 * - Cloud controller manager and Cinder CSI: the newest chart of each minor in the cloud-provider-openstack
 *   chart index (gh-pages `index.yaml`): openstack-cloud-controller-manager 2.33.1, 2.34.2, 2.35.0, 2.36.0 and
 *   openstack-cinder-csi 2.33.1, 2.34.3, 2.35.0, 2.36.0, whose appVersions are the image tags below (the
 *   2.34 charts run v1.34.1). Upstream scs2 pins the same 2.33.1 and 2.34.2/2.34.3 charts.
 * - Cilium: the newest patch of the newest Cilium minor whose end-to-end tested Kubernetes releases include
 *   the minor (Cilium 1.19: 1.32 to 1.35, per its Kubernetes compatibility page), from the chart index of
 *   helm.cilium.io (github.com/cilium/charts, 1.19.6 of 2026-07-16). Kubernetes 1.36 is not in the 1.19 list,
 *   so it gets Cilium 1.20.0 (2026-07-29), the first release branched after Kubernetes 1.36.
 *
 * A bump is one line here, then `npm run render`.
 */
export const OPENSTACK_SCS_RELEASES: Readonly<Record<string, OpenStackScsRelease>> = {
  '1-33': {
    kubernetes: KubernetesVersion.V1_33,
    capi: CapiVersion.V1BETA1,
    cloudControllerManager: 'v1.33.1',
    cinderCsi: 'v1.33.1',
    cilium: '1.19.6',
    ciliumDigest: CILIUM_DIGESTS['1.19.6'],
  },
  '1-34': {
    kubernetes: KubernetesVersion.V1_34,
    capi: CapiVersion.V1BETA1,
    cloudControllerManager: 'v1.34.1',
    cinderCsi: 'v1.34.1',
    cilium: '1.19.6',
    ciliumDigest: CILIUM_DIGESTS['1.19.6'],
  },
  '1-35': {
    kubernetes: KubernetesVersion.V1_35,
    capi: CapiVersion.V1BETA1,
    cloudControllerManager: 'v1.35.0',
    cinderCsi: 'v1.35.0',
    cilium: '1.19.6',
    ciliumDigest: CILIUM_DIGESTS['1.19.6'],
  },
  '1-36': {
    kubernetes: KubernetesVersion.V1_36,
    capi: CapiVersion.V1BETA1,
    cloudControllerManager: 'v1.36.0',
    cinderCsi: 'v1.36.0',
    cilium: '1.20.0',
    ciliumDigest: CILIUM_DIGESTS['1.20.0'],
  },
};

/** The matrix row of a Kubernetes release's minor; an error naming the supported minors when there is none. */
export function openstackScsRelease(kubernetesVersion: KubernetesVersion): OpenStackScsRelease {
  const release = OPENSTACK_SCS_RELEASES[kubernetesVersion.minorDashed];
  if (!release) {
    throw new StackDefinitionError(
      `openstackScsStack: Kubernetes ${kubernetesVersion.minorDotted} is not in OPENSTACK_SCS_RELEASES (supported: ${Object.keys(
        OPENSTACK_SCS_RELEASES,
      )
        .map((m) => m.replace('-', '.'))
        .join(', ')}): add a row with its cloud-provider-openstack and Cilium versions.`,
    );
  }
  return release;
}
