// Unit tests of the judges of management-cluster objects: object fixtures in, verdicts out. No cluster.
import {
  clusterAddon,
  clusterClass,
  clusterStackRelease,
  condition,
  cluster,
  deployment,
  kubeadmControlPlane,
  machineDeployment,
} from '../testing/objects';
import {
  judgeClusterAddon,
  judgeClusterClass,
  judgeClusterReady,
  judgeClusterStackRelease,
  judgeControlPlane,
  judgeControlPlaneInitialized,
  judgeDeployment,
  judgeTopologyReconciled,
  judgeWorkers,
} from './management';

describe('judgeDeployment', () => {
  test('GIVEN an available Deployment WHEN judged THEN done', () => {
    expect(
      judgeDeployment(
        deployment('cso-system', 'cso-controller-manager'),
        'cso-system',
        'cso-controller-manager',
      ),
    ).toEqual({
      done: true,
      detail: 'Deployment cso-system/cso-controller-manager: 1/1 available',
    });
  });

  test('GIVEN no Deployment or one without available replicas WHEN judged THEN not done, saying which', () => {
    expect(judgeDeployment(undefined, 'capd-system', 'capd-controller-manager')).toEqual({
      done: false,
      detail: 'Deployment capd-system/capd-controller-manager does not exist yet',
    });
    expect(
      judgeDeployment(
        deployment('capd-system', 'capd-controller-manager', { availableReplicas: 0 }),
        'capd-system',
        'capd-controller-manager',
      ),
    ).toEqual({
      done: false,
      detail: 'Deployment capd-system/capd-controller-manager: 0/1 available, 1/1 updated',
    });
  });
});

describe('judgeClusterStackRelease', () => {
  test('GIVEN a ready release WHEN judged THEN done with its Kubernetes version', () => {
    expect(
      judgeClusterStackRelease(clusterStackRelease('e2e', 'docker-scs-1-35-v1'), 'e2e', 'docker-scs-1-35-v1'),
    ).toEqual({
      done: true,
      detail: 'ClusterStackRelease docker-scs-1-35-v1 ready (Kubernetes v1.35.1)',
    });
  });

  test('GIVEN a release CSO cannot read WHEN judged THEN not done, with the failing conditions', () => {
    const release = clusterStackRelease('e2e', 'docker-scs-1-35-v1', {
      ready: false,
      conditions: [
        condition(
          'ClusterStackReleaseDownloaded',
          'False',
          'IssueWithReleaseAssets',
          'failed to get metadata',
        ),
        condition('AssetsClientAPIAvailable', 'True'),
      ],
    });
    expect(judgeClusterStackRelease(release, 'e2e', 'docker-scs-1-35-v1')).toEqual({
      done: false,
      detail:
        'ClusterStackRelease docker-scs-1-35-v1 not ready: ClusterStackReleaseDownloaded=False (IssueWithReleaseAssets: failed to get metadata)',
    });
  });
});

describe('judgeClusterClass', () => {
  test('GIVEN a ClusterClass with reconciled variables, or none reported WHEN judged THEN done', () => {
    expect(judgeClusterClass(clusterClass('e2e', 'docker-scs-1-35-v1'), 'e2e', 'docker-scs-1-35-v1')).toEqual(
      { done: true, detail: 'ClusterClass docker-scs-1-35-v1 present' },
    );
    expect(
      judgeClusterClass(clusterClass('e2e', 'docker-scs-1-35-v1', []), 'e2e', 'docker-scs-1-35-v1').done,
    ).toBe(true);
  });

  test('GIVEN invalid variables WHEN judged THEN not done, with CAPI message', () => {
    const invalid = clusterClass('e2e', 'c', [
      condition('VariablesReconciled', 'False', 'VariableDiscoveryFailed', 'bad schema'),
    ]);
    expect(judgeClusterClass(invalid, 'e2e', 'c')).toEqual({
      done: false,
      detail: 'ClusterClass c: VariablesReconciled=False (VariableDiscoveryFailed: bad schema)',
    });
  });
});

describe('Cluster conditions', () => {
  test('GIVEN ControlPlaneInitialized False WHEN judged THEN not done, with the phase', () => {
    const starting = cluster('e2e', 'defaults', {
      conditions: [
        condition('ControlPlaneInitialized', 'False', 'WaitingForControlPlaneProviderInitialized'),
      ],
    });
    expect(judgeControlPlaneInitialized(starting, 'e2e', 'defaults')).toEqual({
      done: false,
      detail:
        'Cluster defaults: ControlPlaneInitialized=False (WaitingForControlPlaneProviderInitialized) (phase Provisioned)',
    });
    expect(judgeControlPlaneInitialized(cluster('e2e', 'defaults'), 'e2e', 'defaults')).toEqual({
      done: true,
      detail: 'Cluster defaults: control plane initialized',
    });
  });

  test('GIVEN Ready True or missing WHEN judged THEN done or not', () => {
    expect(judgeClusterReady(cluster('e2e', 'defaults'), 'e2e', 'defaults')).toEqual({
      done: true,
      detail: 'Cluster defaults Ready',
    });
    expect(judgeClusterReady(undefined, 'e2e', 'defaults')).toEqual({
      done: false,
      detail: 'Cluster e2e/defaults does not exist yet',
    });
  });
});

