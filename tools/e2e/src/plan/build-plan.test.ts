// Unit tests of planning: which objects are applied, in which order, and what is waited for. No cluster.
import { release, renderCluster } from '../testing/releases';
import { buildPlan, topologyOf } from './build-plan';
import { Step } from './plan';

function outline(steps: readonly Step[]): string[] {
  return steps.map((s) => `${s.title} [${s.timeoutSeconds}s]`);
}

const V135 = release('docker-scs-1-35-v2', 'v1.35.1');
const V135_OLD = release('docker-scs-1-35-v1', 'v1.35.1');
const V134 = release('docker-scs-1-34-v1', 'v1.34.3');

const CONTROLLERS = [
  'management cluster runs capi-system/capi-controller-manager [300s]',
  'management cluster runs capi-kubeadm-bootstrap-system/capi-kubeadm-bootstrap-controller-manager [300s]',
  'management cluster runs capi-kubeadm-control-plane-system/capi-kubeadm-control-plane-controller-manager [300s]',
  'management cluster runs cso-system/cso-controller-manager [300s]',
  'management cluster runs capd-system/capd-controller-manager [300s]',
];

const HEALTH = (clusterClass: string, version: string) => [
  `CSO applied the addons of ${clusterClass} to Cluster defaults [900s]`,
  `control plane of defaults: 1 replica ready at ${version} [1500s]`,
  `workers of defaults (md-0×2) ready at ${version} [1500s]`,
  `3 nodes of defaults Ready at ${version} [600s]`,
  'kube-system pods of defaults running and ready [600s]',
  'metrics API of defaults serves 3 nodes [600s]',
  'Cluster defaults Ready [600s]',
];

describe('buildPlan', () => {
  test('GIVEN one release WHEN planned THEN check controllers, install the release, create the Cluster, wait for health, assert', () => {
    const plan = buildPlan({ namespace: 'e2e', to: V135, renderCluster });
    expect(plan.scenario).toBe('create');
    expect(plan.cluster).toBe('defaults');
    expect(outline(plan.steps)).toEqual([
      ...CONTROLLERS,
      'apply Namespace e2e [120s]',
      'apply ClusterStack docker-scs-1-35 (v2) [120s]',
      'CSO installed release docker-scs-1-35-v2 [300s]',
      'ClusterClass docker-scs-1-35-v2 present [180s]',
      'create Cluster defaults on docker-scs-1-35-v2 (v1.35.1) [120s]',
      'control plane of defaults initialized [900s]',
      ...HEALTH('docker-scs-1-35-v2', 'v1.35.1'),
      'finally: no unhealthy node in defaults [0s]',
      'finally: no pending addon stage in defaults [0s]',
    ]);
  });

  test('GIVEN the ClusterStack of a create plan WHEN planned THEN it pins the version, in local mode, without provider', () => {
    const step = buildPlan({ namespace: 'e2e', to: V135, renderCluster }).steps[6];
    expect(step).toEqual({
      kind: 'apply',
      title: 'apply ClusterStack docker-scs-1-35 (v2)',
      timeoutSeconds: 120,
      object: {
        apiVersion: 'clusterstack.x-k8s.io/v1alpha1',
        kind: 'ClusterStack',
        metadata: { name: 'docker-scs-1-35', namespace: 'e2e' },
        spec: {
          provider: 'docker',
          name: 'scs',
          kubernetesVersion: '1.35',
          channel: 'custom',
          autoSubscribe: false,
          noProvider: true,
          versions: ['v2'],
        },
      },
    });
  });

  test('GIVEN an upgrade from the previous minor WHEN planned THEN two ClusterStacks, the Cluster on 1.34, then class and version switched', () => {
    const plan = buildPlan({ namespace: 'e2e', to: V135, from: V134, renderCluster });
    expect(plan.scenario).toBe('upgrade');
    expect(outline(plan.steps)).toEqual([
      ...CONTROLLERS,
      'apply Namespace e2e [120s]',
      'apply ClusterStack docker-scs-1-34 (v1) [120s]',
      'apply ClusterStack docker-scs-1-35 (v2) [120s]',
      'CSO installed release docker-scs-1-34-v1 [300s]',
      'CSO installed release docker-scs-1-35-v2 [300s]',
      'ClusterClass docker-scs-1-34-v1 present [180s]',
      'ClusterClass docker-scs-1-35-v2 present [180s]',
      'create Cluster defaults on docker-scs-1-34-v1 (v1.34.3) [120s]',
      'control plane of defaults initialized [900s]',
      ...HEALTH('docker-scs-1-34-v1', 'v1.34.3'),
      'upgrade Cluster defaults to docker-scs-1-35-v2 (v1.35.1) [120s]',
      'topology of defaults reconciled to docker-scs-1-35-v2 (v1.35.1) [2400s]',
      ...HEALTH('docker-scs-1-35-v2', 'v1.35.1'),
      'finally: no unhealthy node in defaults [0s]',
      'finally: no pending addon stage in defaults [0s]',
    ]);
    const upgrade = plan.steps.find((s) => s.title.startsWith('upgrade'));
    expect(upgrade?.kind === 'apply' && upgrade.object.spec).toMatchObject({
      topology: { class: 'docker-scs-1-35-v2', version: 'v1.35.1' },
    });
    expect(plan.steps.at(-2)).toEqual({
      kind: 'wait',
      title: 'finally: no unhealthy node in defaults',
      probe: { type: 'nodes-ready', namespace: 'e2e', cluster: 'defaults', count: 3, version: 'v1.35.1' },
      timeoutSeconds: 0,
    });
  });

  test('GIVEN an upgrade with a workload WHEN planned THEN it starts on the old nodes and must run on the new ones', () => {
    // GIVEN / WHEN
    const plan = buildPlan({
      namespace: 'e2e',
      to: V135,
      from: V134,
      renderCluster,
      workload: { image: 'idle:v1' },
    });

    // THEN
    const titles = outline(plan.steps);
    const start = titles.indexOf('start workload default/e2e-workload in defaults [120s]');
    expect(titles.slice(start, start + 3)).toEqual([
      'start workload default/e2e-workload in defaults [120s]',
      'workload e2e-workload: 2 Pods ready at v1.34.3 [600s]',
      'upgrade Cluster defaults to docker-scs-1-35-v2 (v1.35.1) [120s]',
    ]);
    expect(titles.at(-3)).toBe(
      'workload e2e-workload survived the upgrade: 2 Pods ready on nodes at v1.35.1 [600s]',
    );
    const apply = plan.steps[start]!;
    expect(apply.kind === 'apply' && apply.inCluster).toEqual({ namespace: 'e2e', cluster: 'defaults' });
    expect(apply.kind === 'apply' && apply.object).toMatchSnapshot();
    expect(plan.steps.at(-3)).toMatchObject({
      probe: {
        type: 'workload-running',
        namespace: 'e2e',
        cluster: 'defaults',
        workloadNamespace: 'default',
        name: 'e2e-workload',
        replicas: 2,
        version: 'v1.35.1',
      },
    });
  });

  test('GIVEN an upgrade within the same minor WHEN planned THEN one ClusterStack lists both versions', () => {
    const plan = buildPlan({ namespace: 'e2e', to: V135, from: V135_OLD, renderCluster });
    const stacks = plan.steps.filter((s) => s.kind === 'apply' && s.object.kind === 'ClusterStack');
    expect(
      stacks.map((s) => s.kind === 'apply' && (s.object.spec as { versions: string[] }).versions),
    ).toEqual([['v1', 'v2']]);
  });

  test.each([
    [V135, 'nothing to upgrade: --upgrade-from is the release under test (docker-scs-1-35-v2)'],
    [
      release('docker-ferrol-1-35-v1', 'v1.35.1'),
      'cannot upgrade from docker-ferrol-1-35-v1 to docker-scs-1-35-v2: CSO allows no change of provider or stack name',
    ],
    [
      release('docker-scs-1-33-v1', 'v1.33.7'),
      'cannot upgrade from Kubernetes 1.33 to 1.35: CSO allows the same minor or the next one',
    ],
    [
      release('docker-scs-1-36-v1', 'v1.36.1'),
      'cannot upgrade from Kubernetes 1.36 to 1.35: CSO allows the same minor or the next one',
    ],
  ])('GIVEN an upgrade CSO refuses (%#) WHEN planned THEN it fails: %s', (from, message) => {
    expect(() => buildPlan({ namespace: 'e2e', to: V135, from, renderCluster })).toThrow(message);
  });
});

