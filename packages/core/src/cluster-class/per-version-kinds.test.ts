import { CapiVersion } from '../capi-version';
import { FakeMovedTemplate, TEST_SCHEMAS, testStack } from '../test-support';
import { vars } from './expressions';
import { ClusterClass } from './cluster-class';
import { PatchOperation, patchesOn } from './patch';
import { ManifestObject } from './template-resource';

const v = vars<{ image: string }>();

/** The test stack with a second class whose worker machines are a template with another kind in v1beta2. */
function classWithMovedMachines() {
  const t = testStack();
  const machines = new FakeMovedTemplate(t.stack, 'Moved', 'moved');
  const clusterClass = new ClusterClass(t.stack, 'MovedClass', {
    infrastructure: t.infra,
    controlPlane: { template: t.controlPlane },
    workers: [{ class: 'default-worker', bootstrap: t.bootstrap, infrastructure: machines }],
    variables: [{ name: 'image', required: false, schema: { type: 'string', default: 'none' } }],
    templateSchemas: TEST_SCHEMAS,
  });
  return { clusterClass, machines, t };
}

describe('templates whose kind depends on the CAPI version', () => {
  test('GIVEN a template without its own kinds per version THEN every rendering has its kind and the settings at /spec/template/spec', () => {
    // GIVEN
    const { controlPlane } = testStack();

    // WHEN / THEN
    for (const capi of CapiVersion.ALL) {
      expect(controlPlane.kindFor(capi)).toBe('KubeadmControlPlaneTemplate');
      expect(controlPlane.settingsPath(capi)).toBe('/spec/template/spec');
    }
  });

  test('GIVEN a template whose v1beta2 kind is another WHEN rendered THEN the object, the reference and the patch selector name each rendering its own kind', () => {
    // GIVEN
    const { clusterClass, machines, t } = classWithMovedMachines();
    clusterClass.addPatch({
      name: 'image',
      definitions: patchesOn(clusterClass.targets.workerMachines, PatchOperation.addSetting('image', 'x')),
    });

    // WHEN
    const rendered = Object.fromEntries(
      CapiVersion.ALL.map((capi) => [capi.version, clusterClass.render(capi)]),
    );

    // THEN
    const v1 = rendered.v1beta1.find((o) => o.metadata.name === machines.objectName)!;
    const v2 = rendered.v1beta2.find((o) => o.metadata.name === machines.objectName)!;
    expect(v1.kind).toBe('FakeMachineTemplate');
    expect(v1.spec).toEqual({ template: { spec: { image: 'none' } } });
    expect(v2.kind).toBe('FakeBackendMachineTemplate');
    expect(v2.spec).toEqual({ template: { spec: { backend: { fake: { image: 'none' } } } } });
    const spec1 = rendered.v1beta1[0].spec as { workers: { machineDeployments: { template: unknown }[] } };
    const spec2 = rendered.v1beta2[0].spec as {
      workers: { machineDeployments: { infrastructure: unknown }[] };
    };
    expect(spec1.workers.machineDeployments[0].template).toEqual({
      bootstrap: { ref: t.bootstrap.reference(CapiVersion.V1BETA1) },
      infrastructure: {
        ref: {
          apiVersion: 'infrastructure.test.dev/v1',
          kind: 'FakeMachineTemplate',
          name: machines.objectName,
        },
      },
    });
    expect(spec2.workers.machineDeployments[0].infrastructure).toEqual({
      templateRef: {
        apiVersion: 'infrastructure.test.dev/v1',
        kind: 'FakeBackendMachineTemplate',
        name: machines.objectName,
      },
    });
    const patches = (o: ManifestObject) =>
      (o.spec as { patches: { definitions: { selector: unknown; jsonPatches: unknown }[] }[] }).patches;
    expect(patches(rendered.v1beta1[0])[0].definitions).toEqual([
      {
        selector: {
          apiVersion: 'infrastructure.test.dev/v1',
          kind: 'FakeMachineTemplate',
          matchResources: { machineDeploymentClass: { names: ['default-worker'] } },
        },
        jsonPatches: [{ op: 'add', path: '/spec/template/spec/image', value: 'x' }],
      },
    ]);
    expect(patches(rendered.v1beta2[0])[0].definitions).toEqual([
      {
        selector: {
          apiVersion: 'infrastructure.test.dev/v1',
          kind: 'FakeBackendMachineTemplate',
          matchResources: { machineDeploymentClass: { names: ['default-worker'] } },
        },
        jsonPatches: [{ op: 'add', path: '/spec/template/spec/backend/fake/image', value: 'x' }],
      },
    ]);
  });

  test('GIVEN a setting read from a variable WHEN rendered THEN it is taken from the variable at each rendering its own path', () => {
    // GIVEN
    const { clusterClass, machines } = classWithMovedMachines();
    const [definition] = patchesOn(
      clusterClass.targets.workerMachines,
      PatchOperation.addSetting('image', v.ref('image')),
    );

    // WHEN
    const paths = CapiVersion.ALL.map((capi) => definition.operations[0].render(capi, undefined, machines));

    // THEN
    expect(paths).toEqual([
      [{ op: 'add', path: '/spec/template/spec/image', valueFrom: { variable: 'image' } }],
      [{ op: 'add', path: '/spec/template/spec/backend/fake/image', valueFrom: { variable: 'image' } }],
    ]);
  });

  test('GIVEN a patch at the v1beta1 path of a template whose v1beta2 kind moved it WHEN rendered for v1beta2 THEN the schema check names the v1beta2 kind and the field', () => {
    // GIVEN
    const { clusterClass } = classWithMovedMachines();
    clusterClass.addPatch({
      name: 'image',
      definitions: patchesOn(
        clusterClass.targets.workerMachines,
        PatchOperation.add('/spec/template/spec/image', 'x'),
      ),
    });

    // WHEN / THEN
    expect(() => clusterClass.render(CapiVersion.V1BETA1)).not.toThrow();
    expect(() => clusterClass.render(CapiVersion.V1BETA2)).toThrow(
      'test-core-1-35/MovedClass: patch "image" path "/spec/template/spec/image" does not fit infrastructure.test.dev/v1/FakeBackendMachineTemplate (v1beta2): unknown field "image" at /spec/template/spec (known: backend).',
    );
  });

  test.each(['', '/image', 'image/'])(
    'GIVEN the setting %j WHEN a patch operation is built THEN it is refused with the field named',
    (field) => {
      expect(() => PatchOperation.addSetting(field, 'x')).toThrow(
        `PatchOperation.addSetting: field ${JSON.stringify(field)} must be a path below the template's settings without a leading or trailing "/", e.g. "customImage".`,
      );
    },
  );

  test('GIVEN a setting rendered without the template it targets THEN the error says what it needs', () => {
    expect(() => PatchOperation.addSetting('image', 'x').render(CapiVersion.V1BETA1)).toThrow(
      'PatchOperation.addSetting: field "image" needs the template the patch targets, which knows where its settings are.',
    );
  });
});
