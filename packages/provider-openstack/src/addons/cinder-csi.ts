import { ContainerResources, toResourceRequirements, validateResources } from '@cluster-stacks/addons';
import { ClusterAddon, helmValue, invalidProp } from '@cluster-stacks/core';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import {
  checkPinnedImage,
  checkReleaseTag,
  CLOUDS_YAML_DIR,
  CLOUDS_YAML_SECRET,
  cloudConf,
  OPENSTACK_ADDON_VALUES,
  openstackAddonOverwrite,
} from './openstack-config';

/** The repository of the Cinder CSI plugin image; the tag is the cloud-provider-openstack release. */
export const CINDER_CSI_PLUGIN_REPOSITORY = 'registry.k8s.io/provider-os/cinder-csi-plugin';

/** The CSI driver name of Cinder. */
export const CINDER_CSI_DRIVER = 'cinder.csi.openstack.org';

/** The images of the Kubernetes CSI sidecars that run next to the Cinder CSI plugin. */
export interface CinderCsiSidecars {
  /** external-attacher: attaches volumes to servers for VolumeAttachments. */
  readonly attacher: string;
  /** external-provisioner: creates volumes for PersistentVolumeClaims. */
  readonly provisioner: string;
  /** external-snapshotter: creates volume snapshots for VolumeSnapshots. */
  readonly snapshotter: string;
  /** external-resizer: grows volumes when claims grow. */
  readonly resizer: string;
  /** livenessprobe: serves the plugin's health endpoint. */
  readonly livenessProbe: string;
  /** node-driver-registrar: registers the plugin with the kubelet of each node. */
  readonly nodeDriverRegistrar: string;
}

/** The release tag of each sidecar, e.g. `{ attacher: 'v4.10.0', … }` (a row of the stack's release matrix). */
export type CinderCsiSidecarTags = { readonly [K in keyof CinderCsiSidecars]: string };

/** The repository of the Kubernetes CSI sidecar images. */
export const CSI_SIDECAR_REGISTRY = 'registry.k8s.io/sig-storage';

/**
 * The sidecar images of the given tags. A Cinder CSI release is tested with the sidecars of its
 * openstack-cinder-csi chart; the stack's release matrix holds their tags per Kubernetes minor.
 */
export function cinderCsiSidecars(tags: CinderCsiSidecarTags): CinderCsiSidecars {
  const sig = CSI_SIDECAR_REGISTRY;
  return {
    attacher: `${sig}/csi-attacher:${tags.attacher}`,
    provisioner: `${sig}/csi-provisioner:${tags.provisioner}`,
    snapshotter: `${sig}/csi-snapshotter:${tags.snapshotter}`,
    resizer: `${sig}/csi-resizer:${tags.resizer}`,
    livenessProbe: `${sig}/livenessprobe:${tags.livenessProbe}`,
    nodeDriverRegistrar: `${sig}/csi-node-driver-registrar:${tags.nodeDriverRegistrar}`,
  };
}

/** Props of {@link CinderCsi}. */
export interface CinderCsiProps {
  /** Stage name of the addon (its chart directory in the addon archive). @default "csi" */
  readonly name?: string;
  /** The cloud-provider-openstack release whose plugin runs, e.g. `v1.35.0`. */
  readonly version: string;
  /** Plugin image, pinned by tag or digest. @default - `CINDER_CSI_PLUGIN_REPOSITORY:<version>` */
  readonly image?: string;
  /** Sidecar images, e.g. `cinderCsiSidecars(row.cinderCsiSidecars)` of the stack's release matrix row. */
  readonly sidecars: CinderCsiSidecars;
  /** Number of controller pods (they elect a leader). @default 1 */
  readonly controllerReplicas?: number;
  /** Make `csi-cinder-sc-delete` the cluster's default StorageClass. @default true */
  readonly defaultStorageClass?: boolean;
  /** Resource requests and limits of the plugin containers. @default - none */
  readonly resources?: ContainerResources;
}

const NAMESPACE = 'kube-system';
const CONTROLLER = 'openstack-cinder-csi-controllerplugin';
const NODE = 'openstack-cinder-csi-nodeplugin';
const CONTROLLER_SA = 'csi-cinder-controller-sa';
const NODE_SA = 'csi-cinder-node-sa';
const CONFIG_SECRET = 'cinder-csi-cloud-config';
const KUBELET_DIR = '/var/lib/kubelet';
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';
const SOCKET_DIR = '/var/lib/csi/sockets/pluginproxy/';
const LEASES = {
  apiGroups: ['coordination.k8s.io'],
  resources: ['leases'],
  verbs: ['get', 'watch', 'list', 'delete', 'update', 'create'],
};
const EVENTS = {
  apiGroups: [''],
  resources: ['events'],
  verbs: ['list', 'watch', 'create', 'update', 'patch'],
};

