import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeletFlagsInConfigScript } from '@cluster-stacks/core';
import { CAPD_KUBELET_CONFIG_EQUIVALENTS } from '@cluster-stacks/provider-docker';

const CAPD_REMOVED = Object.keys(CAPD_KUBELET_CONFIG_EQUIVALENTS);
const CONFIG = 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 110\n';

/** Runs the script with sh over copies of a flags file and a kubelet configuration; returns both afterwards. */
function runScript(
  removed: readonly string[],
  flagsFile: string,
  config: string = CONFIG,
): { flags: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kubelet-flags-'));
  try {
    const flags = join(dir, 'kubeadm-flags.env');
    const configFile = join(dir, 'config.yaml');
    writeFileSync(flags, flagsFile);
    writeFileSync(configFile, config);
    const script = kubeletFlagsInConfigScript(removed)
      .replace('flags=/var/lib/kubelet/kubeadm-flags.env', `flags=${flags}`)
      .replace('config=/var/lib/kubelet/config.yaml', `config=${configFile}`);
    execFileSync('sh', ['-c', script]);
    expect(existsSync(`${configFile}.taints`)).toBe(false);
    return { flags: readFileSync(flags, 'utf8'), config: readFileSync(configFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the script that moves kubelet flags into the configuration file', () => {
  test("GIVEN a worker's flags file as CAPD v1.14 leaves it WHEN the script runs THEN CAPD's flags with a field are gone and the taint is in the configuration", () => {
    // GIVEN (read from a node of the lab)
    const worker =
      'KUBELET_KUBEADM_ARGS="--register-with-taints=node.cluster.x-k8s.io/uninitialized:NoSchedule --image-gc-high-threshold=100 --eviction-hard=nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0% --fail-swap-on=false --cgroup-root=/kubelet --runtime-cgroups=/system.slice/containerd.service"\n';

    // WHEN
    const after = runScript(CAPD_REMOVED, worker);

    // THEN
    expect(after.flags).toBe('KUBELET_KUBEADM_ARGS="--runtime-cgroups=/system.slice/containerd.service"\n');
    expect(after.config).toBe(
      `${CONFIG}registerWithTaints:\n- key: "node.cluster.x-k8s.io/uninitialized"\n  effect: "NoSchedule"\n`,
    );
    expect(runScript(CAPD_REMOVED, after.flags, after.config)).toEqual(after);
  });

  test('GIVEN several taints, one with a value, and a configuration without a final newline WHEN the script runs THEN each taint is listed', () => {
    // GIVEN
    const flags =
      'KUBELET_KUBEADM_ARGS="--node-ip=172.18.0.4 --register-with-taints=node-role.kubernetes.io/control-plane:NoSchedule,dedicated=gpu:NoExecute"\n';

    // WHEN
    const after = runScript([], flags, CONFIG.trimEnd());

    // THEN
    expect(after.flags).toBe('KUBELET_KUBEADM_ARGS="--node-ip=172.18.0.4 "\n');
    expect(after.config).toBe(
      `${CONFIG}registerWithTaints:\n- key: "node-role.kubernetes.io/control-plane"\n  effect: "NoSchedule"\n- key: "dedicated"\n  value: "gpu"\n  effect: "NoExecute"\n`,
    );
  });

  test('GIVEN a configuration that already lists taints WHEN the script runs THEN the flag stays, because it wins over the file', () => {
    // GIVEN
    const config = `${CONFIG}registerWithTaints:\n- key: a\n  effect: NoSchedule\n`;
    const flags = 'KUBELET_KUBEADM_ARGS="--register-with-taints=b:NoSchedule --cgroup-root=/kubelet"\n';

    // WHEN
    const after = runScript(CAPD_REMOVED, flags, config);

    // THEN
    expect(after).toEqual({ flags: 'KUBELET_KUBEADM_ARGS="--register-with-taints=b:NoSchedule "\n', config });
  });

  test('GIVEN a removed flag last in the file WHEN the script runs THEN the closing quote stays', () => {
    expect(
      runScript(CAPD_REMOVED, 'KUBELET_KUBEADM_ARGS="--node-ip=172.18.0.4 --cgroup-root=/kubelet"\n'),
    ).toEqual({
      flags: 'KUBELET_KUBEADM_ARGS="--node-ip=172.18.0.4 "\n',
      config: CONFIG,
    });
  });
});
