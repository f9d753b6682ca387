// Unit tests of the judges of workload-cluster objects: object fixtures in, verdicts out. No cluster.
import { deployment, node, nodeMetrics, pod } from '../testing/objects';
import { judgeKubeSystemPods, judgeNodeMetrics, judgeNodes, judgeWorkload } from './workload';

describe('judgeNodes', () => {
  test('GIVEN every node Ready at the version WHEN judged THEN done', () => {
    expect(judgeNodes([node('cp-1'), node('md-1')], { count: 2, version: 'v1.35.1' })).toEqual({
      done: true,
      detail: '2/2 nodes Ready at v1.35.1',
    });
  });

  test('GIVEN a node without CNI and one missing WHEN judged THEN not done, with the kubelet message', () => {
    const noCni = node('md-1', {
      ready: false,
      message: 'container runtime network not ready: cni plugin not initialized',
    });
    expect(judgeNodes([node('cp-1'), noCni], { count: 3, version: 'v1.35.1' })).toEqual({
      done: false,
      detail:
        '2/3 nodes registered; md-1 not Ready (container runtime network not ready: cni plugin not initialized)',
    });
  });

  test('GIVEN a node still on the old version WHEN judged THEN not done', () => {
    expect(judgeNodes([node('cp-1', { version: 'v1.34.3' })], { count: 1, version: 'v1.35.1' })).toEqual({
      done: false,
      detail: 'cp-1 runs v1.34.3',
    });
  });
});

describe('judgeKubeSystemPods', () => {
  test('GIVEN running and completed pods WHEN judged THEN done', () => {
    expect(
      judgeKubeSystemPods([pod('kindnet-abcde'), pod('job-x', { phase: 'Succeeded', ready: false })]),
    ).toEqual({ done: true, detail: '2 kube-system pods running and ready' });
  });

  test('GIVEN pending, unready and terminating pods WHEN judged THEN each is named', () => {
    expect(
      judgeKubeSystemPods([
        pod('coredns-1', { phase: 'Pending' }),
        pod('metrics-server-1', { ready: false }),
        pod('old-1', { deleting: true }),
      ]),
    ).toEqual({
      done: false,
      detail: 'coredns-1 Pending; metrics-server-1 containers not ready: main; old-1 terminating',
    });
    expect(judgeKubeSystemPods([])).toEqual({ done: false, detail: 'no pods in kube-system yet' });
  });
});

describe('judgeNodeMetrics', () => {
  test('GIVEN metrics of every node WHEN judged THEN done; of fewer THEN not done', () => {
    expect(judgeNodeMetrics([nodeMetrics('cp-1'), nodeMetrics('md-1')], 2)).toEqual({
      done: true,
      detail: 'metrics.k8s.io serves 2 node metrics',
    });
    expect(judgeNodeMetrics([nodeMetrics('cp-1')], 2)).toEqual({
      done: false,
      detail: 'metrics.k8s.io serves 1/2 node metrics',
    });
  });
});

describe('judgeWorkload', () => {
  const expect135 = { workloadNamespace: 'default', name: 'e2e-workload', replicas: 2, version: 'v1.35.1' };
  const nodes = [node('old-1', { version: 'v1.34.3' }), node('new-1'), node('new-2')];

  test('GIVEN both Pods ready on nodes at the new version WHEN judged THEN done, naming the nodes', () => {
    // GIVEN
    const pods = [pod('w-1', { nodeName: 'new-2' }), pod('w-2', { nodeName: 'new-1' })];

    // WHEN
    const verdict = judgeWorkload(deployment('default', 'e2e-workload'), pods, nodes, expect135);

    // THEN
    expect(verdict).toEqual({
      done: true,
      detail: 'Deployment default/e2e-workload: 2/2 Pods ready on nodes at v1.35.1 (new-1, new-2)',
    });
  });

  test('GIVEN a Pod still on an old node and one pending WHEN judged THEN not done, naming each', () => {
    // GIVEN
    const pods = [
      pod('w-1', { nodeName: 'new-1' }),
      pod('w-2', { nodeName: 'old-1' }),
      pod('w-3', { phase: 'Pending' }),
    ];

    // WHEN
    const verdict = judgeWorkload(deployment('default', 'e2e-workload'), pods, nodes, expect135);

    // THEN
    expect(verdict).toEqual({
      done: false,
      detail:
        'Deployment default/e2e-workload: 1/2 Pods ready at v1.35.1; w-2 on old-1 (v1.34.3); w-3 Pending',
    });
  });

  test('GIVEN no Deployment WHEN judged THEN not done, saying it is gone', () => {
    expect(judgeWorkload(undefined, [], nodes, expect135)).toEqual({
      done: false,
      detail: 'Deployment default/e2e-workload does not exist',
    });
  });
});
