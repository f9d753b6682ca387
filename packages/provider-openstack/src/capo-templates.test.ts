import { CapiVersion } from '@cluster-stacks/core';
import { OpenStackClusterTemplate, OpenStackMachineTemplate } from './capo-templates';
import { emptyStack, errorOf } from './test-support';
import { capoV1beta1 } from './imports';

const SECRET = capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecIdentityRefType.SECRET;

describe('CAPO templates', () => {
  test('GIVEN a machine template WHEN rendered for either CAPI version THEN it stays infrastructure.cluster.x-k8s.io/v1beta1', () => {
    // GIVEN
    const stack = emptyStack();
    const machines = new OpenStackMachineTemplate(stack, 'Machines', {
      nameSuffix: 'default-worker',
      spec: { flavor: 'SCS-4V-8', image: { filter: { name: 'ubuntu' } } },
    });

    // WHEN
    const [v1beta1, v1beta2] = CapiVersion.ALL.map((capi) => machines.render(capi));

    // THEN
    expect(v1beta1).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      kind: 'OpenStackMachineTemplate',
      metadata: {
        name: '__HELM_RELEASE_NAME__-__HELM_CHART_VERSION__-default-worker',
        namespace: '__HELM_RELEASE_NAMESPACE__',
      },
      spec: { template: { spec: { flavor: 'SCS-4V-8', image: { filter: { name: 'ubuntu' } } } } },
    });
    expect(v1beta2).toEqual(v1beta1);
  });

  test('GIVEN a cluster template without a suffix THEN it is named -cluster', () => {
    // GIVEN / WHEN
    const cluster = new OpenStackClusterTemplate(emptyStack(), 'Cluster', {
      spec: { identityRef: { name: 'openstack', cloudName: 'openstack', type: SECRET } },
    });

    // THEN
    expect(cluster.render(CapiVersion.V1BETA1).metadata.name).toBe(
      '__HELM_RELEASE_NAME__-__HELM_CHART_VERSION__-cluster',
    );
    expect(cluster.render(CapiVersion.V1BETA1).spec).toEqual({
      template: { spec: { identityRef: { name: 'openstack', cloudName: 'openstack', type: SECRET } } },
    });
  });

  test('GIVEN a name suffix that is no DNS label THEN the error names the construct and what to use', () => {
    // GIVEN / WHEN / THEN
    expect(
      errorOf(
        () =>
          new OpenStackMachineTemplate(emptyStack(), 'Machines', {
            nameSuffix: 'Control_Plane',
            spec: { image: {} },
          }),
      ).message,
    ).toBe(
      'test-openstack-1-35/Machines: nameSuffix "Control_Plane" is invalid: expected a lowercase DNS label such as "control-plane". It ends the name of the template object.',
    );
  });
});
