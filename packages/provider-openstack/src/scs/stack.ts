import { KubeletServingCertApprover, MetricsServer } from '@cluster-stacks/addons';
import {
  ClusterClassObject,
  ClusterStack,
  invalidProp,
  KubernetesVersion,
  NodeImage,
  CLUSTER_STACK_OPERATOR_REQUIREMENT,
  clusterApiRequirement,
} from '@cluster-stacks/core';
import { Cilium } from '../addons/cilium';
import { CinderCsi, cinderCsiSidecars } from '../addons/cinder-csi';
import { OpenStackCloudControllerManager } from '../addons/cloud-controller-manager';
import { MetadataServicePolicy } from '../addons/metadata-service-policy';
import { orc } from '../imports';
import { addOpenStackScsClusterClass } from './cluster-class';
import { addOpenStackScsExamples } from './examples';
import { addUbuntuNodeImages } from './node-images';
import { OPENSTACK_SCS_RELEASES } from './releases';
import { OpenStackScsVariables } from './variables';

/** The Secret and clouds.yaml entry ORC uses to upload the node image. */
export interface OrcCredentials {
  /** Secret in the ClusterStack's namespace with a `clouds.yaml` key. @default "openstack" */
  readonly secretName?: string;
  /** Entry of that clouds.yaml. @default "openstack" */
  readonly cloudName?: string;
}

