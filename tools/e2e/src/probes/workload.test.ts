// Unit tests of the judges of workload-cluster objects: object fixtures in, verdicts out. No cluster.
import { node, nodeMetrics, pod } from '../testing/objects';
import { judgeKubeSystemPods, judgeNodeMetrics, judgeNodes } from './workload';

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
