import { CapiVersion } from '../capi-version';
import { validateStack } from '../synth/synthesize';
import { testStack, TEST_SCHEMAS } from '../test-support';
import { ClusterClass } from './cluster-class';
import { fn, vars } from './expressions';
import { PatchOperation, PatchTarget } from './patch';

const v = vars<{ bindAddress: string; level: string }>();
const API_SERVER_ARGS = '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration/apiServer/extraArgs';
const KUBELET_ARGS = '/spec/template/spec/joinConfiguration/nodeRegistration/kubeletExtraArgs';

/** The test stack with a variable and an API server flag that the template declares. */
function stackWithFlag() {
  const t = testStack();
  t.controlPlane.extend({
    clusterConfiguration: { apiServer: { extraArgs: { 'bind-address': '127.0.0.1' } } },
  });
  t.clusterClass.addVariable({
    name: 'bindAddress',
    required: false,
    schema: { type: 'string', default: '127.0.0.1' },
  });
  return t;
}

function patchesOf(t: ReturnType<typeof testStack>, capi: CapiVersion) {
  const [cc] = t.clusterClass.render(capi);
  return (cc.spec as { patches: unknown[] }).patches;
}

describe('v1beta2 flag lists', () => {
  test('GIVEN a patch with enabledIf that sets a flag the template declares WHEN rendered for v1beta2 THEN a companion appends the template value while it is disabled, and v1beta1 is unchanged', () => {
    // GIVEN
    const t = stackWithFlag();
    t.clusterClass.addPatch({
      name: 'bindAddress',
      enabledIf: fn.ne(v.ref('bindAddress'), '127.0.0.1'),
      definitions: [
        {
          target: PatchTarget.controlPlane(t.controlPlane),
          operations: [PatchOperation.controlPlaneFlag('apiServer', 'bind-address', v.ref('bindAddress'))],
        },
      ],
    });
    const selector = PatchTarget.controlPlane(t.controlPlane).selector(CapiVersion.V1BETA2);

    // WHEN
    const v1 = patchesOf(t, CapiVersion.V1BETA1);
    const v2 = patchesOf(t, CapiVersion.V1BETA2);

    // THEN
    expect(v1).toEqual([
      {
        name: 'bindAddress',
        enabledIf: '{{ ne .bindAddress "127.0.0.1" }}',
        definitions: [
          {
            selector: PatchTarget.controlPlane(t.controlPlane).selector(CapiVersion.V1BETA1),
            jsonPatches: [
              {
                op: 'add',
                path: `${API_SERVER_ARGS}/bind-address`,
                valueFrom: { template: '{{ .bindAddress | toString | toJson }}' },
              },
            ],
          },
        ],
      },
    ]);
    expect(v2).toEqual([
      {
        name: 'bindAddress',
        enabledIf: '{{ ne .bindAddress "127.0.0.1" }}',
        definitions: [
          {
            selector,
            jsonPatches: [
              {
                op: 'add',
                path: `${API_SERVER_ARGS}/-`,
                valueFrom: {
                  template: '{"name": "bind-address", "value": {{ .bindAddress | toString | toJson }}}',
                },
              },
            ],
          },
        ],
      },
      {
        name: 'bindAddress-disabled',
        description:
          "While bindAddress is disabled: the template's own values of the flags it sets (v1beta2 flag lists are only appended to).",
        enabledIf: '{{ not (ne .bindAddress "127.0.0.1") }}',
        definitions: [
          {
            selector,
            jsonPatches: [
              {
                op: 'add',
                path: `${API_SERVER_ARGS}/-`,
                value: { name: 'bind-address', value: '127.0.0.1' },
              },
            ],
          },
        ],
      },
    ]);
    const kcp = t.clusterClass
      .render(CapiVersion.V1BETA2)
      .find((o) => o.kind === 'KubeadmControlPlaneTemplate');
    expect(kcp).toMatchObject({
      spec: {
        template: {
          spec: {
            kubeadmConfigSpec: {
              clusterConfiguration: {
                apiServer: { extraArgs: [{ name: 'tls-min-version', value: 'VersionTLS12' }] },
              },
            },
          },
        },
      },
    });
  });

  test('GIVEN a patch without enabledIf that sets a flag the template declares WHEN rendered for v1beta2 THEN it appends the flag and no companion is added', () => {
    // GIVEN
    const t = stackWithFlag();
    t.clusterClass.addPatch({
      name: 'bindAddress',
      definitions: [
        {
          target: PatchTarget.controlPlane(t.controlPlane),
          operations: [PatchOperation.controlPlaneFlag('apiServer', 'bind-address', v.ref('bindAddress'))],
        },
      ],
    });

    // WHEN
    const names = patchesOf(t, CapiVersion.V1BETA2).map((p) => (p as { name: string }).name);

    // THEN
    expect(names).toEqual(['bindAddress']);
  });

  test.each([
    {
      case: 'two patches set the same flag',
      given: (t: ReturnType<typeof stackWithFlag>) => {
        for (const name of ['first', 'second'])
          t.clusterClass.addPatch({
            name,
            definitions: [
              {
                target: PatchTarget.controlPlane(t.controlPlane),
                operations: [PatchOperation.controlPlaneFlag('apiServer', 'profiling', 'false')],
              },
            ],
          });
      },
      message: `flag "profiling" in ${API_SERVER_ARGS} of KubeadmControlPlaneTemplate "test-core-1-35/ControlPlane" is set by patch "first" and again by patch "second": a v1beta2 patch can only append a flag, and a list must not name it twice; let one patch set it.`,
    },
    {
      case: 'a patch sets the only flag of a template list',
      given: (t: ReturnType<typeof stackWithFlag>) =>
        t.clusterClass.addPatch({
          name: 'maxPods',
          definitions: [
            {
              target: PatchTarget.machineDeployments(t.bootstrap, ['default-worker']),
              operations: [PatchOperation.kubeletFlag('worker', 'joinConfiguration', 'max-pods', '100')],
            },
          ],
        }),
      message: `flag "max-pods" in ${KUBELET_ARGS} of KubeadmConfigTemplate "test-core-1-35/Bootstrap": the template declares no other flag there, and v1beta2 leaves out the flags that patches set, so the list would be empty and a patch cannot append to it: declare a flag there that no patch sets.`,
    },
    {
      case: 'the companion name is taken',
      given: (t: ReturnType<typeof stackWithFlag>) => {
        t.clusterClass.addPatch({
          name: 'bindAddress',
          enabledIf: fn.ne(v.ref('bindAddress'), '127.0.0.1'),
          definitions: [
            {
              target: PatchTarget.controlPlane(t.controlPlane),
              operations: [
                PatchOperation.controlPlaneFlag('apiServer', 'bind-address', v.ref('bindAddress')),
              ],
            },
          ],
        });
        t.clusterClass.addPatch({
          name: 'bindAddress-disabled',
          definitions: [
            {
              target: PatchTarget.controlPlane(t.controlPlane),
              operations: [PatchOperation.controlPlaneFlag('apiServer', 'profiling', 'false')],
            },
          ],
        });
      },
      message:
        'patch "bindAddress-disabled" has the name of the v1beta2 companion of patch "bindAddress", which appends the template\'s values of its flags while it is disabled: rename it.',
    },
  ])('GIVEN $case WHEN validated THEN the stack is refused with why', ({ given, message }) => {
    // GIVEN
    const t = stackWithFlag();
    given(t);

    // WHEN
    const messageOf = (run: () => unknown) => {
      try {
        run();
        return 'accepted';
      } catch (e) {
        return (e as Error).message;
      }
    };
    const validated = messageOf(() => validateStack(t.stack));
    const rendered = messageOf(() => t.clusterClass.render(CapiVersion.V1BETA2));

    // THEN
    expect(validated).toBe(`test-core-1-35 is invalid:\n  - test-core-1-35/ClusterClass: ${message}`);
    expect(rendered).toBe(`test-core-1-35/ClusterClass: ${message}`);
  });

  test('GIVEN a worker template shared by two classes WHEN a patch sets its declared flag for one class only THEN the stack is refused', () => {
    // GIVEN
    const t = testStack();
    t.bootstrap.extend({ joinConfiguration: { nodeRegistration: { kubeletExtraArgs: { v: '2' } } } });
    const shared = new ClusterClass(t.stack, 'Shared', {
      infrastructure: t.infra,
      controlPlane: { template: t.controlPlane },
      workers: ['small', 'large'].map((name) => ({
        class: name,
        bootstrap: t.bootstrap,
        infrastructure: t.machines,
      })),
      templateSchemas: TEST_SCHEMAS,
    });
    shared.addPatch({
      name: 'maxPods',
      definitions: [
        {
          target: PatchTarget.machineDeployments(t.bootstrap, ['small']),
          operations: [PatchOperation.kubeletFlag('worker', 'joinConfiguration', 'max-pods', '100')],
        },
      ],
    });

    // WHEN
    const render = () => shared.render(CapiVersion.V1BETA2);

    // THEN
    expect(render).toThrow(
      `test-core-1-35/Shared: flag "max-pods" in ${KUBELET_ARGS} of KubeadmConfigTemplate "test-core-1-35/Bootstrap" is set by patch "maxPods" for machine deployment classes small but not for large, which use the same template: v1beta2 leaves the template's value out, so set it for every class of the template.`,
    );
  });
});
