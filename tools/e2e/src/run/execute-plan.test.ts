// Unit tests of running a plan: step order, timeouts, skipping and results, against an in-memory client whose
// objects a script changes over (fake) time. This exercises the driver's logic only; it is not an end-to-end
// test of a stack, which needs a real management cluster (see tools/e2e/README.md).
import { KubeClient } from '../kube/client';
import { buildPlan } from '../plan/build-plan';
import { Plan } from '../plan/plan';
import { workloadAccess } from '../probes/workload-access';
import { FakeClock } from '../testing/fake-clock';
import { denied, FakeKubeClient } from '../testing/fake-kube-client';
import * as objects from '../testing/objects';
import { release, renderCluster } from '../testing/releases';
import { executePlan } from './execute-plan';

const CONTROLLERS = [
  ['capi-system', 'capi-controller-manager'],
  ['capi-kubeadm-bootstrap-system', 'capi-kubeadm-bootstrap-controller-manager'],
  ['capi-kubeadm-control-plane-system', 'capi-kubeadm-control-plane-controller-manager'],
  ['cso-system', 'cso-controller-manager'],
  ['capd-system', 'capd-controller-manager'],
];

interface World {
  readonly clock: FakeClock;
  readonly management: FakeKubeClient;
  readonly workload: FakeKubeClient;
  readonly plan: Plan;
  readonly log: string[];
}

/**
 * A scripted management cluster: CSO installs the release 30 s after the ClusterStack is applied; the Cluster's
 * control plane initializes 60 s after it is created, its addons are done at 150 s, machines at 180 s, nodes Ready
 * at `nodesReadyAfter` s (never, if undefined) and the metrics API serves at 240 s.
 */
function world(options: { nodesReadyAfter?: number } = { nodesReadyAfter: 200 }): World {
  const clock = new FakeClock(1_000_000);
  const plan = buildPlan({ namespace: 'e2e', to: release('docker-scs-1-35-v1', 'v1.35.1'), renderCluster });
  const management = new FakeKubeClient(CONTROLLERS.map(([ns, name]) => objects.deployment(ns, name)));
  const workload = new FakeKubeClient();
  const since = (kind: string) => {
    const index = management.applied.findIndex((o) => o.kind === kind);
    return index === -1 ? undefined : appliedAt[index];
  };
  const appliedAt: number[] = [];
  const apply = management.apply.bind(management);
  management.apply = async (object) => {
    appliedAt.push(clock.now());
    await apply(object);
  };
  management.beforeEachCall = () => {
    const now = clock.now();
    const stackAt = since('ClusterStack');
    if (stackAt !== undefined && now - stackAt >= 30_000) {
      management.put(objects.clusterStackRelease('e2e', 'docker-scs-1-35-v1'));
      management.put(objects.clusterClass('e2e', 'docker-scs-1-35-v1'));
    }
    const clusterAt = since('Cluster');
    if (clusterAt === undefined) return;
    const elapsed = (now - clusterAt) / 1000;
    if (elapsed >= 60) {
      management.put(
        objects.cluster('e2e', 'defaults', {
          conditions: [
            objects.condition('ControlPlaneInitialized', 'True'),
            objects.condition('Ready', elapsed >= 240 ? 'True' : 'False'),
          ],
        }),
      );
      management.put(objects.kubeconfigSecret('e2e', 'defaults', 'kind: Config\n'));
    }
    if (elapsed >= 150) management.put(objects.clusterAddon('e2e', 'defaults'));
    if (elapsed >= 180) {
      management.put(objects.kubeadmControlPlane('e2e', 'defaults-cp'));
      management.put(objects.machineDeployment('e2e', 'defaults', 'md-0', { replicas: 2 }));
    }
    const ready = options.nodesReadyAfter !== undefined && elapsed >= options.nodesReadyAfter;
    for (const name of ['defaults-cp-1', 'defaults-md-0-1', 'defaults-md-0-2']) {
      workload.put(objects.node(name, { ready, message: ready ? undefined : 'cni plugin not initialized' }));
    }
    workload.put(objects.pod('kindnet-1', { ready }));
    if (elapsed >= 240)
      for (const name of ['defaults-cp-1', 'defaults-md-0-1', 'defaults-md-0-2'])
        workload.put(objects.nodeMetrics(name));
  };
  workload.beforeEachCall = () => management.beforeEachCall?.(management);
  return { clock, management, workload, plan, log: [] };
}

function run(w: World, timeoutMs = 3_600_000) {
  const factory = { management: w.management, forKubeconfig: (): KubeClient => w.workload };
  return executePlan(
    w.plan,
    { management: w.management, workload: workloadAccess(factory) },
    {
      stack: 'docker-scs-1-35',
      clock: w.clock,
      pollIntervalMs: 10_000,
      timeoutMs,
      log: (line) => w.log.push(line),
    },
  );
}

