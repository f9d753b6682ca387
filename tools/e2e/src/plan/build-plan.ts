import { KubeObject } from '../kube/client';
import { clusterStackObjects, namespaceObject } from './manifests';
import { CsoMode, Plan, Probe, Step } from './plan';
import { controllersFor } from './prerequisites';
import { ReleaseInfo } from './release';

/** Default time limit of each kind of step, in seconds; the run's overall `--timeout` caps them all. */
export const STEP_TIMEOUTS = {
  controller: 300,
  apply: 120,
  release: 300,
  clusterClass: 180,
  /**
   * After a class switch CAPI reports the topology reconciled only once the whole rollout is through: the
   * BeforeClusterUpgrade hook (CSO applying the new addons), then the control plane, then the workers.
   */
  upgrade: 2400,
  controlPlaneInitialized: 900,
  addons: 900,
  /** Machines are created (or replaced one by one during an upgrade): the slowest part. */
  machines: 1500,
  nodes: 600,
  pods: 600,
  metrics: 600,
  clusterReady: 600,
} as const;

export interface PlanInput {
  /** Namespace of the ClusterStacks, their ClusterClasses and the Cluster. */
  readonly namespace: string;
  /** The release under test. */
  readonly to: ReleaseInfo;
  /** Upgrade test: the release the Cluster starts on. */
  readonly from?: ReleaseInfo;
  /** The example Cluster rendered for a release's ClusterClass and Kubernetes version. */
  renderCluster(release: ReleaseInfo): KubeObject;
  /** Who does CSO's part. @default 'operator' */
  readonly cso?: CsoMode;
  /**
   * Upgrade test: a workload started before the upgrade that must run again on the new nodes after it.
   * @default - no workload
   */
  readonly workload?: WorkloadInput;
}

export interface WorkloadInput {
  /** An image that every node, old and new, can run without arguments; it must keep running. */
  readonly image: string;
}

/** The upgrade scenario's workload: an idle Deployment in the default namespace, as restricted as PSS allows. */
export const WORKLOAD = { namespace: 'default', name: 'e2e-workload', replicas: 2 } as const;

