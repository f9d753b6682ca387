// Judges of workload-cluster objects: nodes, kube-system pods and the metrics API.
import { KubeObject } from '../kube/client';
import { ProbeResult } from '../wait/wait-for';
import { condition, field, stringField } from './fields';
import { done, notYet } from './result';

/** Exactly `count` nodes, each Ready (which needs a working CNI) and running `version`. */
export function judgeNodes(
  nodes: readonly KubeObject[],
  expect: { count: number; version: string },
): ProbeResult {
  const problems: string[] = [];
  if (nodes.length !== expect.count) problems.push(`${nodes.length}/${expect.count} nodes registered`);
  for (const node of nodes) {
    const ready = condition(node, 'Ready');
    const kubelet = stringField(node, 'status', 'nodeInfo', 'kubeletVersion');
    if (ready?.status !== 'True')
      problems.push(`${node.metadata.name} not Ready${ready?.message ? ` (${ready.message})` : ''}`);
    else if (kubelet !== expect.version) problems.push(`${node.metadata.name} runs ${kubelet}`);
  }
  return problems.length > 0
    ? notYet(problems.join('; '))
    : done(`${expect.count}/${expect.count} nodes Ready at ${expect.version}`);
}

function podProblem(pod: KubeObject): string | undefined {
  const name = pod.metadata.name;
  if (pod.metadata.deletionTimestamp) return `${name} terminating`;
  const phase = stringField(pod, 'status', 'phase');
  if (phase === 'Succeeded') return undefined;
  if (phase !== 'Running') return `${name} ${phase ?? 'Pending'}`;
  const statuses =
    (field(pod, 'status', 'containerStatuses') as { name: string; ready?: boolean }[] | undefined) ?? [];
  const unready = statuses.filter((s) => s.ready !== true).map((s) => s.name);
  return unready.length > 0 || statuses.length === 0
    ? `${name} containers not ready: ${unready.join(', ') || 'none reported'}`
    : undefined;
}

/** Every pod of kube-system runs with all containers ready (or has completed). */
export function judgeKubeSystemPods(pods: readonly KubeObject[]): ProbeResult {
  if (pods.length === 0) return notYet('no pods in kube-system yet');
  const problems = pods.map(podProblem).filter((p): p is string => p !== undefined);
  return problems.length > 0
    ? notYet(problems.join('; '))
    : done(`${pods.length} kube-system pods running and ready`);
}

/** The metrics API answered with metrics for every node (a 503 before metrics-server serves is an error, retried). */
export function judgeNodeMetrics(metrics: readonly KubeObject[], count: number): ProbeResult {
  return metrics.length >= count
    ? done(`metrics.k8s.io serves ${metrics.length} node metrics`)
    : notYet(`metrics.k8s.io serves ${metrics.length}/${count} node metrics`);
}

/**
 * The workload runs: its Deployment exists and `replicas` of its Pods are running and ready, each on a Node
 * whose kubelet runs `version` (after an upgrade: rescheduled onto the new nodes).
 */
export function judgeWorkload(
  deployment: KubeObject | undefined,
  pods: readonly KubeObject[],
  nodes: readonly KubeObject[],
  expect: { workloadNamespace: string; name: string; replicas: number; version: string },
): ProbeResult {
  const what = `Deployment ${expect.workloadNamespace}/${expect.name}`;
  if (!deployment) return notYet(`${what} does not exist`);
  const kubeletOf = new Map(
    nodes.map((n) => [n.metadata.name, stringField(n, 'status', 'nodeInfo', 'kubeletVersion')]),
  );
  const problems: string[] = [];
  const placed: string[] = [];
  for (const pod of pods) {
    const problem = podProblem(pod);
    const node = stringField(pod, 'spec', 'nodeName');
    if (problem !== undefined) problems.push(problem);
    else if (node === undefined || kubeletOf.get(node) !== expect.version)
      problems.push(`${pod.metadata.name} on ${node ?? 'no node'} (${kubeletOf.get(node ?? '') ?? 'gone'})`);
    else placed.push(node);
  }
  return placed.length >= expect.replicas
    ? done(
        `${what}: ${placed.length}/${expect.replicas} Pods ready on nodes at ${expect.version} (${[...new Set(placed)].sort().join(', ')})`,
      )
    : notYet(
        `${what}: ${placed.length}/${expect.replicas} Pods ready at ${expect.version}${problems.length > 0 ? `; ${problems.join('; ')}` : ''}`,
      );
}