describe('executePlan', () => {
  test('GIVEN a cluster that becomes healthy WHEN the plan runs THEN every step passes, in order, and objects are applied once each', async () => {
    const w = world();
    const result = await run(w);
    expect(result.passed).toBe(true);
    expect(result.steps.map((s) => s.status)).toEqual(w.plan.steps.map(() => 'passed'));
    expect(w.management.applied.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([
      'Namespace e2e',
      'ClusterStack docker-scs-1-35',
      'Cluster defaults',
    ]);
    expect(result).toMatchObject({
      stack: 'docker-scs-1-35',
      scenario: 'create',
      from: 'docker-scs-1-35-v1',
      to: 'docker-scs-1-35-v1',
      namespace: 'e2e',
      cluster: 'defaults',
    });
    expect(result.startedAt).toBe(new Date(1_000_000).toISOString());
    // 30 s for the release, then 240 s until the Cluster is Ready, at 10 s polls.
    expect(result.durationMs).toBe(270_000);
    expect(w.log.filter((l) => l.startsWith('[ ok ]'))).toHaveLength(w.plan.steps.length);
  });

  test('GIVEN nodes that never become Ready WHEN the plan runs THEN that step times out with the kubelet message and the rest is skipped', async () => {
    const w = world({ nodesReadyAfter: undefined });
    const result = await run(w);
    const nodes = result.steps.findIndex((s) => s.probe === 'nodes-ready');
    expect(result.passed).toBe(false);
    expect(result.steps[nodes]).toEqual({
      title: '3 nodes of defaults Ready at v1.35.1',
      kind: 'wait',
      probe: 'nodes-ready',
      status: 'failed',
      durationMs: 600_000,
      attempts: 61,
      detail:
        'timed out after 600s: defaults-cp-1 not Ready (cni plugin not initialized); defaults-md-0-1 not Ready (cni plugin not initialized); defaults-md-0-2 not Ready (cni plugin not initialized)',
    });
    expect(result.steps.slice(nodes + 1).map((s) => `${s.status}: ${s.detail}`)).toEqual(
      result.steps.slice(nodes + 1).map(() => 'skipped: not run: an earlier step failed'),
    );
    expect(w.log).toContain(
      '[FAIL] 15/20 3 nodes of defaults Ready at v1.35.1: timed out after 600s: defaults-cp-1 not Ready (cni plugin not initialized); defaults-md-0-1 not Ready (cni plugin not initialized); defaults-md-0-2 not Ready (cni plugin not initialized)',
    );
  });

  test('GIVEN a webhook that denies the Cluster WHEN the plan runs THEN the apply fails at once with the denial', async () => {
    const w = world();
    const apply = w.management.apply.bind(w.management);
    w.management.apply = async (object) => {
      if (object.kind === 'Cluster')
        throw denied(
          'admission webhook "validation.cluster.clusterstack.x-k8s.io" denied the request: topology field cannot be empty',
        );
      await apply(object);
    };
    const result = await run(w);
    const step = result.steps.find((s) => s.title.startsWith('create Cluster'));
    expect(step).toMatchObject({
      status: 'failed',
      attempts: 1,
      durationMs: 0,
      detail:
        'error: HTTP 422: admission webhook "validation.cluster.clusterstack.x-k8s.io" denied the request: topology field cannot be empty',
    });
  });

  test('GIVEN an overall timeout shorter than the run WHEN the plan runs THEN the step in progress gets only what is left', async () => {
    const w = world();
    const result = await run(w, 100_000);
    // 30 s for the release and 60 s for the control plane leave 10 s of the 100 s for the addons.
    const failed = result.steps.find((s) => s.status === 'failed');
    expect(failed).toMatchObject({
      title: 'CSO applied the addons of docker-scs-1-35-v1 to Cluster defaults',
      durationMs: 10_000,
    });
    expect(failed?.detail).toBe(
      'timed out after 10s: ClusterAddon e2e/cluster-addon-defaults does not exist yet',
    );
    expect(result.durationMs).toBe(100_000);
  });

  test('GIVEN a timeout already used up before a step WHEN the plan reaches it THEN it fails without running', async () => {
    const w = world();
    w.management.beforeEachCall = () => w.clock.advance(50_000);
    const result = await run(w, 100_000);
    expect(result.steps.slice(0, 3).map((s) => `${s.status}: ${s.detail}`)).toEqual([
      'passed: Deployment capi-system/capi-controller-manager: 1/1 available',
      'passed: Deployment capi-kubeadm-bootstrap-system/capi-kubeadm-bootstrap-controller-manager: 1/1 available',
      "failed: not started: the run's timeout of 100s is used up",
    ]);
  });
});

describe('executePlan: objects for a workload cluster', () => {
  test("GIVEN an apply step into a Cluster WHEN its kubeconfig appears late THEN the step waits for it and applies to the Cluster's own API only", async () => {
    // GIVEN
    const clock = new FakeClock(0);
    const management = new FakeKubeClient();
    const workload = new FakeKubeClient();
    const base = buildPlan({ namespace: 'e2e', to: release('docker-scs-1-35-v1', 'v1.35.1'), renderCluster });
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } };
    const plan: Plan = {
      ...base,
      steps: [
        {
          kind: 'apply',
          title: 'apply into defaults',
          object,
          inCluster: { namespace: 'e2e', cluster: 'defaults' },
          timeoutSeconds: 60,
        },
      ],
    };
    let calls = 0;

    // WHEN
    const result = await executePlan(
      plan,
      { management, workload: async () => (++calls < 3 ? undefined : workload) },
      { stack: 'docker-scs-1-35', clock, pollIntervalMs: 10_000, timeoutMs: 600_000, log: () => undefined },
    );

    // THEN
    expect(result.steps.map((s) => [s.status, s.attempts, s.detail])).toEqual([
      ['passed', 3, 'applied ConfigMap x in Cluster defaults'],
    ]);
    expect(workload.applied).toEqual([object]);
    expect(management.applied).toEqual([]);
  });
});