/**
 * Cinder CSI: PersistentVolumes on OpenStack block storage. A controller Deployment on the control-plane nodes
 * (plugin with attacher, provisioner, snapshotter, resizer and liveness probe) creates, attaches, snapshots and
 * grows volumes; a DaemonSet mounts them on every node. It ships the CSIDriver and two StorageClasses
 * (`csi-cinder-sc-delete`, the default, and `csi-cinder-sc-retain`), reads credentials from the `clouds-yaml`
 * Secret and tags volumes with the Cluster's name (from `overwrite.yaml`).
 */
export class CinderCsi extends ClusterAddon {
  /** The plugin image. */
  public readonly image: string;
  /** The sidecar images. */
  public readonly sidecars: CinderCsiSidecars;

  public constructor(scope: Construct, id: string, props: CinderCsiProps) {
    super(scope, id, {
      name: props.name ?? 'csi',
      description: 'Cinder CSI: PersistentVolumes on OpenStack block storage, with the default StorageClass',
      version: props.version,
      values: { ...OPENSTACK_ADDON_VALUES },
      overwrite: openstackAddonOverwrite(),
    });
    const where = this.node.path;
    checkReleaseTag(where, 'version', props.version);
    const image = props.image ?? `${CINDER_CSI_PLUGIN_REPOSITORY}:${props.version}`;
    checkPinnedImage(where, 'image', image, `${CINDER_CSI_PLUGIN_REPOSITORY}:${props.version}`);
    const chosen = props.sidecars;
    if (typeof chosen !== 'object' || chosen === null)
      throw invalidProp(
        where,
        'sidecars',
        chosen,
        'the sidecar images, e.g. cinderCsiSidecars(row.cinderCsiSidecars)',
      );
    for (const [name, sidecar] of Object.entries(chosen))
      checkPinnedImage(
        where,
        `sidecars.${name}`,
        sidecar,
        'registry.k8s.io/sig-storage/livenessprobe:v2.17.0',
      );
    const replicas = props.controllerReplicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 1)
      throw invalidProp(where, 'controllerReplicas', replicas, 'an integer ≥ 1');
    validateResources(where, 'resources', props.resources ?? {});
    this.image = image;
    this.sidecars = chosen;

