import { addonFiles, byKindAndName, emptyStack, errorOf, Json } from '../test-support';
import {
  OpenStackCloudControllerManager,
  OpenStackCloudControllerManagerProps,
} from './cloud-controller-manager';

function render(props: Partial<OpenStackCloudControllerManagerProps> = {}) {
  const stack = emptyStack();
  const addon = new OpenStackCloudControllerManager(stack, 'Ccm', { version: 'v1.35.0', ...props });
  return { stack, addon, objects: byKindAndName(addon.renderManifests() as Json[]) };
}

describe('OpenStackCloudControllerManager', () => {
  test('GIVEN release v1.35.0 WHEN added THEN the ccm stage holds RBAC, its cloud.conf and the DaemonSet, in that order', () => {
    // GIVEN / WHEN
    const { addon, objects } = render();

    // THEN
    expect(addon.props.name).toBe('ccm');
    expect(addon.props.version).toBe('v1.35.0');
    expect(addon.image).toBe('registry.k8s.io/provider-os/openstack-cloud-controller-manager:v1.35.0');
    expect(Object.keys(objects)).toEqual([
      'ServiceAccount/cloud-controller-manager',
      'ClusterRole/system:cloud-controller-manager',
      'ClusterRoleBinding/system:cloud-controller-manager',
      'Secret/cloud-controller-manager-config',
      'DaemonSet/openstack-cloud-controller-manager',
    ]);
  });

  test('GIVEN the DaemonSet THEN it runs on control-plane nodes, tolerates uninitialized nodes and reads clouds.yaml', () => {
    // GIVEN / WHEN
    const pod = render().objects['DaemonSet/openstack-cloud-controller-manager'].spec.template.spec;

    // THEN
    expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(pod.tolerations).toEqual([
      { key: 'node.cloudprovider.kubernetes.io/uninitialized', value: 'true', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.dnsPolicy).toBe('Default');
    expect(pod.containers[0].args).toEqual([
      '/bin/openstack-cloud-controller-manager',
      '--v=2',
      '--cloud-config=$(CLOUD_CONFIG)',
      '--cluster-name=$(CLUSTER_NAME)',
      '--cloud-provider=openstack',
      '--use-service-account-credentials=false',
      '--controllers=cloud-node,cloud-node-lifecycle,route,service',
      '--bind-address=127.0.0.1',
    ]);
    expect(pod.containers[0].env).toEqual([
      { name: 'CLOUD_CONFIG', value: '/etc/config/cloud.conf' },
      { name: 'CLUSTER_NAME', value: '__HELM_VALUE_clusterName__' },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([
      { name: 'cloud-config', mountPath: '/etc/config', readOnly: true },
      { name: 'clouds-yaml', mountPath: '/etc/openstack', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'cloud-config', secret: { secretName: 'cloud-controller-manager-config' } },
      { name: 'clouds-yaml', secret: { secretName: 'clouds-yaml' } },
    ]);
  });

  test('GIVEN the cloud.conf Secret THEN it uses clouds.yaml and the per-cluster cloud name', () => {
    // GIVEN / WHEN
    const secret = render().objects['Secret/cloud-controller-manager-config'];

    // THEN
    expect(secret.stringData['cloud.conf']).toBe(
      '[Global]\nuse-clouds = true\nclouds-file = /etc/openstack/clouds.yaml\ncloud = __HELM_VALUE_cloudName__\n',
    );
  });

  test('GIVEN the stage WHEN synthesized THEN overwrite.yaml templates the cluster name and the cloud name of the OpenStackCluster', () => {
    // GIVEN
    const { stack } = render();

    // WHEN
    const files = addonFiles(stack);

    // THEN
    expect(files['cluster-addon/ccm/values.yaml']).toBe('cloudName: openstack\nclusterName: kubernetes\n');
    expect(files['cluster-addon/ccm/overwrite.yaml']).toContain(
      '  clusterName: {{ .Cluster.metadata.name | quote }}\n',
    );
    expect(files['cluster-addon/ccm/overwrite.yaml']).toContain(
      '{{- $cloudName = dig "spec" "identityRef" "cloudName" "openstack" . }}\n',
    );
    expect(files['cluster-addon/ccm/templates/daemonset-openstack-cloud-controller-manager.yaml']).toContain(
      'value: {{ .Values.clusterName | toJson }}\n',
    );
    expect(files).toMatchSnapshot();
  });

  test('GIVEN other controllers THEN they are passed as given', () => {
    // GIVEN / WHEN
    const pod = render({ controllers: ['cloud-node', 'service'] }).objects[
      'DaemonSet/openstack-cloud-controller-manager'
    ].spec.template.spec;

    // THEN
    expect(pod.containers[0].args[6]).toBe('--controllers=cloud-node,service');
  });

  test.each([
    [
      { version: '1.35.0' },
      'test-openstack-1-35/Ccm: version "1.35.0" is invalid: expected a release tag such as "v1.35.0".',
    ],
    [
      { image: 'registry.k8s.io/provider-os/openstack-cloud-controller-manager' },
      'test-openstack-1-35/Ccm: image "registry.k8s.io/provider-os/openstack-cloud-controller-manager" is invalid: expected an image reference pinned by tag or digest, such as "registry.k8s.io/provider-os/openstack-cloud-controller-manager:v1.35.0".',
    ],
    [
      { controllers: [] },
      'test-openstack-1-35/Ccm: controllers [] is invalid: expected at least one controller name such as "cloud-node" ("-name" disables one, "*" enables all).',
    ],
    [
      { resources: { requests: { cpu: 'lots' } } },
      'test-openstack-1-35/Ccm: resources.requests.cpu "lots" is invalid: expected a Kubernetes quantity such as "100m" or "200Mi".',
    ],
  ])('GIVEN invalid props %j THEN the error names the construct, prop and value', (props, message) => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => render(props)).message).toBe(message);
  });
});
