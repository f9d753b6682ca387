// `lab node-test`: boots one container per built node image, runs kubeadm init in it exactly as
// a single-node control plane, and checks the API server's /readyz. Proves each node image boots
// Kubernetes without the rest of the lab.
import { join } from 'node:path';
import { OWNER_LABEL } from './build/docker';
import type { LabMinor } from './recipes/minors';
import { nodeImageRef } from './recipes/node';
import { check, writeReports, type CaseResult } from './report/report';
import { LabError } from './util/errors';
import { run } from './util/exec';
import { labOutputDir } from './util/paths';

/** The kubeadm configuration of the single-node boot: preloaded images only, systemd cgroups. */
export function nodeTestKubeadmConfig(m: LabMinor): string {
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
nodeRegistration:
  criSocket: unix:///run/containerd/containerd.sock
  imagePullPolicy: Never
  ignorePreflightErrors:
    - SystemVerification
    - Swap
    - FileContent--proc-sys-net-bridge-bridge-nf-call-iptables
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: ${m.patch}
networking:
  podSubnet: 10.244.0.0/16
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
failSwapOn: false
`;
}

async function waitFor(what: string, seconds: number, probeFn: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await probeFn()) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new LabError(`${what} within ${seconds} s`);
}

export async function nodeTest(minors: readonly LabMinor[], log: (l: string) => void): Promise<CaseResult[]> {
  const cases: CaseResult[] = [];
  for (const m of minors) {
    const name = `cslab-nodetest-${m.minor}`;
    const exec = (args: string[], okCodes?: number[]) => run('docker', ['exec', name, ...args], { okCodes });
    await run('docker', ['rm', '-f', '-v', name], { okCodes: [0, 1] });
    try {
      await check(
        cases,
        `node ${m.patch}: kubeadm init and /readyz`,
        async () => {
          await run('docker', [
            'run',
            '-d',
            '--privileged',
            '--name',
            name,
            '--hostname',
            name,
            '--label',
            `${OWNER_LABEL}=node-test`,
            '--cgroupns',
            'private',
            '--security-opt',
            'seccomp=unconfined',
            '--tmpfs',
            '/run',
            '--tmpfs',
            '/tmp',
            '-v',
            '/var',
            '-v',
            '/lib/modules:/lib/modules:ro',
            nodeImageRef(m),
          ]);
          await waitFor(
            `containerd did not answer in ${name}`,
            90,
            async () => (await exec(['ctr', 'version'], [0, 1])).code === 0,
          );
          await run('docker', ['exec', '-i', name, 'sh', '-c', 'cat > /tmp/kubeadm.yaml'], {
            input: nodeTestKubeadmConfig(m),
          });
          const init = await exec(
            ['kubeadm', 'init', '--config', '/tmp/kubeadm.yaml', '--skip-phases=addon/kube-proxy'],
            [0, 1],
          );
          if (init.code !== 0) {
            const journal = await exec(['journalctl', '-u', 'kubelet', '--no-pager', '-n', '15'], [0, 1]);
            throw new LabError(
              `kubeadm init failed: ${init.stderr.trim().split('\n').slice(-3).join(' ')} | kubelet: ${journal.stdout.trim().split('\n').slice(-3).join(' ')}`,
            );
          }
          const kubectl = ['kubectl', '--kubeconfig', '/etc/kubernetes/admin.conf'];
          let readyz = '';
          await waitFor('/readyz did not answer ok', 60, async () => {
            readyz = (await exec([...kubectl, 'get', '--raw', '/readyz'], [0, 1])).stdout.trim();
            return readyz === 'ok';
          });
          const version = (await exec([...kubectl, 'version', '-o', 'json'])).stdout;
          const server = (JSON.parse(version) as { serverVersion: { gitVersion: string } }).serverVersion
            .gitVersion;
          if (server !== m.patch) throw new LabError(`the API server reports ${server}, expected ${m.patch}`);
          const nodes = (
            await exec([
              ...kubectl,
              'get',
              'nodes',
              '-o',
              'jsonpath={.items[0].status.nodeInfo.kubeletVersion}',
            ])
          ).stdout;
          return `/readyz ok; apiserver ${server}; kubelet ${nodes}`;
        },
        log,
      );
    } finally {
      await run('docker', ['rm', '-f', '-v', name], { okCodes: [0, 1] });
    }
  }
  writeReports(
    join(labOutputDir(), 'node-test'),
    'lab.node-test',
    'Lab node images: kubeadm init per image',
    cases,
  );
  return cases;
}