describe('judgeTopologyReconciled', () => {
  const expect135 = {
    namespace: 'e2e',
    cluster: 'defaults',
    clusterClass: 'docker-scs-1-35-v2',
    version: 'v1.35.1',
  };

  test('GIVEN a TopologyReconciled True computed for the current generation WHEN judged THEN done', () => {
    const current = cluster('e2e', 'defaults', { clusterClass: 'docker-scs-1-35-v2', generation: 3 });
    expect(judgeTopologyReconciled(current, expect135)).toEqual({
      done: true,
      detail: 'Cluster defaults: topology reconciled to docker-scs-1-35-v2 (v1.35.1)',
    });
  });

  test('GIVEN a TopologyReconciled True left over from the previous generation WHEN judged THEN not done', () => {
    const stale = cluster('e2e', 'defaults', {
      clusterClass: 'docker-scs-1-35-v2',
      generation: 3,
      v1beta2: [condition('TopologyReconciled', 'True', 'ReconcileSucceeded', undefined, 2)],
    });
    expect(judgeTopologyReconciled(stale, expect135)).toEqual({
      done: false,
      detail: 'Cluster defaults: TopologyReconciled=True (ReconcileSucceeded) for generation 3',
    });
  });

  test('GIVEN the Cluster still asks for the old class WHEN judged THEN not done', () => {
    expect(judgeTopologyReconciled(cluster('e2e', 'defaults'), expect135)).toEqual({
      done: false,
      detail: 'Cluster defaults asks for docker-scs-1-35-v1 (v1.35.1), not docker-scs-1-35-v2 (v1.35.1)',
    });
  });

  test('GIVEN only v1beta1 conditions WHEN judged THEN observedGeneration decides', () => {
    const legacy = { ...cluster('e2e', 'defaults', { clusterClass: 'docker-scs-1-35-v2' }) };
    const status = { ...(legacy.status as Record<string, unknown>) };
    delete status.v1beta2;
    expect(judgeTopologyReconciled({ ...legacy, status }, expect135).done).toBe(true);
    expect(
      judgeTopologyReconciled({ ...legacy, status: { ...status, observedGeneration: 1 } }, expect135).done,
    ).toBe(false);
  });
});

describe('judgeControlPlane', () => {
  const wanted = {
    namespace: 'e2e',
    cluster: 'defaults',
    name: 'defaults-cp',
    replicas: 1,
    version: 'v1.35.1',
  };

  test('GIVEN a ready KubeadmControlPlane at the version WHEN judged THEN done', () => {
    expect(judgeControlPlane(kubeadmControlPlane('e2e', 'defaults-cp'), wanted)).toEqual({
      done: true,
      detail: 'KubeadmControlPlane defaults-cp: 1/1 ready at v1.35.1',
    });
  });

  test('GIVEN a rollout in progress WHEN judged THEN not done, naming the counters that differ', () => {
    // One old machine and its replacement: two machines, one up to date, the new one not ready yet.
    const rolling = kubeadmControlPlane('e2e', 'defaults-cp', {
      status: {
        replicas: 2,
        updatedReplicas: 1,
        readyReplicas: 1,
        unavailableReplicas: 1,
        version: 'v1.34.3',
      },
    });
    expect(judgeControlPlane(rolling, wanted)).toEqual({
      done: false,
      detail: 'KubeadmControlPlane defaults-cp: replicas 2/1, unavailableReplicas 1',
    });
  });

  test('GIVEN machines still on the old version WHEN judged THEN not done', () => {
    const old = kubeadmControlPlane('e2e', 'defaults-cp', { status: { version: 'v1.34.3' } });
    expect(judgeControlPlane(old, wanted)).toEqual({
      done: false,
      detail: 'KubeadmControlPlane defaults-cp: machines run v1.34.3, expected v1.35.1',
    });
  });

  test('GIVEN a spec not yet observed, or an old spec version WHEN judged THEN not done', () => {
    expect(
      judgeControlPlane(
        kubeadmControlPlane('e2e', 'defaults-cp', { generation: 2, status: { observedGeneration: 1 } }),
        wanted,
      ),
    ).toEqual({
      done: false,
      detail: 'KubeadmControlPlane defaults-cp: latest spec not observed yet',
    });
    expect(
      judgeControlPlane(kubeadmControlPlane('e2e', 'defaults-cp', { version: 'v1.34.3' }), wanted),
    ).toEqual({
      done: false,
      detail: 'KubeadmControlPlane defaults-cp: spec.version v1.34.3, expected v1.35.1',
    });
  });

  test('GIVEN no control plane WHEN judged THEN not done', () => {
    expect(judgeControlPlane(undefined, { ...wanted, name: undefined })).toEqual({
      done: false,
      detail: 'Cluster defaults has no control plane yet',
    });
  });
});

