// Access to a workload Cluster of the lab: its kubeconfig, kubectl against it, and its nodes as
// the containers CAPD made (a Machine's name is its container's name).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../util/errors';
import { run, type RunResult } from '../util/exec';

/** The Pod and container security contexts that meet the restricted Pod Security level, for the lab's probe Pods. */
export const RESTRICTED_POD = {
  securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
};
export const RESTRICTED_CONTAINER = {
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
};

export interface WorkloadCluster {
  readonly namespace: string;
  readonly name: string;
  readonly kubeconfig: string;
  kubectl(args: string[], input?: string, okCodes?: number[]): Promise<RunResult>;
  /** Machine (= node container) names, control plane first. */
  nodes(): Promise<{ readonly controlPlane: string[]; readonly workers: string[] }>;
}

export async function workloadCluster(
  kubectlBin: string,
  mgmtKubeconfig: string,
  namespace: string,
  name: string,
  dir: string,
): Promise<WorkloadCluster> {
  const mgmt = (args: string[]) => run(kubectlBin, ['--kubeconfig', mgmtKubeconfig, ...args]);
  const secret = (
    await mgmt(['get', 'secret', '-n', namespace, `${name}-kubeconfig`, '-o', 'jsonpath={.data.value}'])
  ).stdout;
  if (secret === '') throw new LabError(`Cluster ${namespace}/${name} has no kubeconfig yet`);
  const kubeconfig = join(dir, `${namespace}-${name}.kubeconfig`);
  writeFileSync(kubeconfig, Buffer.from(secret, 'base64'), { mode: 0o600 });
  return {
    namespace,
    name,
    kubeconfig,
    kubectl: (args, input, okCodes) =>
      run(kubectlBin, ['--kubeconfig', kubeconfig, ...args], { input, okCodes }),
    async nodes() {
      const names = async (selector: string) =>
        (
          await mgmt([
            'get',
            'machines.cluster.x-k8s.io',
            '-n',
            namespace,
            '-l',
            selector,
            '-o',
            'jsonpath={.items[*].metadata.name}',
          ])
        ).stdout
          .split(' ')
          .filter((n) => n !== '')
          .sort();
      const cluster = `cluster.x-k8s.io/cluster-name=${name}`;
      const controlPlane = await names(`${cluster},cluster.x-k8s.io/control-plane`);
      if (controlPlane.length === 0)
        throw new LabError(`Cluster ${namespace}/${name} has no control-plane Machine`);
      return { controlPlane, workers: await names(`${cluster},!cluster.x-k8s.io/control-plane`) };
    },
  };
}

/** A command inside a node container. */
export function onNode(node: string, args: string[], okCodes?: number[]): Promise<RunResult> {
  return run('docker', ['exec', node, ...args], { okCodes });
}