export function workloadDeployment(image: string): KubeObject {
  const labels = { app: WORKLOAD.name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: WORKLOAD.name, namespace: WORKLOAD.namespace, labels },
    spec: {
      replicas: WORKLOAD.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65535,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'idle',
              image,
              imagePullPolicy: 'IfNotPresent',
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

function workloadRunning(namespace: string, cluster: string, version: string) {
  return {
    type: 'workload-running' as const,
    namespace,
    cluster,
    workloadNamespace: WORKLOAD.namespace,
    name: WORKLOAD.name,
    replicas: WORKLOAD.replicas,
    version,
  };
}

interface Topology {
  readonly controlPlaneReplicas: number;
  readonly machineDeployments: readonly { readonly name: string; readonly replicas: number }[];
}

/** The replicas a Cluster asks for, read from the object itself so expectations cannot drift from it. */
export function topologyOf(cluster: KubeObject): Topology {
  const topology = (cluster.spec as { topology?: Record<string, unknown> } | undefined)?.topology ?? {};
  const controlPlane = topology.controlPlane as { replicas?: number } | undefined;
  const workers = topology.workers as
    { machineDeployments?: { name: string; replicas?: number }[] } | undefined;
  return {
    controlPlaneReplicas: controlPlane?.replicas ?? 1,
    machineDeployments: (workers?.machineDeployments ?? []).map((md) => ({
      name: md.name,
      replicas: md.replicas ?? 1,
    })),
  };
}

function checkUpgrade(from: ReleaseInfo, to: ReleaseInfo): void {
  if (from.tag === to.tag)
    throw new Error(`nothing to upgrade: --upgrade-from is the release under test (${to.tag})`);
  if (from.provider !== to.provider || from.stackName !== to.stackName) {
    throw new Error(
      `cannot upgrade from ${from.tag} to ${to.tag}: CSO allows no change of provider or stack name`,
    );
  }
  const [fromMajor, fromMinor] = from.kubernetesMinor.split('.').map(Number);
  const [toMajor, toMinor] = to.kubernetesMinor.split('.').map(Number);
  if (fromMajor !== toMajor || (toMinor !== fromMinor && toMinor !== fromMinor + 1)) {
    throw new Error(
      `cannot upgrade from Kubernetes ${from.kubernetesMinor} to ${to.kubernetesMinor}: CSO allows the same minor or the next one`,
    );
  }
}

function wait(title: string, probe: Probe, timeoutSeconds: number): Step {
  return { kind: 'wait', title, probe, timeoutSeconds };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Everything that must hold once a Cluster runs `release`: machines, nodes, addons, metrics. */
function healthSteps(
  namespace: string,
  cluster: string,
  release: ReleaseInfo,
  topology: Topology,
  cso: CsoMode,
): Step[] {
  const version = release.kubernetesVersion;
  const nodes =
    topology.controlPlaneReplicas + topology.machineDeployments.reduce((sum, md) => sum + md.replicas, 0);
  const workerList =
    topology.machineDeployments.map((md) => `${md.name}×${md.replicas}`).join(', ') || 'none';
  const addons =
    cso === 'operator'
      ? [
          wait(
            `CSO applied the addons of ${release.clusterClass} to Cluster ${cluster}`,
            { type: 'cluster-addon-done', namespace, cluster, clusterClass: release.clusterClass },
            STEP_TIMEOUTS.addons,
          ),
        ]
      : [];
  return [
    ...addons,
    wait(
      `control plane of ${cluster}: ${plural(topology.controlPlaneReplicas, 'replica')} ready at ${version}`,
      { type: 'control-plane-ready', namespace, cluster, replicas: topology.controlPlaneReplicas, version },
      STEP_TIMEOUTS.machines,
    ),
    wait(
      `workers of ${cluster} (${workerList}) ready at ${version}`,
      { type: 'workers-ready', namespace, cluster, machineDeployments: topology.machineDeployments, version },
      STEP_TIMEOUTS.machines,
    ),
    wait(
      `${plural(nodes, 'node')} of ${cluster} Ready at ${version}`,
      { type: 'nodes-ready', namespace, cluster, count: nodes, version },
      STEP_TIMEOUTS.nodes,
    ),
    wait(
      `kube-system pods of ${cluster} running and ready`,
      { type: 'kube-system-pods-ready', namespace, cluster },
      STEP_TIMEOUTS.pods,
    ),
    wait(
      `metrics API of ${cluster} serves ${plural(nodes, 'node')}`,
      { type: 'metrics-serving', namespace, cluster, count: nodes },
      STEP_TIMEOUTS.metrics,
    ),
    wait(
      `Cluster ${cluster} Ready`,
      { type: 'cluster-ready', namespace, cluster },
      STEP_TIMEOUTS.clusterReady,
    ),
  ];
}

/** CSO installs each release: a ClusterStack lists them, and each ClusterStackRelease becomes ready. */
function operatorInstall(namespace: string, releases: readonly ReleaseInfo[]): Step[] {
  return [
    ...clusterStackObjects(namespace, releases).map((object): Step => ({
      kind: 'apply',
      title: `apply ClusterStack ${object.metadata.name} (${(object.spec as { versions: string[] }).versions.join(', ')})`,
      object,
      timeoutSeconds: STEP_TIMEOUTS.apply,
    })),
    ...releases.map((r) =>
      wait(
        `CSO installed release ${r.tag}`,
        { type: 'cluster-stack-release-ready', namespace, name: r.tag },
        STEP_TIMEOUTS.release,
      ),
    ),
  ];
}

/** The driver installs each release as CSO does: helm template of the cluster-class chart, server-side apply. */
function emulatedInstall(namespace: string, releases: readonly ReleaseInfo[]): Step[] {
  return releases.map((release) => ({
    kind: 'cso',
    title: `install release ${release.tag} as CSO does (helm template, server-side apply)`,
    action: 'install-release',
    release,
    namespace,
    timeoutSeconds: STEP_TIMEOUTS.release,
  }));
}

function applyAddons(
  namespace: string,
  cluster: string,
  release: ReleaseInfo,
  hook: 'AfterControlPlaneInitialized' | 'BeforeClusterUpgrade',
): Step {
  return {
    kind: 'cso',
    title: `apply the ${hook} addon stages of ${release.tag} to ${cluster} as CSO does`,
    action: 'apply-addons',
    release,
    hook,
    namespace,
    cluster,
    timeoutSeconds: STEP_TIMEOUTS.addons,
  };
}

/**
 * The steps of one end-to-end run, in order: check the management cluster, apply the ClusterStacks and wait for
 * CSO to install their releases, create the Cluster on the first release and wait until it is healthy; for an
 * upgrade, switch its class (and Kubernetes version) to the release under test and wait for the rollout; finally
 * assert once more that no node is unhealthy and no addon stage is pending.
 */
export function buildPlan(input: PlanInput): Plan {
  const { namespace, to } = input;
  const cso = input.cso ?? 'operator';
  const from = input.from ?? to;
  if (input.from) checkUpgrade(from, to);
  const releases = from.tag === to.tag ? [to] : [from, to];
  const initial = input.renderCluster(from);
  const cluster = initial.metadata.name;
  const topology = topologyOf(initial);

  const steps: Step[] = [
    // Without the operator, its controller is not part of the management cluster.
    ...controllersFor(to.provider)
      .filter((c) => cso === 'operator' || c.namespace !== 'cso-system')
      .map((c) =>
        wait(
          `management cluster runs ${c.namespace}/${c.name}`,
          { type: 'deployment-available', namespace: c.namespace, name: c.name },
          STEP_TIMEOUTS.controller,
        ),
      ),
    {
      kind: 'apply',
      title: `apply Namespace ${namespace}`,
      object: namespaceObject(namespace),
      timeoutSeconds: STEP_TIMEOUTS.apply,
    },
    ...(cso === 'operator' ? operatorInstall(namespace, releases) : emulatedInstall(namespace, releases)),
    ...releases.map((r) =>
      wait(
        `ClusterClass ${r.clusterClass} present`,
        { type: 'cluster-class-present', namespace, name: r.clusterClass },
        STEP_TIMEOUTS.clusterClass,
      ),
    ),
    {
      kind: 'apply',
      title: `create Cluster ${cluster} on ${from.clusterClass} (${from.kubernetesVersion})`,
      object: initial,
      timeoutSeconds: STEP_TIMEOUTS.apply,
    },
    wait(
      `control plane of ${cluster} initialized`,
      { type: 'control-plane-initialized', namespace, cluster },
      STEP_TIMEOUTS.controlPlaneInitialized,
    ),
    ...(cso === 'emulated' ? [applyAddons(namespace, cluster, from, 'AfterControlPlaneInitialized')] : []),
    ...healthSteps(namespace, cluster, from, topology, cso),
  ];

  if (from.tag !== to.tag) {
    const upgraded = input.renderCluster(to);
    if (input.workload) {
      steps.push(
        {
          kind: 'apply',
          title: `start workload ${WORKLOAD.namespace}/${WORKLOAD.name} in ${cluster}`,
          object: workloadDeployment(input.workload.image),
          inCluster: { namespace, cluster },
          timeoutSeconds: STEP_TIMEOUTS.apply,
        },
        wait(
          `workload ${WORKLOAD.name}: ${WORKLOAD.replicas} Pods ready at ${from.kubernetesVersion}`,
          workloadRunning(namespace, cluster, from.kubernetesVersion),
          STEP_TIMEOUTS.pods,
        ),
      );
    }
    steps.push(
      // CSO applies the new release's addons in CAPI's BeforeClusterUpgrade hook, before the rollout.
      ...(cso === 'emulated' ? [applyAddons(namespace, cluster, to, 'BeforeClusterUpgrade')] : []),
      {
        kind: 'apply',
        title: `upgrade Cluster ${cluster} to ${to.clusterClass} (${to.kubernetesVersion})`,
        object: upgraded,
        timeoutSeconds: STEP_TIMEOUTS.apply,
      },
      wait(
        `topology of ${cluster} reconciled to ${to.clusterClass} (${to.kubernetesVersion})`,
        {
          type: 'topology-reconciled',
          namespace,
          cluster,
          clusterClass: to.clusterClass,
          version: to.kubernetesVersion,
        },
        STEP_TIMEOUTS.upgrade,
      ),
      ...healthSteps(namespace, cluster, to, topologyOf(upgraded), cso),
      ...(input.workload
        ? [
            wait(
              `workload ${WORKLOAD.name} survived the upgrade: ${WORKLOAD.replicas} Pods ready on nodes at ${to.kubernetesVersion}`,
              workloadRunning(namespace, cluster, to.kubernetesVersion),
              STEP_TIMEOUTS.pods,
            ),
          ]
        : []),
    );
  }

  const nodes = steps
    .filter((s): s is Extract<Step, { kind: 'wait' }> => s.kind === 'wait' && s.probe.type === 'nodes-ready')
    .pop()!;
  steps.push(wait(`finally: no unhealthy node in ${cluster}`, nodes.probe, 0));
  if (cso === 'operator') {
    steps.push(
      wait(
        `finally: no pending addon stage in ${cluster}`,
        { type: 'cluster-addon-done', namespace, cluster, clusterClass: to.clusterClass },
        0,
      ),
    );
  }
  return { scenario: from.tag === to.tag ? 'create' : 'upgrade', namespace, cluster, from, to, cso, steps };
}