    new k8s.KubeSecret(this.manifests, 'CloudConfig', {
      metadata: { name: CONFIG_SECRET, namespace: NAMESPACE },
      type: 'Opaque',
      stringData: { 'cloud.conf': cloudConf() },
    });
    this.addControllerRbac();
    this.addController(replicas, props.resources ?? {});
    this.addNodeRbac();
    this.addNode(props.resources ?? {});
    this.addDriverAndStorageClasses(props.defaultStorageClass ?? true);
  }

  private addControllerRbac(): void {
    const chart = this.manifests;
    new k8s.KubeServiceAccount(chart, 'ControllerServiceAccount', {
      metadata: { name: CONTROLLER_SA, namespace: NAMESPACE },
    });
    const roles: Record<string, k8s.PolicyRule[]> = {
      attacher: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
        {
          apiGroups: ['storage.k8s.io'],
          resources: ['volumeattachments'],
          verbs: ['get', 'list', 'watch', 'patch'],
        },
        { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['patch'] },
        LEASES,
      ],
      provisioner: [
        {
          apiGroups: [''],
          resources: ['persistentvolumes'],
          verbs: ['get', 'list', 'watch', 'create', 'delete', 'patch'],
        },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch', 'update'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: ['get', 'list', 'watch'] },
        EVENTS,
        {
          apiGroups: ['snapshot.storage.k8s.io'],
          resources: ['volumesnapshots', 'volumesnapshotcontents'],
          verbs: ['get', 'list'],
        },
        LEASES,
      ],
      snapshotter: [
        EVENTS,
        {
          apiGroups: ['snapshot.storage.k8s.io'],
          resources: ['volumesnapshotclasses'],
          verbs: ['get', 'list', 'watch'],
        },
        {
          apiGroups: ['snapshot.storage.k8s.io'],
          resources: ['volumesnapshotcontents'],
          verbs: ['create', 'get', 'list', 'watch', 'update', 'delete', 'patch'],
        },
        {
          apiGroups: ['snapshot.storage.k8s.io'],
          resources: ['volumesnapshotcontents/status'],
          verbs: ['update', 'patch'],
        },
        LEASES,
      ],
      resizer: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'patch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] },
        EVENTS,
        LEASES,
      ],
    };
    for (const [sidecar, rules] of Object.entries(roles)) {
      const name = `cinder-csi-${sidecar}`;
      const id = sidecar.charAt(0).toUpperCase() + sidecar.slice(1);
      new k8s.KubeClusterRole(chart, `${id}Role`, { metadata: { name }, rules });
      new k8s.KubeClusterRoleBinding(chart, `${id}Binding`, {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name: CONTROLLER_SA, namespace: NAMESPACE }],
      });
    }
  }

  private addController(replicas: number, resources: ContainerResources): void {
    const labels = { app: CONTROLLER };
    const socket = [{ name: 'socket-dir', mountPath: SOCKET_DIR }];
    const address = [{ name: 'ADDRESS', value: `${SOCKET_DIR}csi.sock` }];
    const sidecar = (name: string, image: string, args: string[]): k8s.Container => ({
      name,
      image,
      imagePullPolicy: 'IfNotPresent',
      args: ['-v=2', '--csi-address=$(ADDRESS)', ...args],
      env: address,
      volumeMounts: socket,
    });
    new k8s.KubeDeployment(this.manifests, 'Controller', {
      metadata: { name: CONTROLLER, namespace: NAMESPACE, labels },
      spec: {
        replicas,
        // Never below the wanted replicas while rolling: volumes could not be attached meanwhile.
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxUnavailable: k8s.IntOrString.fromNumber(0),
            maxSurge: k8s.IntOrString.fromNumber(1),
          },
        },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: CONTROLLER_SA,
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { [CONTROL_PLANE]: '' },
            tolerations: [
              { key: UNINITIALIZED, value: 'true', effect: 'NoSchedule' },
              { key: CONTROL_PLANE, effect: 'NoSchedule' },
            ],
            containers: [
              sidecar('csi-attacher', this.sidecars.attacher, [
                '--timeout=3m',
                '--leader-election=true',
                '--default-fstype=ext4',
              ]),
              sidecar('csi-provisioner', this.sidecars.provisioner, [
                '--timeout=3m',
                '--leader-election=true',
                '--default-fstype=ext4',
                '--feature-gates=Topology=true',
                '--extra-create-metadata',
              ]),
              sidecar('csi-snapshotter', this.sidecars.snapshotter, [
                '--timeout=3m',
                '--leader-election=true',
              ]),
              sidecar('csi-resizer', this.sidecars.resizer, [
                '--timeout=3m',
                '--handle-volume-inuse-error=false',
                '--leader-election=true',
              ]),
              sidecar('liveness-probe', this.sidecars.livenessProbe, []),
              {
                name: 'cinder-csi-plugin',
                image: this.image,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '/bin/cinder-csi-plugin',
                  '-v=2',
                  '--endpoint=$(CSI_ENDPOINT)',
                  '--cloud-config=$(CLOUD_CONFIG)',
                  '--cluster=$(CLUSTER_NAME)',
                  '--provide-node-service=false',
                ],
                env: [
                  { name: 'CSI_ENDPOINT', value: 'unix://csi/csi.sock' },
                  { name: 'CLOUD_CONFIG', value: '/etc/config/cloud.conf' },
                  { name: 'CLUSTER_NAME', value: helmValue('clusterName') },
                ],
                ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
                livenessProbe: healthProbe(),
                resources: toResourceRequirements(resources),
                volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }, ...configMounts()],
              },
            ],
            volumes: [{ name: 'socket-dir', emptyDir: {} }, ...configVolumes()],
          },
        },
      },
    });
  }

  private addNodeRbac(): void {
    const chart = this.manifests;
    new k8s.KubeServiceAccount(chart, 'NodeServiceAccount', {
      metadata: { name: NODE_SA, namespace: NAMESPACE },
    });
    new k8s.KubeClusterRole(chart, 'NodeRole', {
      metadata: { name: 'cinder-csi-nodeplugin' },
      rules: [
        {
          apiGroups: [''],
          resources: ['events'],
          verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
        },
      ],
    });
    new k8s.KubeClusterRoleBinding(chart, 'NodeBinding', {
      metadata: { name: 'cinder-csi-nodeplugin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cinder-csi-nodeplugin' },
      subjects: [{ kind: 'ServiceAccount', name: NODE_SA, namespace: NAMESPACE }],
    });
  }

  private addNode(resources: ContainerResources): void {
    const labels = { app: NODE };
    const pluginDir = `${KUBELET_DIR}/plugins/${CINDER_CSI_DRIVER}`;
    new k8s.KubeDaemonSet(this.manifests, 'Node', {
      metadata: { name: NODE, namespace: NAMESPACE, labels },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: NODE_SA,
            priorityClassName: 'system-node-critical',
            hostNetwork: true,
            dnsPolicy: 'ClusterFirstWithHostNet',
            // Volumes must be mountable on every node, whatever its taints.
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'node-driver-registrar',
                image: this.sidecars.nodeDriverRegistrar,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '-v=2',
                  '--csi-address=$(ADDRESS)',
                  '--kubelet-registration-path=$(DRIVER_REG_SOCK_PATH)',
                ],
                env: [
                  { name: 'ADDRESS', value: '/csi/csi.sock' },
                  { name: 'DRIVER_REG_SOCK_PATH', value: `${pluginDir}/csi.sock` },
                  { name: 'KUBE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                ],
                volumeMounts: [
                  { name: 'socket-dir', mountPath: '/csi' },
                  { name: 'registration-dir', mountPath: '/registration' },
                ],
              },
              {
                name: 'liveness-probe',
                image: this.sidecars.livenessProbe,
                imagePullPolicy: 'IfNotPresent',
                args: ['-v=2', '--csi-address=/csi/csi.sock'],
                volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }],
              },
              {
                name: 'cinder-csi-plugin',
                image: this.image,
                imagePullPolicy: 'IfNotPresent',
                // Mounting block devices into pods' volumes needs the host's mount namespace and devices.
                securityContext: {
                  privileged: true,
                  capabilities: { add: ['SYS_ADMIN'] },
                  allowPrivilegeEscalation: true,
                },
                args: [
                  '/bin/cinder-csi-plugin',
                  '-v=2',
                  '--endpoint=$(CSI_ENDPOINT)',
                  '--provide-controller-service=false',
                  '--cloud-config=$(CLOUD_CONFIG)',
                ],
                env: [
                  { name: 'CSI_ENDPOINT', value: 'unix://csi/csi.sock' },
                  { name: 'CLOUD_CONFIG', value: '/etc/config/cloud.conf' },
                ],
                ports: [{ name: 'healthz', containerPort: 9808, protocol: 'TCP' }],
                livenessProbe: healthProbe(),
                resources: toResourceRequirements(resources),
                volumeMounts: [
                  { name: 'socket-dir', mountPath: '/csi' },
                  { name: 'kubelet-dir', mountPath: KUBELET_DIR, mountPropagation: 'Bidirectional' },
                  { name: 'pods-probe-dir', mountPath: '/dev', mountPropagation: 'HostToContainer' },
                  ...configMounts(),
                ],
              },
            ],
            volumes: [
              { name: 'socket-dir', hostPath: { path: pluginDir, type: 'DirectoryOrCreate' } },
              {
                name: 'registration-dir',
                hostPath: { path: `${KUBELET_DIR}/plugins_registry/`, type: 'Directory' },
              },
              { name: 'kubelet-dir', hostPath: { path: KUBELET_DIR, type: 'Directory' } },
              { name: 'pods-probe-dir', hostPath: { path: '/dev', type: 'Directory' } },
              ...configVolumes(),
            ],
          },
        },
      },
    });
  }

  private addDriverAndStorageClasses(defaultClass: boolean): void {
    const chart = this.manifests;
    new k8s.KubeCsiDriver(chart, 'Driver', {
      metadata: { name: CINDER_CSI_DRIVER },
      spec: { attachRequired: true, podInfoOnMount: true, volumeLifecycleModes: ['Persistent', 'Ephemeral'] },
    });
    new k8s.KubeStorageClass(chart, 'DeleteClass', {
      metadata: {
        name: 'csi-cinder-sc-delete',
        ...(defaultClass ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
      },
      provisioner: CINDER_CSI_DRIVER,
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
    });
    new k8s.KubeStorageClass(chart, 'RetainClass', {
      metadata: { name: 'csi-cinder-sc-retain' },
      provisioner: CINDER_CSI_DRIVER,
      reclaimPolicy: 'Retain',
      allowVolumeExpansion: true,
    });
  }
}

function healthProbe(): k8s.Probe {
  return {
    httpGet: { path: '/healthz', port: k8s.IntOrString.fromString('healthz') },
    initialDelaySeconds: 10,
    timeoutSeconds: 10,
    periodSeconds: 60,
    failureThreshold: 5,
  };
}

function configMounts(): k8s.VolumeMount[] {
  return [
    { name: 'cloud-config', mountPath: '/etc/config', readOnly: true },
    { name: CLOUDS_YAML_SECRET, mountPath: CLOUDS_YAML_DIR, readOnly: true },
  ];
}

function configVolumes(): k8s.Volume[] {
  return [
    { name: 'cloud-config', secret: { secretName: CONFIG_SECRET } },
    { name: CLOUDS_YAML_SECRET, secret: { secretName: CLOUDS_YAML_SECRET } },
  ];
}
