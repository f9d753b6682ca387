// Judges of management-cluster objects: pure functions from what the API returned to "done or not, and why".
import { describeRef, KubeObject } from '../kube/client';
import { ProbeResult } from '../wait/wait-for';
import {
  condition,
  Condition,
  describeCondition,
  field,
  isObserved,
  numberField,
  stringField,
} from './fields';
import { done, firstUnmet, notYet } from './result';

function missing(kind: string, name: string, namespace: string): ProbeResult {
  return notYet(`${describeRef({ kind, name, namespace })} does not exist yet`);
}

export function judgeDeployment(
  deployment: KubeObject | undefined,
  namespace: string,
  name: string,
): ProbeResult {
  if (!deployment) return missing('Deployment', name, namespace);
  const wanted = numberField(deployment, 'spec', 'replicas') ?? 1;
  const available = numberField(deployment, 'status', 'availableReplicas') ?? 0;
  const updated = numberField(deployment, 'status', 'updatedReplicas') ?? 0;
  return firstUnmet(
    [
      [isObserved(deployment), `Deployment ${namespace}/${name}: rollout not observed yet`],
      [
        updated >= wanted && available >= wanted,
        `Deployment ${namespace}/${name}: ${available}/${wanted} available, ${updated}/${wanted} updated`,
      ],
    ],
    `Deployment ${namespace}/${name}: ${available}/${wanted} available`,
  );
}

/** Conditions that are not True, e.g. why CSO has not installed a release. */
function falseConditions(object: KubeObject): string {
  const list = (field(object, 'status', 'conditions') as Condition[] | undefined) ?? [];
  const bad = list.filter((c) => c.status !== 'True').map((c) => describeCondition(c.type, c));
  return bad.length > 0 ? bad.join('; ') : 'no conditions reported yet';
}

export function judgeClusterStackRelease(
  release: KubeObject | undefined,
  namespace: string,
  name: string,
): ProbeResult {
  if (!release) return missing('ClusterStackRelease', name, namespace);
  if (field(release, 'status', 'ready') === true) {
    return done(
      `ClusterStackRelease ${name} ready (Kubernetes ${stringField(release, 'status', 'kubernetesVersion') ?? 'unknown'})`,
    );
  }
  return notYet(`ClusterStackRelease ${name} not ready: ${falseConditions(release)}`);
}

export function judgeClusterClass(
  clusterClass: KubeObject | undefined,
  namespace: string,
  name: string,
): ProbeResult {
  if (!clusterClass) return missing('ClusterClass', name, namespace);
  const variables = condition(clusterClass, 'VariablesReconciled');
  if (variables && variables.status !== 'True')
    return notYet(`ClusterClass ${name}: ${describeCondition('VariablesReconciled', variables)}`);
  return done(`ClusterClass ${name} present`);
}

export function judgeControlPlaneInitialized(
  cluster: KubeObject | undefined,
  namespace: string,
  name: string,
): ProbeResult {
  if (!cluster) return missing('Cluster', name, namespace);
  const initialized = condition(cluster, 'ControlPlaneInitialized');
  return initialized?.status === 'True'
    ? done(`Cluster ${name}: control plane initialized`)
    : notYet(
        `Cluster ${name}: ${describeCondition('ControlPlaneInitialized', initialized)} (phase ${stringField(cluster, 'status', 'phase') ?? 'unknown'})`,
      );
}

/**
 * The topology controller has applied the Cluster's current class and version. The v1beta2 condition carries the
 * generation it was computed for, which tells a fresh True from one left over from before the change.
 */
export function judgeTopologyReconciled(
  cluster: KubeObject | undefined,
  expect: { namespace: string; cluster: string; clusterClass: string; version: string },
): ProbeResult {
  if (!cluster) return missing('Cluster', expect.cluster, expect.namespace);
  const clusterClass = stringField(cluster, 'spec', 'topology', 'class');
  const version = stringField(cluster, 'spec', 'topology', 'version');
  const modern = condition(cluster, 'TopologyReconciled', 'status', 'v1beta2', 'conditions');
  const legacy = condition(cluster, 'TopologyReconciled');
  const generation = cluster.metadata.generation ?? 0;
  const current = modern
    ? modern.status === 'True' && (modern.observedGeneration ?? 0) >= generation
    : legacy?.status === 'True' && isObserved(cluster);
  return firstUnmet(
    [
      [
        clusterClass === expect.clusterClass && version === expect.version,
        `Cluster ${expect.cluster} asks for ${clusterClass} (${version}), not ${expect.clusterClass} (${expect.version})`,
      ],
      [
        current,
        `Cluster ${expect.cluster}: ${describeCondition('TopologyReconciled', modern ?? legacy)} for generation ${generation}`,
      ],
    ],
    `Cluster ${expect.cluster}: topology reconciled to ${expect.clusterClass} (${expect.version})`,
  );
}

export function judgeClusterReady(
  cluster: KubeObject | undefined,
  namespace: string,
  name: string,
): ProbeResult {
  if (!cluster) return missing('Cluster', name, namespace);
  const ready = condition(cluster, 'Ready');
  return ready?.status === 'True'
    ? done(`Cluster ${name} Ready`)
    : notYet(`Cluster ${name}: ${describeCondition('Ready', ready)}`);
}

/** `name: 1/1 ready, 1/1 up to date` style counts of a replicated object against what is wanted. */
function replicaProblems(
  object: KubeObject,
  what: string,
  wanted: number,
  counters: readonly string[],
): string | undefined {
  const problems = counters
    .map((counter) => [counter, numberField(object, 'status', counter) ?? 0] as const)
    .filter(([, value]) => value !== wanted)
    .map(([counter, value]) => `${counter} ${value}/${wanted}`);
  const unavailable = numberField(object, 'status', 'unavailableReplicas') ?? 0;
  if (unavailable > 0) problems.push(`unavailableReplicas ${unavailable}`);
  return problems.length > 0 ? `${what}: ${problems.join(', ')}` : undefined;
}

