import {
  ClusterStack,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
  kubeletConfigurationSpec,
  KubernetesVersion,
  stableYaml,
} from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { KUBELET_FLAGS_SCRIPT_PATH } from '@cluster-stacks/core';
import { openstackScsStack } from '@cluster-stacks/provider-openstack';
import { releaseInTempDir } from '../commands';
import { VALIDATION_NAMESPACE } from '../validate';
import { renderRelease } from '../validate/render-release';
import { topologyPlan } from '../validate/topology-plan';
import { CONTROLS, KubeadmSpecJson, PolicyInput } from './controls';
import { ControlResult, evaluate, formatReport, policyInput, stackExemptions } from './evaluate';
import { removedKubeletFlags } from './kubelet-config';

/** Real pipeline: release → helm template as CSO → clusterctl dry run of the defaults example → controls. */
function policyOf(stack: ClusterStack): ControlResult[] {
  return evaluate(policyInputOf(stack), stackExemptions(stack));
}

/** The policy input of the stack's defaults example, from the same pipeline. */
function policyInputOf(stack: ClusterStack): PolicyInput {
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
    return policyInput(plan.created, stack.bootstrapKubeletFlags);
  } finally {
    release.cleanup();
  }
}

describe('hardening policy on the objects CAPI generates', () => {
  test.each([
    KubernetesVersion.of('1.33.7'),
    KubernetesVersion.of('1.34.3'),
    KubernetesVersion.of('1.35.1'),
    KubernetesVersion.of('1.36.1'),
  ])(
    'GIVEN docker/scs %s WHEN its defaults example is dry-run THEN every control passes or is exempt with a reason',
    (version) => {
      const results = policyOf(dockerScsStack(version));
      expect(results.filter((r) => r.status === 'fail')).toEqual([]);
      expect(results.filter((r) => r.status === 'exempt').map((r) => r.id)).toEqual(['4.2.6']);
      expect(
        results.filter((r) => ['1.2.1', 'kubelet-flags', 'eviction'].includes(r.id)).map((r) => r.status),
      ).toEqual(['pass', 'pass', 'pass']);
      expect(results).toHaveLength(CONTROLS.length);
    },
  );

  test.each([KubernetesVersion.of('1.33.7'), KubernetesVersion.of('1.36.1')])(
    'GIVEN openstack/scs %s WHEN its defaults example is dry-run THEN every control passes, 1.2.1 and protectKernelDefaults included',
    (version) => {
      const results = policyOf(openstackScsStack(version, { cilium: false }));
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(results).toHaveLength(CONTROLS.length);
    },
  );

  test('GIVEN profiling switched back on in the API server WHEN evaluated THEN the report fails with control 1.2.15', () => {
    const stack = dockerScsStack('1.35');
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

  test('GIVEN a kubelet with the read-only port opened by a flag on workers WHEN evaluated THEN 4.2.4 reads the effective configuration and kubelet-flags names the flag', () => {
    // GIVEN
    const stack = dockerScsStack('1.35');
    const workers = stack.node.findChild('WorkerBootstrapTemplate') as KubeadmConfigTemplate;
    workers.extend({
      joinConfiguration: { nodeRegistration: { kubeletExtraArgs: { 'read-only-port': '10255' } } },
    });

    // WHEN
    const failures = policyOf(stack)
      .filter((r) => r.status === 'fail')
      .map((r) => `${r.id}: ${r.detail}`);

    // THEN
    expect(failures).toEqual([
      '4.2.4: worker template 1: readOnlyPort=10255; expected 0',
      'kubelet-flags: worker template 1: --read-only-port (readOnlyPort); expected them in the KubeletConfiguration',
    ]);
  });

  test("GIVEN docker/scs WHEN its nodes are dry-run THEN CAPD's bootstrap flags with a configuration field are removed before the kubelet starts", () => {
    // GIVEN
    const input = policyInputOf(dockerScsStack('1.35'));

    // WHEN
    const removed = [input.controlPlane, ...input.workers].map(removedKubeletFlags);

    // THEN
    expect(input.bootstrapKubeletFlags).toEqual({
      'image-gc-high-threshold': '100',
      'eviction-hard': 'nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%',
      'fail-swap-on': 'false',
      'cgroup-root': '/kubelet',
      'runtime-cgroups': '/system.slice/containerd.service',
    });
    expect(removed).toEqual([
      ['cgroup-root', 'eviction-hard', 'fail-swap-on', 'image-gc-high-threshold'],
      ['cgroup-root', 'eviction-hard', 'fail-swap-on', 'image-gc-high-threshold'],
    ]);
  });

  test("GIVEN docker/scs nodes without the script that removes CAPD's flags WHEN evaluated THEN CAPD's eviction-hard switches memory eviction off and kubelet-flags names CAPD's flags", () => {
    // GIVEN
    const input = policyInputOf(dockerScsStack('1.35'));
    const withoutScript = (spec: KubeadmSpecJson): KubeadmSpecJson => ({
      ...spec,
      files: (spec.files ?? []).filter((f) => f.path !== KUBELET_FLAGS_SCRIPT_PATH),
    });
    const capdOnly = {
      ...input,
      controlPlane: withoutScript(input.controlPlane),
      workers: input.workers.map(withoutScript),
    };

    // WHEN
    const failures = evaluate(capdOnly)
      .filter((r) => r.id === 'kubelet-flags' || r.id === 'eviction')
      .map((r) => `${r.id}: ${r.detail}`);

    // THEN
    const flags =
      '--image-gc-high-threshold (imageGCHighThresholdPercent), --eviction-hard (evictionHard), --fail-swap-on (failSwapOn), --cgroup-root (cgroupRoot)';
    // kubeadm join passes Cluster API's taint as a flag unless the script moves it into the configuration.
    const joinFlags = `${flags}, --register-with-taints (registerWithTaints)`;
    const missing = 'no memory.available, imagefs.inodesFree, pid.available';
    expect(failures).toEqual([
      `kubelet-flags: control plane (init): ${flags}; control plane (join): ${joinFlags}; worker template 1: ${joinFlags}; expected them in the KubeletConfiguration`,
      `eviction: control plane (init): ${missing}; control plane (join): ${missing}; worker template 1: ${missing}; expected every signal, memory.available a quantity of at least 100Mi`,
    ]);
  });

  test('GIVEN a KubeletConfiguration patch that weakens eviction and anonymous access WHEN evaluated THEN the later patch wins, as in kubeadm', () => {
    // GIVEN
    const stack = dockerScsStack('1.35');
    (stack.node.findChild('ControlPlaneTemplate') as KubeadmControlPlaneTemplate).extend(
      kubeletConfigurationSpec(
        '90-weaker',
        { authentication: { anonymous: { enabled: true } }, evictionHard: { 'memory.available': '10Mi' } },
        'controlPlane',
      ),
    );

    // WHEN
    const failures = policyOf(stack)
      .filter((r) => r.status === 'fail')
      .map((r) => `${r.id}: ${r.detail}`);

    // THEN
    expect(failures).toEqual([
      '4.2.1: control plane (init): authentication.anonymous.enabled=true; control plane (join): authentication.anonymous.enabled=true; expected false',
      'eviction: control plane (init): memory.available<10Mi; control plane (join): memory.available<10Mi; expected every signal, memory.available a quantity of at least 100Mi',
    ]);
  });

  test('GIVEN anonymous requests allowed beyond the health endpoints WHEN evaluated THEN 1.2.1 names the extra path', () => {
    // GIVEN
    const config = [
      'apiVersion: apiserver.config.k8s.io/v1',
      'kind: AuthenticationConfiguration',
      'anonymous:',
      '  enabled: true',
      '  conditions:',
      '    - path: /readyz',
      '    - path: /version',
      '',
    ].join('\n');
    const input = {
      controlPlane: {
        clusterConfiguration: { apiServer: { extraArgs: { 'authentication-config': '/etc/authn.yaml' } } },
        files: [{ path: '/etc/authn.yaml', content: config }],
      },
      workers: [],
    };

    // WHEN
    const result = evaluate(input).find((r) => r.id === '1.2.1');

    // THEN
    expect(result).toEqual({
      id: '1.2.1',
      title: 'API server anonymous requests are off, or limited to health endpoints and kubeadm cluster-info',
      status: 'fail',
      detail:
        '/etc/authn.yaml allows anonymous requests to /version; expected only /healthz, /livez, /readyz, /api/v1/namespaces/kube-public/configmaps/cluster-info',
    });
    expect(evaluate({ controlPlane: {}, workers: [] }).find((r) => r.id === '1.2.1')?.detail).toBe(
      'API server anonymous-auth=(unset) and no authentication-config; expected anonymous-auth=false or anonymous requests limited to health endpoints',
    );
  });

  test('GIVEN a stack that can protect kernel defaults WHEN it does not THEN 4.2.6 is a failure, not an exemption', () => {
    expect(stackExemptions(dockerScsStack('1.35'))).toEqual({
      '4.2.6':
        'protect-kernel-defaults is off: the nodes cannot set the kernel parameters the kubelet requires (e.g. containers sharing the host kernel)',
    });
    const input = { controlPlane: {}, workers: [] };
    expect(evaluate(input, {}).find((r) => r.id === '4.2.6')).toEqual({
      id: '4.2.6',
      title: 'Kubelet protectKernelDefaults=true (--protect-kernel-defaults)',
      status: 'fail',
      detail:
        'control plane (init): protectKernelDefaults=(unset); control plane (join): protectKernelDefaults=(unset); expected true',
    });
  });
});
