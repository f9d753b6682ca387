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

/** The repository of the OpenStack cloud controller manager image; the tag is the cloud-provider-openstack release. */
export const CLOUD_CONTROLLER_MANAGER_REPOSITORY =
  'registry.k8s.io/provider-os/openstack-cloud-controller-manager';

/** The controllers the cloud controller manager runs unless told otherwise (those of the upstream chart). */
export const CLOUD_CONTROLLER_MANAGER_CONTROLLERS: readonly string[] = [
  'cloud-node',
  'cloud-node-lifecycle',
  'route',
  'service',
];

/** Resources of the container when `resources` is not given. */
export const CLOUD_CONTROLLER_MANAGER_DEFAULT_RESOURCES: ContainerResources = {
  requests: { cpu: '100m', memory: '128Mi' },
};

const NAME = 'openstack-cloud-controller-manager';
const SERVICE_ACCOUNT = 'cloud-controller-manager';
const ROLE = 'system:cloud-controller-manager';
const CONFIG_SECRET = 'cloud-controller-manager-config';
const NAMESPACE = 'kube-system';
const LABELS = { 'k8s-app': NAME };
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';

/** Props of {@link OpenStackCloudControllerManager}. */
export interface OpenStackCloudControllerManagerProps {
  /** Stage name of the addon (its chart directory in the addon archive). @default "ccm" */
  readonly name?: string;
  /** The cloud-provider-openstack release to run, e.g. `v1.35.0` (follows the Kubernetes minor). */
  readonly version: string;
  /** Container image, pinned by tag or digest. @default - `CLOUD_CONTROLLER_MANAGER_REPOSITORY:<version>` */
  readonly image?: string;
  /** Controllers to run. @default CLOUD_CONTROLLER_MANAGER_CONTROLLERS */
  readonly controllers?: readonly string[];
  /** Resource requests and limits of the container. @default CLOUD_CONTROLLER_MANAGER_DEFAULT_RESOURCES */
  readonly resources?: ContainerResources;
}

/**
 * The OpenStack cloud controller manager: initializes nodes (provider ID, addresses, zone), removes nodes whose
 * servers are gone and creates Octavia load balancers for Services of type LoadBalancer. It runs on the
 * control-plane nodes, on the host network and with the node's DNS (CoreDNS cannot run before nodes are
 * initialized), and reads its credentials from the `clouds-yaml` Secret. The cluster name and the
 * clouds.yaml entry come from the Cluster through `overwrite.yaml`.
 */
export class OpenStackCloudControllerManager extends ClusterAddon {
  /** The image the DaemonSet runs. */
  public readonly image: string;

  public constructor(scope: Construct, id: string, props: OpenStackCloudControllerManagerProps) {
    super(scope, id, {
      name: props.name ?? 'ccm',
      description:
        'OpenStack cloud controller manager: node initialization and lifecycle, Octavia load balancers for Services',
      version: props.version,
      values: { ...OPENSTACK_ADDON_VALUES },
      overwrite: openstackAddonOverwrite(),
    });
    const where = this.node.path;
    checkReleaseTag(where, 'version', props.version);
    const image = props.image ?? `${CLOUD_CONTROLLER_MANAGER_REPOSITORY}:${props.version}`;
    checkPinnedImage(where, 'image', image, `${CLOUD_CONTROLLER_MANAGER_REPOSITORY}:${props.version}`);
    const controllers = props.controllers ?? CLOUD_CONTROLLER_MANAGER_CONTROLLERS;
    if (controllers.length === 0 || controllers.some((c) => !/^-?[a-z][-a-z]*$|^\*$/.test(c))) {
      throw invalidProp(
        where,
        'controllers',
        controllers,
        'at least one controller name such as "cloud-node" ("-name" disables one, "*" enables all)',
      );
    }
    const resources = props.resources ?? CLOUD_CONTROLLER_MANAGER_DEFAULT_RESOURCES;
    validateResources(where, 'resources', resources);
    this.image = image;

    this.addRbac();
    new k8s.KubeSecret(this.manifests, 'CloudConfig', {
      metadata: { name: CONFIG_SECRET, namespace: NAMESPACE, labels: LABELS },
      type: 'Opaque',
      stringData: { 'cloud.conf': cloudConf() },
    });
    this.addDaemonSet(controllers, resources);
  }

  private addRbac(): void {
    const chart = this.manifests;
    new k8s.KubeServiceAccount(chart, 'ServiceAccount', {
      metadata: { name: SERVICE_ACCOUNT, namespace: NAMESPACE, labels: LABELS },
    });
    // What the controllers touch: nodes (initialization and deletion), Services and their status (load
    // balancers), leader election, events, and the tokens of its own service account.
    new k8s.KubeClusterRole(chart, 'ClusterRole', {
      metadata: { name: ROLE, labels: LABELS },
      rules: [
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
        { apiGroups: [''], resources: ['nodes'], verbs: ['*'] },
        { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['services'], verbs: ['list', 'patch', 'update', 'watch'] },
        { apiGroups: [''], resources: ['services/status'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
        { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['create', 'get'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['*'] },
        { apiGroups: [''], resources: ['endpoints'], verbs: ['create', 'get', 'list', 'watch', 'update'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['secrets'], verbs: ['list', 'get', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(chart, 'ClusterRoleBinding', {
      metadata: { name: ROLE, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ROLE },
      subjects: [{ kind: 'ServiceAccount', name: SERVICE_ACCOUNT, namespace: NAMESPACE }],
    });
  }

  private addDaemonSet(controllers: readonly string[], resources: ContainerResources): void {
    new k8s.KubeDaemonSet(this.manifests, 'DaemonSet', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
      spec: {
        selector: { matchLabels: LABELS },
        updateStrategy: { type: 'RollingUpdate' },
        template: {
          metadata: { labels: LABELS },
          spec: {
            serviceAccountName: SERVICE_ACCOUNT,
            priorityClassName: 'system-cluster-critical',
            hostNetwork: true,
            // The node's resolver: cluster DNS needs initialized nodes, which this pod provides.
            dnsPolicy: 'Default',
            nodeSelector: { [CONTROL_PLANE]: '' },
            tolerations: [
              { key: UNINITIALIZED, value: 'true', effect: 'NoSchedule' },
              { key: CONTROL_PLANE, effect: 'NoSchedule' },
            ],
            securityContext: { runAsUser: 1001 },
            containers: [
              {
                name: NAME,
                image: this.image,
                imagePullPolicy: 'IfNotPresent',
                args: [
                  '/bin/openstack-cloud-controller-manager',
                  '--v=2',
                  '--cloud-config=$(CLOUD_CONFIG)',
                  '--cluster-name=$(CLUSTER_NAME)',
                  '--cloud-provider=openstack',
                  '--use-service-account-credentials=false',
                  `--controllers=${controllers.join(',')}`,
                  '--bind-address=127.0.0.1',
                ],
                env: [
                  { name: 'CLOUD_CONFIG', value: '/etc/config/cloud.conf' },
                  { name: 'CLUSTER_NAME', value: helmValue('clusterName') },
                ],
                resources: toResourceRequirements(resources),
                volumeMounts: [
                  { name: 'cloud-config', mountPath: '/etc/config', readOnly: true },
                  { name: CLOUDS_YAML_SECRET, mountPath: CLOUDS_YAML_DIR, readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'cloud-config', secret: { secretName: CONFIG_SECRET } },
              { name: CLOUDS_YAML_SECRET, secret: { secretName: CLOUDS_YAML_SECRET } },
            ],
          },
        },
      },
    });
  }
}