export function judgeControlPlane(
  controlPlane: KubeObject | undefined,
  expect: { namespace: string; cluster: string; name?: string; replicas: number; version: string },
): ProbeResult {
  if (!controlPlane)
    return notYet(
      expect.name
        ? `KubeadmControlPlane ${expect.namespace}/${expect.name} does not exist yet`
        : `Cluster ${expect.cluster} has no control plane yet`,
    );
  const what = `KubeadmControlPlane ${controlPlane.metadata.name}`;
  const specVersion = stringField(controlPlane, 'spec', 'version');
  const statusVersion = stringField(controlPlane, 'status', 'version');
  const replicas = replicaProblems(controlPlane, what, expect.replicas, [
    'replicas',
    'updatedReplicas',
    'readyReplicas',
  ]);
  return firstUnmet(
    [
      [specVersion === expect.version, `${what}: spec.version ${specVersion}, expected ${expect.version}`],
      [isObserved(controlPlane), `${what}: latest spec not observed yet`],
      [replicas === undefined, replicas ?? ''],
      [
        statusVersion === expect.version,
        `${what}: machines run ${statusVersion ?? 'no version yet'}, expected ${expect.version}`,
      ],
      [field(controlPlane, 'status', 'ready') === true, `${what}: not ready`],
    ],
    `${what}: ${expect.replicas}/${expect.replicas} ready at ${expect.version}`,
  );
}

/** The MachineDeployment a topology names `name` (CAPI generates the object name and labels it with this one). */
export const TOPOLOGY_DEPLOYMENT_LABEL = 'topology.cluster.x-k8s.io/deployment-name';

export function judgeWorkers(
  machineDeployments: readonly KubeObject[],
  expect: {
    cluster: string;
    machineDeployments: readonly { name: string; replicas: number }[];
    version: string;
  },
): ProbeResult {
  const problems: string[] = [];
  for (const wanted of expect.machineDeployments) {
    const md = machineDeployments.find((m) => m.metadata.labels?.[TOPOLOGY_DEPLOYMENT_LABEL] === wanted.name);
    if (!md) {
      problems.push(`MachineDeployment ${wanted.name} of ${expect.cluster} does not exist yet`);
      continue;
    }
    const what = `MachineDeployment ${wanted.name}`;
    const version = stringField(md, 'spec', 'template', 'spec', 'version');
    const phase = stringField(md, 'status', 'phase');
    const replicas = replicaProblems(md, what, wanted.replicas, [
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
    ]);
    if (version !== expect.version) problems.push(`${what}: version ${version}, expected ${expect.version}`);
    else if (!isObserved(md)) problems.push(`${what}: latest spec not observed yet`);
    else if (replicas) problems.push(replicas);
    else if (phase !== 'Running') problems.push(`${what}: phase ${phase ?? 'unknown'}`);
  }
  const extra = machineDeployments.filter(
    (m) => !expect.machineDeployments.some((w) => w.name === m.metadata.labels?.[TOPOLOGY_DEPLOYMENT_LABEL]),
  );
  if (extra.length > 0)
    problems.push(`unexpected MachineDeployments: ${extra.map((m) => m.metadata.name).join(', ')}`);
  if (problems.length > 0) return notYet(problems.join('; '));
  const total = expect.machineDeployments.reduce((sum, md) => sum + md.replicas, 0);
  return done(
    `${expect.machineDeployments.length} MachineDeployment(s), ${total} worker(s) ready at ${expect.version}`,
  );
}

/**
 * CSO is done with a Cluster's addons when its ClusterAddon records the class, is ready, runs no hook and has no
 * stage left that is not `done` (CSO empties the stage list when a hook completes).
 */
export function judgeClusterAddon(
  clusterAddon: KubeObject | undefined,
  expect: { namespace: string; cluster: string; clusterClass: string },
): ProbeResult {
  const name = `cluster-addon-${expect.cluster}`;
  if (!clusterAddon) return missing('ClusterAddon', name, expect.namespace);
  const hook = stringField(clusterAddon, 'spec', 'hook') ?? '';
  const stages =
    (field(clusterAddon, 'status', 'stages') as { name?: string; phase?: string }[] | undefined) ?? [];
  const pending = stages.filter((s) => s.phase !== 'done');
  const applied = condition(clusterAddon, 'HelmChartApplied');
  const recorded = stringField(clusterAddon, 'spec', 'clusterStack');
  const stageList = stages.map((s) => `${s.name}=${s.phase || 'Pending'}`).join(', ');
  return firstUnmet(
    [
      [pending.length === 0, `ClusterAddon ${name}: hook ${hook || 'none'}, stages ${stageList}`],
      [hook === '', `ClusterAddon ${name}: hook ${hook} running`],
      [
        recorded === expect.clusterClass,
        `ClusterAddon ${name}: addons of ${recorded || 'no class'} applied, waiting for ${expect.clusterClass}`,
      ],
      [
        field(clusterAddon, 'status', 'ready') === true,
        `ClusterAddon ${name}: not ready (${falseConditions(clusterAddon)})`,
      ],
      [applied?.status === 'True', `ClusterAddon ${name}: ${describeCondition('HelmChartApplied', applied)}`],
    ],
    `ClusterAddon ${name}: every stage of ${expect.clusterClass} done`,
  );
}
