import { KubeadmConfigSpec } from './kubeadm';

/** The script that moves kubelet flags out of kubeadm's flags file, and the kubelet drop-in that runs it. */
export const KUBELET_FLAGS_SCRIPT_PATH = '/etc/kubernetes/kubelet-flags-in-config.sh';
export const KUBELET_FLAGS_DROP_IN_PATH = '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf';

/** The file kubeadm writes the kubelet's flags to, and the KubeletConfiguration it writes on init and join. */
const FLAGS_FILE = '/var/lib/kubelet/kubeadm-flags.env';
const CONFIG_FILE = '/var/lib/kubelet/config.yaml';

/**
 * The script's part for taints. `kubeadm join` passes `nodeRegistration.taints` (Cluster API adds
 * `node.cluster.x-k8s.io/uninitialized` to every joining node) only as `--register-with-taints`, a flag the kubelet
 * warns about. The same taints go into the configuration file as `registerWithTaints`, written to a sibling and
 * renamed into place, and only then leave the flags file. A configuration that already lists taints is left alone,
 * flag included, because the flag would have won over it.
 */
const TAINTS_TO_CONFIG = [
  'taints=$(sed -n -E \'s/.*--register-with-taints=([^ "]*).*/\\1/p\' "$flags")',
  'if [ -n "$taints" ] && [ -f "$config" ] && ! grep -q \'^registerWithTaints:\' "$config"; then',
  '  cp "$config" "$config.taints"',
  '  [ -z "$(tail -c 1 "$config.taints")" ] || echo >> "$config.taints"',
  '  echo \'registerWithTaints:\' >> "$config.taints"',
  "  for taint in $(echo \"$taints\" | tr ',' ' '); do",
  '    effect=${taint##*:}',
  '    key_value=${taint%:*}',
  '    echo "- key: \\"${key_value%%=*}\\"" >> "$config.taints"',
  '    case "$key_value" in *=*) echo "  value: \\"${key_value#*=}\\"" >> "$config.taints" ;; esac',
  '    echo "  effect: \\"$effect\\"" >> "$config.taints"',
  '  done',
  '  mv "$config.taints" "$config"',
  '  sed -i -E \'s/--register-with-taints=[^ "]* ?//\' "$flags"',
  'fi',
];

/**
 * The script run before each kubelet start: the node's taints move into the KubeletConfiguration, and the given
 * flags, whose values the stack's KubeletConfiguration patches carry, are removed from the flags file.
 */
export function kubeletFlagsInConfigScript(removedFlags: readonly string[]): string {
  const removal =
    removedFlags.length === 0
      ? []
      : [`sed -i -E 's/--(${[...removedFlags].sort().join('|')})=[^ "]* ?//g' "$flags"`];
  return [
    '#!/bin/sh',
    '# Kubelet settings belong in its configuration file: flags override the file and are deprecated.',
    'set -eu',
    `flags=${FLAGS_FILE}`,
    `config=${CONFIG_FILE}`,
    '[ -f "$flags" ] || exit 0',
    ...TAINTS_TO_CONFIG,
    ...removal,
    '',
  ].join('\n');
}

/**
 * Runs the script before each kubelet start. systemd reads the environment file again for every command it
 * runs, so the start that follows sees the file without the flags.
 */
export const KUBELET_FLAGS_DROP_IN = `[Service]\nExecStartPre=/bin/sh ${KUBELET_FLAGS_SCRIPT_PATH}\n`;

/**
 * The part of a KubeadmConfigSpec that moves kubelet flags into the configuration: the script, the drop-in, and
 * a daemon-reload before kubeadm starts the kubelet (the machine image has the kubelet unit loaded already).
 */
export function kubeletFlagsInConfigSpec(removedFlags: readonly string[]): KubeadmConfigSpec {
  return {
    files: [
      {
        path: KUBELET_FLAGS_SCRIPT_PATH,
        owner: 'root:root',
        permissions: '0755',
        content: kubeletFlagsInConfigScript(removedFlags),
      },
      {
        path: KUBELET_FLAGS_DROP_IN_PATH,
        owner: 'root:root',
        permissions: '0644',
        content: KUBELET_FLAGS_DROP_IN,
      },
    ],
    preKubeadmCommands: ['systemctl daemon-reload'],
  };
}