describe('judgeWorkers', () => {
  const wanted = {
    cluster: 'defaults',
    machineDeployments: [{ name: 'md-0', replicas: 2 }],
    version: 'v1.35.1',
  };

  test('GIVEN every MachineDeployment running at the version WHEN judged THEN done', () => {
    expect(judgeWorkers([machineDeployment('e2e', 'defaults', 'md-0', { replicas: 2 })], wanted)).toEqual({
      done: true,
      detail: '1 MachineDeployment(s), 2 worker(s) ready at v1.35.1',
    });
  });

  test('GIVEN a missing, a scaling and an unexpected MachineDeployment WHEN judged THEN each is named', () => {
    const scaling = machineDeployment('e2e', 'defaults', 'md-0', {
      replicas: 2,
      status: { readyReplicas: 1, availableReplicas: 1, unavailableReplicas: 1, phase: 'ScalingUp' },
    });
    const extra = machineDeployment('e2e', 'defaults', 'md-9');
    expect(judgeWorkers([scaling, extra], wanted)).toEqual({
      done: false,
      detail:
        'MachineDeployment md-0: readyReplicas 1/2, availableReplicas 1/2, unavailableReplicas 1; unexpected MachineDeployments: defaults-md-9-x7k2p',
    });
    expect(judgeWorkers([], wanted)).toEqual({
      done: false,
      detail: 'MachineDeployment md-0 of defaults does not exist yet',
    });
  });

  test('GIVEN a MachineDeployment on the old version WHEN judged THEN not done', () => {
    expect(
      judgeWorkers(
        [machineDeployment('e2e', 'defaults', 'md-0', { replicas: 2, version: 'v1.34.3' })],
        wanted,
      ),
    ).toEqual({
      done: false,
      detail: 'MachineDeployment md-0: version v1.34.3, expected v1.35.1',
    });
  });
});

describe('judgeClusterAddon', () => {
  const wanted = { namespace: 'e2e', cluster: 'defaults', clusterClass: 'docker-scs-1-35-v1' };

  test('GIVEN a ClusterAddon done with the class WHEN judged THEN done', () => {
    expect(judgeClusterAddon(clusterAddon('e2e', 'defaults'), wanted)).toEqual({
      done: true,
      detail: 'ClusterAddon cluster-addon-defaults: every stage of docker-scs-1-35-v1 done',
    });
  });

  test('GIVEN a hook with pending stages WHEN judged THEN not done, listing each stage phase', () => {
    const running = clusterAddon('e2e', 'defaults', {
      hook: 'AfterControlPlaneInitialized',
      ready: false,
      stages: [
        { name: 'cni', action: 'apply', phase: 'done' },
        { name: 'metrics-server', action: 'apply', phase: 'applyingOrDeleting' },
      ],
    });
    expect(judgeClusterAddon(running, wanted)).toEqual({
      done: false,
      detail:
        'ClusterAddon cluster-addon-defaults: hook AfterControlPlaneInitialized, stages cni=done, metrics-server=applyingOrDeleting',
    });
  });

  test('GIVEN the addons of the previous class WHEN judged for the new class THEN not done', () => {
    expect(
      judgeClusterAddon(clusterAddon('e2e', 'defaults'), { ...wanted, clusterClass: 'docker-scs-1-35-v2' }),
    ).toEqual({
      done: false,
      detail:
        'ClusterAddon cluster-addon-defaults: addons of docker-scs-1-35-v1 applied, waiting for docker-scs-1-35-v2',
    });
  });

  test('GIVEN HelmChartApplied False WHEN judged THEN not done', () => {
    expect(judgeClusterAddon(clusterAddon('e2e', 'defaults', { applied: 'False' }), wanted)).toEqual({
      done: false,
      detail: 'ClusterAddon cluster-addon-defaults: HelmChartApplied=False',
    });
  });

  test('GIVEN no ClusterAddon WHEN judged THEN not done', () => {
    expect(judgeClusterAddon(undefined, wanted)).toEqual({
      done: false,
      detail: 'ClusterAddon e2e/cluster-addon-defaults does not exist yet',
    });
  });
});