/** Options of {@link openstackScsStack}. */
export interface OpenStackScsStackOptions {
  /**
   * Ship an ORC `Image` of the stack's node image in the cluster-class chart, so ORC uploads it into the
   * project when CSO installs the release (CSO then needs RBAC for `openstack.k-orc.cloud/images`). Off as
   * upstream, which ships the Image separately.
   * @default false
   */
  readonly orcImage?: boolean;
  /** Credentials of the ORC Image. @default - Secret "openstack", cloud "openstack" */
  readonly orcCredentials?: OrcCredentials;
  /**
   * Ship Cilium as the CNI. Turn it off to bring another CNI (e.g. with a ClusterResourceSet); the security
   * group rules for Cilium's ports stay.
   * @default true
   */
  readonly cilium?: boolean;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Changes existing Clusters notice when they move to this stack, made on purpose (hardening, second pass):
 * kubelets read every setting from KubeletConfiguration patches, evict on every signal at the kubelet's
 * defaults (memory included), and the API server answers anonymous requests only on its health endpoints and
 * cluster-info (OIDC moves from flags into the authentication configuration). The control plane names the
 * release's CoreDNS tag, so an upgrade of an existing Cluster now moves its CoreDNS too. Bootstrap tokens,
 * workers' included, can no longer read the encryption key, and new Clusters use secretbox
 * (docs/encryption-at-rest.md). Pods off the host network lose the metadata service unless a Cluster sets
 * blockMetadataService to false: it serves the nodes' bootstrap data, bootstrap tokens included.
 */
export const OPENSTACK_SCS_ACKNOWLEDGED_BREAKING_CHANGES: readonly string[] = [
  'behaviour:anonymousRequests',
  'behaviour:coreDNSUpgrade',
  'behaviour:encryptionKeyAccess',
  'behaviour:evictionHard',
  'behaviour:kubeletSettings',
  'behaviour:metadataService',
];

/**
 * The ORC Image of a node image: ORC downloads it from its URL (checked against its checksum when known) and
 * uploads it to Glance under the image's name, which is what the ClusterClass looks up (`imageName` with
 * `imageAddVersion`). Hardware properties as upstream scs2's image.yaml.
 */
export function orcImageBody(
  image: NodeImage,
  credentials: Required<OrcCredentials>,
): Record<string, unknown> {
  const Bus = orc.ImageSpecResourcePropertiesHardwareDiskBus;
  const hash = image.checksum?.replace(/^sha256:/, '');
  const spec: orc.ImageSpec = {
    cloudCredentialsRef: { secretName: credentials.secretName, cloudName: credentials.cloudName },
    managementPolicy: orc.ImageSpecManagementPolicy.MANAGED,
    resource: {
      name: image.image,
      visibility: orc.ImageSpecResourceVisibility.PRIVATE,
      properties: {
        architecture: orc.ImageSpecResourcePropertiesArchitecture.X86_UNDERSCORE_64,
        hardware: {
          diskBus: Bus.SCSI,
          scsiModel: orc.ImageSpecResourcePropertiesHardwareScsiModel.VIRTIO_HYPHEN_SCSI,
          vifModel: orc.ImageSpecResourcePropertiesHardwareVifModel.VIRTIO,
          qemuGuestAgent: true,
          rngModel: 'virtio',
        },
        minDiskGb: 20,
        minMemoryMb: 2048,
        operatingSystem: {
          distro: orc.ImageSpecResourcePropertiesOperatingSystemDistro.UBUNTU,
          version: '24.04',
        },
      },
      content: {
        diskFormat: orc.ImageSpecResourceContentDiskFormat.QCOW2,
        download: {
          url: image.url ?? '',
          ...(hash
            ? { hash: { algorithm: orc.ImageSpecResourceContentDownloadHashAlgorithm.SHA256, value: hash } }
            : {}),
        },
      },
    },
  };
  return { spec: orc.toJson_ImageSpec(spec) };
}

/**
 * The openstack/scs cluster stack for one Kubernetes minor (`1.35`, or the row's release), built from its row of
 * {@link OPENSTACK_SCS_RELEASES}: CAPO servers from the prebuilt Ubuntu node
 * images, the scs2 ClusterClass variables, the hardening profile, and the addons Cilium, the kubelet
 * serving-certificate approver, metrics-server, Cinder CSI, the OpenStack cloud controller manager and the
 * Cilium policy that keeps Pods from the metadata service.
 */
export function openstackScsStack(
  minor: string | KubernetesVersion,
  options: OpenStackScsStackOptions = {},
): ClusterStack {
  const release = OPENSTACK_SCS_RELEASES.row(minor);
  const kubernetesVersion = release.kubernetes;
  const stack = new ClusterStack({
    provider: 'openstack',
    name: 'scs',
    kubernetesVersion,
    capiVersion: release.capi,
    description: `SCS cluster stack for Cluster API OpenStack (CAPO), Kubernetes ${kubernetesVersion.minorDotted}`,
    acknowledgedBreakingChanges: OPENSTACK_SCS_ACKNOWLEDGED_BREAKING_CHANGES,
    management: [
      clusterApiRequirement(release.clusterApiMinimum),
      {
        component: 'CAPO',
        versions: '≥ v0.14',
        reason: 'the templates set identityRef.type, which CAPO requires from v0.14 on',
      },
      {
        component: 'ORC (openstack-resource-controller)',
        versions: 'the release that the CAPO release requires',
        reason:
          'machine templates can reference node images as ORC Image objects (imageRef), and CAPO depends on ORC',
      },
      CLUSTER_STACK_OPERATOR_REQUIREMENT,
    ],
  });
  const credentials = {
    secretName: options.orcCredentials?.secretName ?? 'openstack',
    cloudName: options.orcCredentials?.cloudName ?? 'openstack',
  };
  for (const [prop, value] of [
    ['orcCredentials.secretName', credentials.secretName],
    ['orcCredentials.cloudName', credentials.cloudName],
  ] as const) {
    if (!DNS_SUBDOMAIN.test(value) && prop.endsWith('secretName'))
      throw invalidProp('openstackScsStack', prop, value, 'a Secret name (lowercase DNS subdomain)');
    if (value.trim() === '') throw invalidProp('openstackScsStack', prop, value, 'a clouds.yaml entry name');
  }

  addUbuntuNodeImages(stack.nodeImages, release, OPENSTACK_SCS_RELEASES.previous(minor));
  addOpenStackScsClusterClass(stack, release);
  addOpenStackScsExamples(stack);
  if (options.orcImage ?? false) {
    const image = stack.nodeImages.forVersion(kubernetesVersion);
    new ClusterClassObject(stack, 'NodeImage', {
      apiVersion: 'openstack.k-orc.cloud/v1alpha1',
      kind: 'Image',
      nameSuffix: image.image,
      body: orcImageBody(image, credentials),
    });
  }

  // Stages in upstream scs2's order, with the approver the hardening profile needs before metrics-server; CSO
  // applies them one after the other without waiting.
  if (options.cilium ?? true)
    new Cilium(stack, 'Cni', { chartVersion: release.cilium, chartDigest: release.ciliumDigest });
  new KubeletServingCertApprover(stack, 'KubeletServingCertApprover');
  // Kubelets serve certificates of the cluster CA (rotate-server-certificates, approved above): verify them.
  new MetricsServer(stack, 'MetricsServer', { kubeletInsecureTls: false });
  new CinderCsi(stack, 'Csi', {
    version: release.cinderCsi,
    sidecars: cinderCsiSidecars(release.cinderCsiSidecars),
  });
  new OpenStackCloudControllerManager(stack, 'Ccm', { version: release.cloudControllerManager });
  // Last: it waits for Cilium's CRD, and only Cilium enforces it (another CNI would never register the CRD).
  if (options.cilium ?? true) {
    const variable: keyof OpenStackScsVariables = 'blockMetadataService';
    new MetadataServicePolicy(stack, 'MetadataServicePolicy', { variable });
    stack.recordBehaviour(
      'metadataService',
      'Pods off the host network cannot reach the metadata service at 169.254.169.254 unless blockMetadataService is false',
    );
  }
  return stack;
}
