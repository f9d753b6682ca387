// What a failed lab run leaves for its reader in dist/lab/<run>/diagnostics/: the Cluster API
// object tree, controller logs and events of the management cluster, and per node container its
// journal, kubelet log and containerd state. Secrets are never dumped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probe, run } from '../util/exec';

const CONTROLLERS = [
  ['capi-system', 'capi-controller-manager'],
  ['capi-kubeadm-bootstrap-system', 'capi-kubeadm-bootstrap-controller-manager'],
  ['capi-kubeadm-control-plane-system', 'capi-kubeadm-control-plane-controller-manager'],
  ['capd-system', 'capd-controller-manager'],
] as const;

const CAPI_KINDS =
  'clusters.cluster.x-k8s.io,machines.cluster.x-k8s.io,machinedeployments.cluster.x-k8s.io,machinesets.cluster.x-k8s.io,kubeadmcontrolplanes,kubeadmconfigs,dockerclusters,dockermachines,machinehealthchecks,clusterclasses';

export async function collectDiagnostics(
  dir: string,
  kubectl: string,
  kubeconfig: string,
  clusters: readonly string[],
): Promise<string> {
  const out = join(dir, 'diagnostics');
  mkdirSync(join(out, 'nodes'), { recursive: true });
  const save = async (file: string, cmd: string, args: string[]) => {
    const r = await run(cmd, args, { okCodes: [0, 1, 2, 125, 126, 127] }).catch((e: Error) => ({
      stdout: '',
      stderr: e.message,
    }));
    writeFileSync(join(out, file), `${r.stdout}${r.stderr ? `\n# stderr\n${r.stderr}` : ''}`);
  };
  const k = ['--kubeconfig', kubeconfig];
  await save('capi-objects.yaml', kubectl, [...k, 'get', CAPI_KINDS, '-A', '-o', 'yaml']);
  await save('capi-tree.txt', kubectl, [...k, 'get', CAPI_KINDS, '-A', '-o', 'wide']);
  await save('events.txt', kubectl, [...k, 'get', 'events', '-A', '--sort-by=.lastTimestamp']);
  for (const [ns, name] of CONTROLLERS)
    await save(`${name}.log`, kubectl, [...k, 'logs', '-n', ns, `deploy/${name}`, '--tail=3000']);
  for (const cluster of clusters) {
    const ids = (
      probe('docker', [
        'ps',
        '-a',
        '--filter',
        `label=io.x-k8s.kind.cluster=${cluster}`,
        '--format',
        '{{.Names}}',
      ]) ?? ''
    )
      .split('\n')
      .filter((n) => n !== '');
    for (const node of ids) {
      await save(`nodes/${node}-journal.log`, 'docker', [
        'exec',
        node,
        'journalctl',
        '--no-pager',
        '-n',
        '3000',
      ]);
      await save(`nodes/${node}-kubelet.log`, 'docker', [
        'exec',
        node,
        'journalctl',
        '-u',
        'kubelet',
        '--no-pager',
        '-n',
        '2000',
      ]);
      await save(`nodes/${node}-containers.txt`, 'docker', [
        'exec',
        node,
        'ctr',
        '-n',
        'k8s.io',
        'containers',
        'list',
      ]);
      await save(`nodes/${node}-images.txt`, 'docker', [
        'exec',
        node,
        'ctr',
        '-n',
        'k8s.io',
        'images',
        'list',
        '-q',
      ]);
      await save(`nodes/${node}-container.log`, 'docker', ['logs', '--tail', '500', node]);
    }
  }
  return out;
}
