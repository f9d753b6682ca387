import {
  KubeadmConfigSpec,
  KubeadmFile,
  kubeletConfigurationSpec,
  kubeletFlagsInConfigSpec,
  mergeKubeadmConfigSpecs,
  NodeRegistration,
} from '@cluster-stacks/core';

/**
 * How every node registers. The cloud controller manager initializes nodes (`cloud-provider: external`, a
 * kubelet flag without a config-file field); the node name is a cloud-init template expression
 * (`{{ local_hostname }}`) that cloud-init fills in on the server. CAPI copies template fields as they are (it
 * only evaluates patch templates), and the chart writer escapes them for Helm.
 */
export const OPENSTACK_NODE_REGISTRATION: NodeRegistration = {
  kubeletExtraArgs: { 'cloud-provider': 'external' },
  name: '{{ local_hostname }}',
};

/**
 * The kubelet settings of every OpenStack node: the provider ID of its server. cloud-init renders the whole
 * bootstrap data as a Jinja template, file contents included, so `{{ instance_id }}` becomes the server's ID.
 */
export const OPENSTACK_KUBELET_PATCH = '20-openstack';
export const OPENSTACK_KUBELET_SETTINGS = { providerID: 'openstack:///{{ instance_id }}' };

/** etcd settings of upstream scs2: periodic compaction and slower timings for cloud disks and networks. */
export const ETCD_EXTRA_ARGS: Readonly<Record<string, string>> = {
  'auto-compaction-mode': 'periodic',
  'auto-compaction-retention': '8h',
  'election-timeout': '2500',
  'heartbeat-interval': '250',
  'snapshot-count': '6400',
};

/** Where the kernel settings the kubelet insists on are written. */
export const KUBELET_SYSCTL_PATH = '/etc/sysctl.d/90-kubelet.conf';

/**
 * The kernel settings a kubelet with `protect-kernel-defaults` (hardening profile) refuses to start without;
 * the node image does not necessarily set them, so every node writes and loads them before kubeadm runs.
 */
export const KUBELET_SYSCTL: KubeadmFile = {
  path: KUBELET_SYSCTL_PATH,
  owner: 'root:root',
  permissions: '0644',
  content: [
    'vm.overcommit_memory = 1',
    'vm.panic_on_oom = 0',
    'kernel.panic = 10',
    'kernel.panic_on_oops = 1',
    'kernel.keys.root_maxkeys = 1000000',
    'kernel.keys.root_maxbytes = 25000000',
    '',
  ].join('\n'),
};

/** Where the kube-proxy settings are written before kubeadm runs (by the kubeProxyMetricsBindAddress patch). */
export const KUBE_PROXY_CONFIG_PATH = '/etc/kube-proxy-config.yaml';

/** The script that adds them to the kubeadm configuration of the first control-plane node. */
export const KUBE_PROXY_PATCH_PATH = '/etc/kube-proxy-patch.sh';

/**
 * CAPI's kubeadm types have no field for kube-proxy's configuration (kubernetes-sigs/cluster-api#4512), so the
 * first control-plane node appends it to the configuration `kubeadm init` reads; kube-proxy on every other node
 * takes it from the cluster. Joining nodes have no such file and leave it alone.
 */
const KUBE_PROXY_PATCH = `#!/usr/bin/env bash
# Adds ${KUBE_PROXY_CONFIG_PATH} to the kubeadm init configuration (Ubuntu: /run/kubeadm, Flatcar: /etc).
set -o errexit -o nounset -o pipefail
for init_config in /run/kubeadm/kubeadm.yaml /etc/kubeadm.yml; do
  if [[ -f "$init_config" ]]; then
    if ! grep -q '^kind: KubeProxyConfiguration' "$init_config"; then
      printf '\\n' >> "$init_config"
      cat ${KUBE_PROXY_CONFIG_PATH} >> "$init_config"
    fi
    exit 0
  fi
done
`;

/** The kube-proxy settings file for a metrics address (a literal or a Go-template action). */
export function kubeProxyConfig(metricsAddress: string): KubeadmFile {
  return {
    path: KUBE_PROXY_CONFIG_PATH,
    owner: 'root:root',
    permissions: '0644',
    content: `---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: "${metricsAddress}:10249"\n`,
  };
}

const LOAD_SYSCTL = `sysctl -p ${KUBELET_SYSCTL_PATH}`;

/**
 * The kubeadm configuration of control-plane nodes: external cloud provider, the kubelet's kernel settings,
 * etcd tuning as upstream scs2 and the kube-proxy configuration hook. The hardening profile (applied by the
 * ClusterClass) adds the rest: TLS, audit log, encryption at rest, admission, metrics addresses. The control plane
 * names the release's CoreDNS tag so that upgrades move CoreDNS.
 */
export const controlPlaneSpec = (coreDNS: string): KubeadmConfigSpec =>
  mergeKubeadmConfigSpecs(
    {
      clusterConfiguration: {
        dns: { imageTag: coreDNS },
        controllerManager: { extraArgs: { 'cloud-provider': 'external', 'secure-port': '10257' } },
        scheduler: { extraArgs: { 'secure-port': '10259' } },
        etcd: { local: { dataDir: '/var/lib/etcd', extraArgs: ETCD_EXTRA_ARGS } },
      },
      files: [
        KUBELET_SYSCTL,
        { path: KUBE_PROXY_PATCH_PATH, owner: 'root:root', permissions: '0755', content: KUBE_PROXY_PATCH },
      ],
      preKubeadmCommands: [LOAD_SYSCTL, `bash ${KUBE_PROXY_PATCH_PATH}`],
      initConfiguration: { nodeRegistration: OPENSTACK_NODE_REGISTRATION },
      joinConfiguration: { nodeRegistration: OPENSTACK_NODE_REGISTRATION },
    },
    mergeKubeadmConfigSpecs(
      kubeletConfigurationSpec(OPENSTACK_KUBELET_PATCH, OPENSTACK_KUBELET_SETTINGS, 'controlPlane'),
      kubeletFlagsInConfigSpec([]),
    ),
  );

/** The kubeadm configuration of worker nodes. */
export const WORKER_SPEC: KubeadmConfigSpec = mergeKubeadmConfigSpecs(
  {
    files: [KUBELET_SYSCTL],
    preKubeadmCommands: [LOAD_SYSCTL],
    joinConfiguration: { nodeRegistration: OPENSTACK_NODE_REGISTRATION },
  },
  mergeKubeadmConfigSpecs(
    kubeletConfigurationSpec(OPENSTACK_KUBELET_PATCH, OPENSTACK_KUBELET_SETTINGS, 'worker'),
    kubeletFlagsInConfigSpec([]),
  ),
);
