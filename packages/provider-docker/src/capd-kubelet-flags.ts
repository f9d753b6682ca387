import { KubeadmConfigSpec, kubeletFlagsInConfigSpec } from '@cluster-stacks/core';

/**
 * Kubelet flags that CAPD's bootstrap writes into the kubeadm init and join configuration of every machine,
 * replacing any value the ClusterClass sets (CAPD v1.10 to v1.14, `fixNodeRegistration`). They reach the kubelet
 * through `/var/lib/kubelet/kubeadm-flags.env`, and flags win over the KubeletConfiguration. The disk signals
 * of `eviction-hard` at 0% leave every other signal unset, so on their own they switch memory eviction off.
 */
export const CAPD_BOOTSTRAP_KUBELET_FLAGS: Readonly<Record<string, string>> = {
  'image-gc-high-threshold': '100',
  'eviction-hard': 'nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%',
  'fail-swap-on': 'false',
  'cgroup-root': '/kubelet',
  'runtime-cgroups': '/system.slice/containerd.service',
};

/**
 * The KubeletConfiguration fields that carry what CAPD's flags mean, for the flags that have a field (every one
 * but `runtime-cgroups`). The eviction thresholds are set by the stack's eviction settings, not here.
 */
export const CAPD_KUBELET_CONFIG_EQUIVALENTS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'image-gc-high-threshold': { imageGCHighThresholdPercent: 100 },
  'eviction-hard': {},
  'fail-swap-on': { failSwapOn: false },
  'cgroup-root': { cgroupRoot: '/kubelet' },
};

/**
 * The part of a KubeadmConfigSpec that moves CAPD's flags, and the node's taints, into the KubeletConfiguration
 * before each kubelet start.
 */
export function capdFlagsInConfigSpec(): KubeadmConfigSpec {
  return kubeletFlagsInConfigSpec(Object.keys(CAPD_KUBELET_CONFIG_EQUIVALENTS));
}
