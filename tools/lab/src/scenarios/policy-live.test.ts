import { parseFlags, parseKubeadmFlagsEnv, policySummary } from './policy-live';

const result = (id: string, status: 'pass' | 'fail' | 'exempt', detail = '') => ({
  id,
  title: id,
  status,
  detail,
});

describe('the policy on running nodes', () => {
  test("GIVEN kubeadm's flags file as CAPD leaves it WHEN parsed THEN each flag maps to its value", () => {
    // GIVEN
    const env =
      'KUBELET_KUBEADM_ARGS="--register-with-taints=node.cluster.x-k8s.io/uninitialized:NoSchedule --eviction-hard=nodefs.available<0%,imagefs.available<0% --runtime-cgroups=/system.slice/containerd.service"\n';

    // WHEN
    const flags = parseKubeadmFlagsEnv(env);

    // THEN
    expect(flags).toEqual({
      'register-with-taints': 'node.cluster.x-k8s.io/uninitialized:NoSchedule',
      'eviction-hard': 'nodefs.available<0%,imagefs.available<0%',
      'runtime-cgroups': '/system.slice/containerd.service',
    });
    expect(parseKubeadmFlagsEnv('KUBELET_KUBEADM_ARGS=""\n')).toEqual({});
  });

  test('GIVEN a static Pod command WHEN parsed THEN the binary is skipped and a bare flag is true', () => {
    expect(parseFlags(['kube-apiserver', '--profiling=false', '--allow-privileged', '--a=b=c'])).toEqual({
      profiling: 'false',
      'allow-privileged': 'true',
      a: 'b=c',
    });
  });

  test('GIVEN a control that passes in the generated objects but fails on the nodes WHEN summarised THEN the run fails naming it', () => {
    // GIVEN
    const generated = [result('4.2.4', 'pass'), result('eviction', 'pass'), result('4.2.6', 'exempt', 'why')];
    const live = [
      result('4.2.4', 'pass'),
      result('eviction', 'fail', 'n1: no memory.available'),
      result('4.2.6', 'exempt', 'why'),
    ];

    // WHEN
    const summary = () => policySummary({ generated, live });

    // THEN
    expect(summary).toThrow('eviction fails on the nodes: n1: no memory.available');
    expect(policySummary({ generated, live: generated })).toBe(
      "3 controls evaluated on the running nodes (all but 1.2.28's run-before-kubeadm part read live state): 2 pass, 1 exempt (4.2.6); the generated objects give the same result for each",
    );
  });
});
