import { fieldDifferences, flagListOrders, planFields } from './plan-fields';
import { PlannedObject } from './topology-plan';

const kcp = (args: { name: string; value: string }[], name = 'c1-abcde'): PlannedObject => ({
  kind: 'KubeadmControlPlane',
  metadata: { name, uid: 'u-1', creationTimestamp: 'now' } as PlannedObject['metadata'],
  spec: {
    kubeadmConfigSpec: { clusterConfiguration: { apiServer: { extraArgs: args } }, dns: {} },
    machineTemplate: { spec: { infrastructureRef: { name: 'c1-fghij' } } },
  },
  status: { replicas: 0 },
});
const template = (name: string): PlannedObject => ({
  kind: 'DockerMachineTemplate',
  metadata: {
    name,
    annotations: { 'cluster.x-k8s.io/cloned-from-name': 'cc-v1-control-plane' },
  } as PlannedObject['metadata'],
});

describe('planned objects as fields', () => {
  test('GIVEN two plans with other generated names, flag order, class name, status and empty objects WHEN compared THEN no field differs', () => {
    // GIVEN
    const a = [
      kcp([
        { name: 'b', value: '2' },
        { name: 'a', value: '1' },
      ]),
      template('c1-fghij'),
    ];
    const b = [
      kcp(
        [
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
        ],
        'c1-zzzzz',
      ),
      template('c1-yyyyy'),
    ];
    b[0].spec = {
      ...(b[0].spec as object),
      machineTemplate: { spec: { infrastructureRef: { name: 'c1-yyyyy' } } },
    };
    (b[1].metadata as unknown as { annotations: Record<string, string> }).annotations[
      'cluster.x-k8s.io/cloned-from-name'
    ] = 'cc-v2-control-plane';

    // WHEN
    const differences = fieldDifferences(planFields(a, 'cc-v1'), planFields(b, 'cc-v2'));

    // THEN
    expect(differences).toEqual([]);
    expect(
      planFields(a, 'cc-v1').get(
        'KubeadmControlPlane/cluster .spec.machineTemplate.spec.infrastructureRef.name',
      ),
    ).toBe('"<DockerMachineTemplate/cluster>"');
  });

  test('GIVEN a flag with another value WHEN compared THEN exactly that field differs', () => {
    // GIVEN / WHEN
    const differences = fieldDifferences(
      planFields([kcp([{ name: 'a', value: '1' }])], 'cc'),
      planFields([kcp([{ name: 'a', value: '2' }])], 'cc'),
    );

    // THEN
    expect(differences).toEqual([
      {
        path: 'KubeadmControlPlane/cluster .spec.kubeadmConfigSpec.clusterConfiguration.apiServer.extraArgs[0].value',
        a: '"1"',
        b: '"2"',
      },
    ]);
  });

  test('GIVEN a flag list WHEN its order is read THEN the names come in list order under the field path', () => {
    // GIVEN
    const objects = [
      kcp([
        { name: 'b', value: '2' },
        { name: 'a', value: '1' },
      ]),
    ];

    // WHEN
    const orders = flagListOrders(objects);

    // THEN
    expect([...orders]).toEqual([
      ['KubeadmControlPlane/cluster .spec.kubeadmConfigSpec.clusterConfiguration.apiServer.extraArgs', 'b,a'],
    ]);
  });
});
