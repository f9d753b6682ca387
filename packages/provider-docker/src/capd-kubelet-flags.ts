import { KubeadmConfigSpec } from '@cluster-stacks/core';

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

/** The script that removes those flags from kubeadm's flags file, and the kubelet drop-in that runs it. */
export const CAPD_FLAGS_SCRIPT_PATH = '/etc/kubernetes/kubelet-flags-in-config.sh';
export const CAPD_FLAGS_DROP_IN_PATH = '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf';

/** Removes the given flags from kubeadm's flags file, when there is one. */
export function capdFlagsScript(flags: readonly string[]): string {
  return [
    '#!/bin/sh',
    '# CAPD writes these kubelet flags into every kubeadm configuration; their values are in the',
    '# KubeletConfiguration patches, which the flags would override.',
    'set -eu',
    'flags=/var/lib/kubelet/kubeadm-flags.env',
    '[ -f "$flags" ] || exit 0',
    `sed -i -E 's/--(${[...flags].sort().join('|')})=[^ "]* ?//g' "$flags"`,
    '',
  ].join('\n');
}

/**
 * Runs the script before each kubelet start. systemd reads the environment file again for every command it
 * runs, so the start that follows sees the file without the flags.
 */
export const CAPD_FLAGS_DROP_IN = `[Service]\nExecStartPre=/bin/sh ${CAPD_FLAGS_SCRIPT_PATH}\n`;

/**
 * The part of a KubeadmConfigSpec that moves CAPD's flags into the configuration: the script, the drop-in, and
 * a daemon-reload before kubeadm starts the kubelet (the node image has the kubelet unit loaded already).
 */
export function capdFlagsInConfigSpec(): KubeadmConfigSpec {
  return {
    files: [
      {
        path: CAPD_FLAGS_SCRIPT_PATH,
        owner: 'root:root',
        permissions: '0755',
        content: capdFlagsScript(Object.keys(CAPD_KUBELET_CONFIG_EQUIVALENTS)),
      },
      { path: CAPD_FLAGS_DROP_IN_PATH, owner: 'root:root', permissions: '0644', content: CAPD_FLAGS_DROP_IN },
    ],
    preKubeadmCommands: ['systemctl daemon-reload'],
  };
}
