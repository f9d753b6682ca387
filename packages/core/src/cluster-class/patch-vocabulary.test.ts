import { CapiVersion } from '../capi-version';
import { testStack } from '../test-support';
import { TemplateText } from './expressions';
import { PatchOperation, patchesOn } from './patch';

describe('patch vocabulary', () => {
  test('GIVEN a class WHEN its targets are read THEN each names its template and the worker classes that use it', () => {
    // GIVEN
    const { clusterClass, infra, controlPlane, machines, bootstrap } = testStack();

    // WHEN
    const on = clusterClass.targets;

    // THEN
    expect(on.infrastructureCluster.template).toBe(infra);
    expect(on.controlPlane.template).toBe(controlPlane);
    expect(on.controlPlaneMachines).toBeUndefined();
    expect(on.workers['default-worker'].machines.template).toBe(machines);
    expect(on.workerBootstrap.map((t) => [t.template, t.classes])).toEqual([[bootstrap, ['default-worker']]]);
    expect(on.allMachines.map((t) => t.template)).toEqual([machines]);
    expect(on.allKubeadm.map((t) => t.template)).toEqual([controlPlane, bootstrap]);
    expect(on.allKubeadm[1].selector(CapiVersion.V1BETA1)).toEqual({
      apiVersion: 'bootstrap.cluster.x-k8s.io/v1beta1',
      kind: 'KubeadmConfigTemplate',
      matchResources: { machineDeploymentClass: { names: ['default-worker'] } },
    });
  });

  test('GIVEN a file added to every kubeadm configuration WHEN rendered THEN each template gets its own files path', () => {
    // GIVEN
    const { clusterClass } = testStack();
    const file = new TemplateText('path: /etc/x\ncontent: x\n', []);

    // WHEN
    const definitions = patchesOn(clusterClass.targets.allKubeadm, PatchOperation.addKubeadmFile(file));

    // THEN
    expect(
      definitions.map((d) => d.operations[0].render(CapiVersion.V1BETA1, undefined, d.target.template)),
    ).toEqual([
      [
        {
          op: 'add',
          path: '/spec/template/spec/kubeadmConfigSpec/files/-',
          valueFrom: { template: file.text },
        },
      ],
      [{ op: 'add', path: '/spec/template/spec/files/-', valueFrom: { template: file.text } }],
    ]);
  });

  test('GIVEN a kubeadm file aimed at a machine template WHEN rendered THEN the kinds it fits are named', () => {
    const { clusterClass } = testStack();
    const [definition] = patchesOn(
      clusterClass.targets.allMachines,
      PatchOperation.addKubeadmFile({ path: '/x' }),
    );
    expect(() =>
      definition.operations[0].render(CapiVersion.V1BETA1, undefined, definition.target.template),
    ).toThrow(
      'PatchOperation.addKubeadmFile: targets FakeMachineTemplate, which is not a kubeadm template (KubeadmControlPlaneTemplate or KubeadmConfigTemplate).',
    );
  });

  test("GIVEN a kubeadm field and a command for every kubeadm configuration WHEN rendered THEN each lands in its template's spec, and a machine template is refused by name", () => {
    // GIVEN
    const { clusterClass } = testStack();
    const ops = [
      PatchOperation.addKubeadmField('ntp', { enabled: true, servers: ['ntp.example.com'] }),
      PatchOperation.addPreKubeadmCommand('true'),
    ];

    // WHEN
    const paths = patchesOn(clusterClass.targets.allKubeadm, ...ops).map((d) =>
      d.operations.flatMap((o) =>
        o.render(CapiVersion.V1BETA1, undefined, d.target.template).map((p) => p.path),
      ),
    );

    // THEN
    expect(paths).toEqual([
      [
        '/spec/template/spec/kubeadmConfigSpec/ntp',
        '/spec/template/spec/kubeadmConfigSpec/preKubeadmCommands/-',
      ],
      ['/spec/template/spec/ntp', '/spec/template/spec/preKubeadmCommands/-'],
    ]);
    const [machines] = patchesOn(clusterClass.targets.allMachines, ...ops);
    expect(() => ops[1].render(CapiVersion.V1BETA1, undefined, machines.target.template)).toThrow(
      'PatchOperation.addPreKubeadmCommand: targets FakeMachineTemplate, which is not a kubeadm template (KubeadmControlPlaneTemplate or KubeadmConfigTemplate).',
    );
  });
});
