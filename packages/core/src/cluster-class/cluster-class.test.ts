import { CapiVersion } from '../capi-version';
import { synthesizeStack, validateStack } from '../synth/synthesize';
import { FakeInfraTemplate, testStack } from '../test-support';
import { fn, vars } from './expressions';
import { MachineHealthCheck } from './health-check';
import { PatchOperation, PatchTarget } from './patch';

const v = vars<{ image: string; missing: string; maxPods: number }>();

describe('ClusterClass', () => {
  test('GIVEN templates WHEN rendered for v1beta1 THEN references use ref and names carry the Helm placeholders', () => {
    const { clusterClass } = testStack();
    const [cc] = clusterClass.render(CapiVersion.V1BETA1);
    expect(cc.spec).toMatchObject({
      infrastructure: {
        ref: {
          apiVersion: 'infrastructure.test.dev/v1',
          kind: 'FakeClusterTemplate',
          name: '__HELM_RELEASE_NAME__-__HELM_CHART_VERSION__-cluster',
        },
      },
      controlPlane: {
        ref: { apiVersion: 'controlplane.cluster.x-k8s.io/v1beta1', kind: 'KubeadmControlPlaneTemplate' },
      },
      workers: {
        machineDeployments: [
          { class: 'default-worker', template: { bootstrap: { ref: { kind: 'KubeadmConfigTemplate' } } } },
        ],
      },
    });
  });

  test('GIVEN the same model WHEN rendered for v1beta2 THEN templateRef, flag lists and healthCheck are used', () => {
    const objects = new ClusterClassRender(testStack()).render();
    expect(objects.v1beta2.cc).toMatchObject({
      infrastructure: { templateRef: { kind: 'FakeClusterTemplate' } },
      workers: {
        machineDeployments: [
          { class: 'default-worker', bootstrap: { templateRef: { kind: 'KubeadmConfigTemplate' } } },
        ],
      },
    });
    expect(objects.v1beta2.kcp).toEqual({
      template: {
        spec: {
          kubeadmConfigSpec: {
            clusterConfiguration: {
              apiServer: { extraArgs: [{ name: 'tls-min-version', value: 'VersionTLS12' }] },
            },
          },
        },
      },
    });
  });

  test('GIVEN flag patches WHEN rendered THEN v1beta1 adds map keys, v1beta2 appends every flag and leaves the ones patches set out of the template', () => {
    // GIVEN
    const t = testStack();
    t.bootstrap.extend({ joinConfiguration: { nodeRegistration: { kubeletExtraArgs: { v: '2' } } } });
    t.clusterClass.addVariable({
      name: 'maxPods',
      required: false,
      schema: { type: 'integer', default: 110 },
    });
    t.clusterClass.addPatch({
      name: 'flags',
      definitions: [
        {
          target: PatchTarget.controlPlane(t.controlPlane),
          operations: [PatchOperation.controlPlaneFlag('apiServer', 'profiling', 'false')],
        },
        {
          target: PatchTarget.machineDeployments(t.bootstrap, ['default-worker']),
          operations: [
            PatchOperation.kubeletFlag('worker', 'joinConfiguration', 'max-pods', v.ref('maxPods')),
          ],
        },
      ],
    });

    // WHEN
    const rendered = (capi: CapiVersion) => {
      const [cc, ...templates] = t.clusterClass.render(capi);
      const spec = cc.spec as { patches: { definitions: { jsonPatches: unknown[] }[] }[] };
      const bootstrap = templates.find((o) => o.kind === 'KubeadmConfigTemplate') as unknown as {
        spec: {
          template: { spec: { joinConfiguration: { nodeRegistration: { kubeletExtraArgs: unknown } } } };
        };
      };
      return {
        patches: spec.patches.map((p) => p.definitions.map((d) => d.jsonPatches)),
        kubeletArgs: bootstrap.spec.template.spec.joinConfiguration.nodeRegistration.kubeletExtraArgs,
      };
    };
    const v1 = rendered(CapiVersion.V1BETA1);
    const v2 = rendered(CapiVersion.V1BETA2);

    // THEN
    expect(v1.patches).toEqual([
      [
        [
          {
            op: 'add',
            path: '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration/apiServer/extraArgs/profiling',
            value: 'false',
          },
        ],
        [
          {
            op: 'add',
            path: '/spec/template/spec/joinConfiguration/nodeRegistration/kubeletExtraArgs/max-pods',
            valueFrom: { template: '{{ .maxPods | toString | toJson }}' },
          },
        ],
      ],
    ]);
    expect(v1.kubeletArgs).toEqual({ 'max-pods': '110', v: '2' });
    expect(v2.patches).toEqual([
      [
        [
          {
            op: 'add',
            path: '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration/apiServer/extraArgs/-',
            value: { name: 'profiling', value: 'false' },
          },
        ],
        [
          {
            op: 'add',
            path: '/spec/template/spec/joinConfiguration/nodeRegistration/kubeletExtraArgs/-',
            valueFrom: { template: '{"name": "max-pods", "value": {{ .maxPods | toString | toJson }}}' },
          },
        ],
      ],
    ]);
    expect(v2.kubeletArgs).toEqual([{ name: 'v', value: '2' }]);
  });

  test('GIVEN a patch path that does not exist in the template schema WHEN rendered THEN the error names path, kind and field', () => {
    const t = testStack();
    t.clusterClass.addPatch({
      name: 'typo',
      definitions: [
        {
          target: PatchTarget.controlPlane(t.controlPlane),
          operations: [
            PatchOperation.add(
              '/spec/template/spec/kubeadmConfigSpec/clusterconfiguration/imageRepository',
              'x',
            ),
          ],
        },
      ],
    });
    expect(() => t.clusterClass.render(CapiVersion.V1BETA1)).toThrow(
      'test-core-1-35/ClusterClass: patch "typo" path "/spec/template/spec/kubeadmConfigSpec/clusterconfiguration/imageRepository" does not fit controlplane.cluster.x-k8s.io/v1beta1/KubeadmControlPlaneTemplate (v1beta1): unknown field "clusterconfiguration" at /spec/template/spec/kubeadmConfigSpec',
    );
  });

  test('GIVEN a patch reading an undeclared variable and targeting a foreign template WHEN validated THEN both are reported with the construct path', () => {
    const t = testStack();
    const stray = new FakeInfraTemplate(t.stack, 'Stray', 'FakeMachineTemplate', 'stray');
    t.clusterClass.addPatch({
      name: 'bad',
      enabledIf: fn.ne(v.ref('missing'), ''),
      definitions: [
        {
          target: PatchTarget.machineDeployments(stray, ['default-worker']),
          operations: [PatchOperation.add('/spec/template/spec/image', v.ref('image'))],
        },
      ],
    });
    expect(() => validateStack(t.stack)).toThrow(
      'test-core-1-35 is invalid:\n' +
        '  - test-core-1-35/ClusterClass: patch "bad" reads variable "missing", which is not declared: declare it or fix the name.\n' +
        '  - test-core-1-35/ClusterClass: patch "bad": FakeMachineTemplate "test-core-1-35/Stray" is not used by machine deployment class "default-worker".',
    );
  });

  test('GIVEN a default that violates its own schema WHEN validated THEN the variable, value and problem are named', () => {
    const t = testStack({
      variables: [
        { name: 'level', required: false, schema: { type: 'string', enum: ['a', 'b'], default: 'c' } },
      ],
    });
    expect(() => validateStack(t.stack)).toThrow(
      'test-core-1-35/ClusterClass: variable "level" default "c" does not match its schema: $: "c" is not one of "a", "b"',
    );
  });

  test('GIVEN a patch name used twice WHEN added THEN it is refused', () => {
    const t = testStack();
    const patch = { name: 'p', definitions: [] };
    t.clusterClass.addPatch(patch);
    expect(() => t.clusterClass.addPatch(patch)).toThrow(
      'test-core-1-35/ClusterClass: patch "p" is added twice: patch names must be unique.',
    );
  });

  test('GIVEN health checks WHEN rendered THEN v1beta1 uses durations and v1beta2 seconds', () => {
    const check = MachineHealthCheck.of({
      unhealthyConditions: [{ type: 'Ready', status: 'False', timeoutSeconds: 300 }],
      maxUnhealthy: '40%',
    });
    expect(check.renderV1beta1()).toEqual({
      unhealthyConditions: [{ type: 'Ready', status: 'False', timeout: '300s' }],
      maxUnhealthy: '40%',
    });
    expect(check.renderV1beta2()).toEqual({
      checks: { unhealthyNodeConditions: [{ type: 'Ready', status: 'False', timeoutSeconds: 300 }] },
      remediation: { triggerIf: { unhealthyLessThanOrEqualTo: '40%' } },
    });
    expect(() => MachineHealthCheck.of({ unhealthyConditions: [], maxUnhealthy: '1' })).toThrow(
      'MachineHealthCheck.of: unhealthyConditions [] is invalid: expected at least one condition.',
    );
  });

  test('GIVEN a complete stack WHEN synthesized THEN the chart files are stable (snapshot)', () => {
    const t = testStack();
    t.clusterClass.addPatch({
      name: 'image',
      enabledIf: fn.ne(v.ref('image'), ''),
      definitions: [
        {
          target: PatchTarget.machineDeployments(t.machines, ['default-worker']),
          operations: [PatchOperation.add('/spec/template/spec/image', v.ref('image'))],
        },
      ],
    });
    expect(Object.fromEntries(synthesizeStack(t.stack).files)).toMatchSnapshot();
  });
});

/** Renders a test stack for both CAPI versions and picks the objects the tests look at. */
class ClusterClassRender {
  public constructor(private readonly t: ReturnType<typeof testStack>) {}
  public render() {
    const pick = (capi: CapiVersion) => {
      const objects = this.t.clusterClass.render(capi);
      return {
        cc: objects[0].spec,
        kcp: objects.find((o) => o.kind === 'KubeadmControlPlaneTemplate')!.spec,
      };
    };
    return { v1beta1: pick(CapiVersion.V1BETA1), v1beta2: pick(CapiVersion.V1BETA2) };
  }
}
