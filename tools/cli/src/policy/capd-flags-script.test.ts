import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAPD_KUBELET_CONFIG_EQUIVALENTS, capdFlagsScript } from '@cluster-stacks/provider-docker';

/** Runs the script with sh over a copy of a flags file; returns the file afterwards. */
function runScript(flagsFile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'capd-flags-'));
  try {
    const file = join(dir, 'kubeadm-flags.env');
    writeFileSync(file, flagsFile);
    const script = capdFlagsScript(Object.keys(CAPD_KUBELET_CONFIG_EQUIVALENTS)).replace(
      'flags=/var/lib/kubelet/kubeadm-flags.env',
      `flags=${file}`,
    );
    execFileSync('sh', ['-c', script]);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("CAPD's bootstrap kubelet flags", () => {
  test("GIVEN a worker's flags file as CAPD v1.14 leaves it WHEN the script runs THEN only the flags with a configuration field are gone", () => {
    // GIVEN (read from a node of the lab)
    const worker =
      'KUBELET_KUBEADM_ARGS="--register-with-taints=node.cluster.x-k8s.io/uninitialized:NoSchedule --image-gc-high-threshold=100 --eviction-hard=nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0% --fail-swap-on=false --cgroup-root=/kubelet --runtime-cgroups=/system.slice/containerd.service"\n';

    // WHEN
    const after = runScript(worker);

    // THEN
    expect(after).toBe(
      'KUBELET_KUBEADM_ARGS="--register-with-taints=node.cluster.x-k8s.io/uninitialized:NoSchedule --runtime-cgroups=/system.slice/containerd.service"\n',
    );
    expect(runScript(after)).toBe(after);
  });

  test('GIVEN a removed flag last in the file WHEN the script runs THEN the closing quote stays', () => {
    expect(runScript('KUBELET_KUBEADM_ARGS="--node-ip=172.18.0.4 --cgroup-root=/kubelet"\n')).toBe(
      'KUBELET_KUBEADM_ARGS="--node-ip=172.18.0.4 "\n',
    );
  });
});