describe('topologyOf', () => {
  test('GIVEN a Cluster without replicas WHEN read THEN one control-plane machine and one per deployment', () => {
    const cluster = renderCluster(V135);
    const spec = {
      topology: {
        controlPlane: {},
        workers: { machineDeployments: [{ class: 'default-worker', name: 'md-0' }] },
      },
    };
    expect(topologyOf({ ...cluster, spec })).toEqual({
      controlPlaneReplicas: 1,
      machineDeployments: [{ name: 'md-0', replicas: 1 }],
    });
  });
});

describe('buildPlan without the operator (CSO emulated by the driver)', () => {
  it('GIVEN an upgrade with CSO emulated WHEN planned THEN the driver installs releases, applies addons at both hooks and waits for no ClusterAddon', () => {
    const plan = buildPlan({ namespace: 'e2e', to: V135, from: V134, renderCluster, cso: 'emulated' });
    expect(plan.cso).toBe('emulated');
    expect(outline(plan.steps)).toEqual([
      ...CONTROLLERS.filter((c) => !c.includes('cso-system')),
      'apply Namespace e2e [120s]',
      'install release docker-scs-1-34-v1 as CSO does (helm template, server-side apply) [300s]',
      'install release docker-scs-1-35-v2 as CSO does (helm template, server-side apply) [300s]',
      'ClusterClass docker-scs-1-34-v1 present [180s]',
      'ClusterClass docker-scs-1-35-v2 present [180s]',
      'create Cluster defaults on docker-scs-1-34-v1 (v1.34.3) [120s]',
      'control plane of defaults initialized [900s]',
      'apply the AfterControlPlaneInitialized addon stages of docker-scs-1-34-v1 to defaults as CSO does [900s]',
      ...HEALTH('docker-scs-1-34-v1', 'v1.34.3').slice(1),
      'apply the BeforeClusterUpgrade addon stages of docker-scs-1-35-v2 to defaults as CSO does [900s]',
      'upgrade Cluster defaults to docker-scs-1-35-v2 (v1.35.1) [120s]',
      'topology of defaults reconciled to docker-scs-1-35-v2 (v1.35.1) [2400s]',
      ...HEALTH('docker-scs-1-35-v2', 'v1.35.1').slice(1),
      'finally: no unhealthy node in defaults [0s]',
    ]);
    expect(
      plan.steps.filter(
        (s) =>
          (s.kind === 'wait' && s.probe.type.startsWith('cluster-stack')) ||
          (s.kind === 'wait' && s.probe.type === 'cluster-addon-done'),
      ),
    ).toEqual([]);
  });
});
