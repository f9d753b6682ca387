import { ClusterAddon, helmValue, invalidProp } from '@cluster-stacks/core';
import { k8s } from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { imageExpectation, isCidr, parsePinnedImage } from './validation';

/**
 * The kindnetd image that kind v0.31.0 installs as its default CNI (`kindnetdImage` in
 * `pkg/build/nodeimage/const_cni.go` at the v0.31.0 tag). This kindnetd also runs a network policy
 * controller (kube-network-policies v0.8.0), so it lists and watches NetworkPolicies, and it never
 * patches or updates Nodes.
 */
export const KINDNETD_IMAGE = 'docker.io/kindest/kindnetd:v20251212-v0.29.0-alpha-105-g20ccfc88';

/** The kind release whose kindnetd this addon ships. */
export const KINDNET_KIND_VERSION = 'v0.31.0';

/** The pod subnet used when the Cluster does not set `spec.clusterNetwork.pods.cidrBlocks` (kind's default). */
export const KINDNET_DEFAULT_POD_SUBNET = '10.244.0.0/16';

const NAME = 'kindnet';
const NAMESPACE = 'kube-system';
const LABELS = { app: NAME, 'k8s-app': NAME, tier: 'node' };

/** Props of {@link Kindnet}. */
export interface KindnetProps {
  /** Stage name of the addon (its chart directory in the addon archive). @default "cni" */
  readonly name?: string;
  /** Container image, registry and repository pinned by tag or digest. @default KINDNETD_IMAGE */
  readonly image?: string;
  /**
   * Pod subnet for Clusters without `spec.clusterNetwork.pods.cidrBlocks`; a Cluster that sets them uses
   * the first block instead. @default KINDNET_DEFAULT_POD_SUBNET
   */
  readonly defaultPodSubnet?: string;
}

/**
 * The overwrite template of the kindnet stage: CSO renders it against the Cluster, and its `values` key
 * becomes the Helm values. It reads the pod subnet with `dig`, so a Cluster without `clusterNetwork` (or
 * without pod CIDR blocks) gets the default instead of failing the stage.
 */
export function kindnetOverwrite(defaultPodSubnet: string): string {
  return [
    '{{- /* podSubnet: the first pod CIDR block of the Cluster, or the default when it sets none. */}}',
    `{{- $podSubnet := ${JSON.stringify(defaultPodSubnet)} }}`,
    '{{- with dig "spec" "clusterNetwork" "pods" "cidrBlocks" (list) .Cluster }}',
    '{{- $podSubnet = first . }}',
    '{{- end }}',
    'values: |',
    '  podSubnet: {{ $podSubnet | quote }}',
    '',
  ].join('\n');
}

/**
 * kindnet: kind's default CNI, which works on CAPD (Docker) clusters. A DaemonSet on the host network writes
 * the CNI config from each node's PodCIDR, routes to the other nodes' PodCIDRs, masquerades traffic leaving
 * the pod subnet and enforces NetworkPolicies. The pod subnet comes from the Cluster through `overwrite`.
 */
export class Kindnet extends ClusterAddon {
  /** The image the DaemonSet runs. */
  public readonly image: string;
  /** The pod subnet used when the Cluster sets none. */
  public readonly defaultPodSubnet: string;

  public constructor(scope: Construct, id: string, props: KindnetProps = {}) {
    const image = props.image ?? KINDNETD_IMAGE;
    const defaultPodSubnet = props.defaultPodSubnet ?? KINDNET_DEFAULT_POD_SUBNET;
    super(scope, id, {
      name: props.name ?? 'cni',
      description: 'kindnet: the CNI of kind, with pod routes, masquerading and NetworkPolicy enforcement',
      version: parsePinnedImage(image)?.tag ?? KINDNET_KIND_VERSION,
      values: { podSubnet: defaultPodSubnet },
      // Only a validated CIDR reaches the template (checked below, before anything is synthesized).
      overwrite: kindnetOverwrite(isCidr(defaultPodSubnet) ? defaultPodSubnet : KINDNET_DEFAULT_POD_SUBNET),
    });
    const where = this.node.path;
    if (parsePinnedImage(image) === undefined) {
      throw invalidProp(where, 'image', image, imageExpectation(KINDNETD_IMAGE));
    }
    if (!isCidr(defaultPodSubnet)) {
      throw invalidProp(
        where,
        'defaultPodSubnet',
        defaultPodSubnet,
        'an IPv4 or IPv6 CIDR such as "10.244.0.0/16"',
      );
    }
    this.image = image;
    this.defaultPodSubnet = defaultPodSubnet;
    this.addRbac();
    this.addDaemonSet();
  }

  private addRbac(): void {
    const chart = this.manifests;
    new k8s.KubeServiceAccount(chart, 'ServiceAccount', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    });
    new k8s.KubeClusterRole(chart, 'ClusterRole', {
      metadata: { name: NAME, labels: LABELS },
      rules: [
        // Node PodCIDRs and InternalIPs for routes; pods and namespaces for NetworkPolicy selectors.
        { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['list', 'watch'] },
      ],
    });
    new k8s.KubeClusterRoleBinding(chart, 'ClusterRoleBinding', {
      metadata: { name: NAME, labels: LABELS },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: NAME },
      subjects: [{ kind: 'ServiceAccount', name: NAME, namespace: NAMESPACE }],
    });
  }

  private addDaemonSet(): void {
    const fieldRef = (fieldPath: string) => ({ valueFrom: { fieldRef: { fieldPath } } });
    const quantities = { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('50Mi') };
    new k8s.KubeDaemonSet(this.manifests, 'DaemonSet', {
      metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
      spec: {
        selector: { matchLabels: { app: NAME } },
        template: {
          metadata: { labels: LABELS },
          spec: {
            hostNetwork: true,
            serviceAccountName: NAME,
            priorityClassName: 'system-node-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            // The CNI must run on every node, whatever its taints (including not-ready and control-plane).
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'kindnet-cni',
                image: this.image,
                env: [
                  { name: 'HOST_IP', ...fieldRef('status.hostIP') },
                  { name: 'POD_IP', ...fieldRef('status.podIP') },
                  { name: 'POD_SUBNET', value: helmValue('podSubnet') },
                ],
                resources: { requests: quantities, limits: quantities },
                // Routes, iptables/nftables rules and the CNI config on the host need these, not full privilege.
                securityContext: { privileged: false, capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } },
                volumeMounts: [
                  { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
                  { name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false },
                  { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
                ],
              },
            ],
            volumes: [
              { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } },
              { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
              { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
            ],
          },
        },
      },
    });
  }
}
