import {
  ClusterStack,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
  KubernetesVersion,
  stableYaml,
} from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { releaseInTempDir } from '../commands';
import { VALIDATION_NAMESPACE } from '../validate';
import { renderRelease } from '../validate/render-release';
import { topologyPlan } from '../validate/topology-plan';
import { CONTROLS } from './controls';
import { ControlResult, evaluate, formatReport, policyInput, stackExemptions } from './evaluate';

/** Real pipeline: release → helm template as CSO → clusterctl dry run of the defaults example → controls. */
function policyOf(stack: ClusterStack): ControlResult[] {
  const release = releaseInTempDir(stack);
  try {
    const rendered = renderRelease(release.dir, VALIDATION_NAMESPACE);
    const example = stack.examples.find((e) => e.props.name === 'defaults')!;
    const cluster = example.render({
      className: rendered.clusterClassName,
      namespace: VALIDATION_NAMESPACE,
      kubernetesVersion: stack.kubernetesVersion,
    });
    const plan = topologyPlan(rendered.classManifests, stableYaml(cluster));
    if (!plan.ok) throw new Error(plan.error);
    return evaluate(policyInput(plan.created), stackExemptions(stack));
  } finally {
    release.cleanup();
  }
}

describe('hardening policy on the objects CAPI generates', () => {
  test.each([
    KubernetesVersion.V1_33,
    KubernetesVersion.V1_34,
    KubernetesVersion.V1_35,
    KubernetesVersion.V1_36,
  ])(
    'GIVEN docker/scs %s WHEN its defaults example is dry-run THEN every control passes or is exempt with a reason',
    (version) => {
      const results = policyOf(dockerScsStack(version));
      expect(results.filter((r) => r.status === 'fail')).toEqual([]);
      expect(results.filter((r) => r.status === 'exempt').map((r) => r.id)).toEqual(['4.2.6']);
      expect(results).toHaveLength(CONTROLS.length);
    },
  );

  test('GIVEN profiling switched back on in the API server WHEN evaluated THEN the report fails with control 1.2.15', () => {
    const stack = dockerScsStack(KubernetesVersion.V1_35);
    (stack.node.findChild('ControlPlaneTemplate') as KubeadmControlPlaneTemplate).extend({
      clusterConfiguration: { apiServer: { extraArgs: { profiling: 'true' } } },
    });
    const results = policyOf(stack);
    expect(results.filter((r) => r.status === 'fail')).toEqual([
      {
        id: '1.2.15',
        title: 'API server --profiling=false',
        status: 'fail',
        detail: 'API server profiling=true; expected false',
      },
    ]);
    expect(formatReport('docker-scs-1-35', results).split('\n')[0]).toBe(
      `docker-scs-1-35: ${CONTROLS.length - 2} passed, 1 failed, 1 exempt of ${CONTROLS.length} controls`,
    );
  });

  test('GIVEN a kubelet with the read-only port open on workers WHEN evaluated THEN control 4.2.4 names the worker template', () => {
    const stack = dockerScsStack(KubernetesVersion.V1_35);
    const workers = stack.node.findChild('WorkerBootstrapTemplate') as KubeadmConfigTemplate;
    workers.extend({
      joinConfiguration: { nodeRegistration: { kubeletExtraArgs: { 'read-only-port': '10255' } } },
    });
    expect(
      policyOf(stack)
        .filter((r) => r.status === 'fail')
        .map((r) => `${r.id}: ${r.detail}`),
    ).toEqual(['4.2.4: worker template 1: read-only-port=10255; expected 0']);
  });

  test('GIVEN a stack that can protect kernel defaults WHEN it does not THEN 4.2.6 is a failure, not an exemption', () => {
    expect(stackExemptions(dockerScsStack(KubernetesVersion.V1_35))).toEqual({
      '4.2.6':
        'protect-kernel-defaults is off: the nodes cannot set the kernel parameters the kubelet requires (e.g. containers sharing the host kernel)',
    });
    const input = { controlPlane: {}, workers: [] };
    expect(evaluate(input, {}).find((r) => r.id === '4.2.6')).toEqual({
      id: '4.2.6',
      title: 'Kubelet --protect-kernel-defaults=true',
      status: 'fail',
      detail:
        'control plane (init): protect-kernel-defaults=(unset); control plane (join): protect-kernel-defaults=(unset); expected true',
    });
  });
});
