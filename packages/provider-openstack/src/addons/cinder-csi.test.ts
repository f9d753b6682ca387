import { addonFiles, byKindAndName, emptyStack, errorOf, Json } from '../test-support';
import { CinderCsi, CinderCsiProps, cinderCsiSidecars } from './cinder-csi';

const TAGS_1_35 = {
  attacher: 'v4.10.0',
  provisioner: 'v5.3.0',
  snapshotter: 'v8.4.0',
  resizer: 'v1.14.0',
  livenessProbe: 'v2.17.0',
  nodeDriverRegistrar: 'v2.15.0',
};

function render(props: Partial<CinderCsiProps> = {}) {
  const stack = emptyStack();
  const addon = new CinderCsi(stack, 'Csi', {
    version: 'v1.35.0',
    sidecars: cinderCsiSidecars(TAGS_1_35),
    ...props,
  });
  return { stack, addon, objects: byKindAndName(addon.renderManifests() as Json[]) };
}

describe('CinderCsi', () => {
  test('GIVEN release v1.35.0 WHEN added THEN the csi stage holds config, controller, node plugin, driver and storage classes', () => {
    // GIVEN / WHEN
    const { addon, objects } = render();

    // THEN
    expect(addon.props.name).toBe('csi');
    expect(addon.image).toBe('registry.k8s.io/provider-os/cinder-csi-plugin:v1.35.0');
    expect(Object.keys(objects)).toEqual([
      'Secret/cinder-csi-cloud-config',
      'ServiceAccount/csi-cinder-controller-sa',
      'ClusterRole/cinder-csi-attacher',
      'ClusterRoleBinding/cinder-csi-attacher',
      'ClusterRole/cinder-csi-provisioner',
      'ClusterRoleBinding/cinder-csi-provisioner',
      'ClusterRole/cinder-csi-snapshotter',
      'ClusterRoleBinding/cinder-csi-snapshotter',
      'ClusterRole/cinder-csi-resizer',
      'ClusterRoleBinding/cinder-csi-resizer',
      'Deployment/openstack-cinder-csi-controllerplugin',
      'ServiceAccount/csi-cinder-node-sa',
      'ClusterRole/cinder-csi-nodeplugin',
      'ClusterRoleBinding/cinder-csi-nodeplugin',
      'DaemonSet/openstack-cinder-csi-nodeplugin',
      'CSIDriver/cinder.csi.openstack.org',
      'StorageClass/csi-cinder-sc-delete',
      'StorageClass/csi-cinder-sc-retain',
    ]);
  });

  test('GIVEN the controller THEN it runs the plugin with its five sidecars on the control plane and tags volumes with the cluster name', () => {
    // GIVEN / WHEN
    const pod = render().objects['Deployment/openstack-cinder-csi-controllerplugin'].spec.template.spec;

    // THEN
    expect(pod.containers.map((c: Json) => `${c.name}=${c.image}`)).toEqual([
      'csi-attacher=registry.k8s.io/sig-storage/csi-attacher:v4.10.0',
      'csi-provisioner=registry.k8s.io/sig-storage/csi-provisioner:v5.3.0',
      'csi-snapshotter=registry.k8s.io/sig-storage/csi-snapshotter:v8.4.0',
      'csi-resizer=registry.k8s.io/sig-storage/csi-resizer:v1.14.0',
      'liveness-probe=registry.k8s.io/sig-storage/livenessprobe:v2.17.0',
      'cinder-csi-plugin=registry.k8s.io/provider-os/cinder-csi-plugin:v1.35.0',
    ]);
    expect(pod.containers[5].args).toEqual([
      '/bin/cinder-csi-plugin',
      '-v=2',
      '--endpoint=$(CSI_ENDPOINT)',
      '--cloud-config=$(CLOUD_CONFIG)',
      '--cluster=$(CLUSTER_NAME)',
      '--provide-node-service=false',
    ]);
    expect(pod.containers[5].env[2]).toEqual({ name: 'CLUSTER_NAME', value: '__HELM_VALUE_clusterName__' });
    expect(pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/control-plane': '' });
    expect(pod.serviceAccountName).toBe('csi-cinder-controller-sa');
    expect(pod.volumes).toEqual([
      { name: 'socket-dir', emptyDir: {} },
      { name: 'cloud-config', secret: { secretName: 'cinder-csi-cloud-config' } },
      { name: 'clouds-yaml', secret: { secretName: 'clouds-yaml' } },
    ]);
  });

  test('GIVEN the node plugin THEN it runs privileged on every node with the kubelet directory shared both ways', () => {
    // GIVEN / WHEN
    const pod = render().objects['DaemonSet/openstack-cinder-csi-nodeplugin'].spec.template.spec;

    // THEN
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.hostNetwork).toBe(true);
    expect(pod.containers.map((c: Json) => c.name)).toEqual([
      'node-driver-registrar',
      'liveness-probe',
      'cinder-csi-plugin',
    ]);
    expect(pod.containers[2].securityContext).toEqual({
      privileged: true,
      capabilities: { add: ['SYS_ADMIN'] },
      allowPrivilegeEscalation: true,
    });
    expect(pod.containers[2].volumeMounts[1]).toEqual({
      name: 'kubelet-dir',
      mountPath: '/var/lib/kubelet',
      mountPropagation: 'Bidirectional',
    });
    expect(pod.containers[0].env[1]).toEqual({
      name: 'DRIVER_REG_SOCK_PATH',
      value: '/var/lib/kubelet/plugins/cinder.csi.openstack.org/csi.sock',
    });
  });

  test('GIVEN the defaults THEN csi-cinder-sc-delete is the default StorageClass and both classes can grow volumes', () => {
    // GIVEN / WHEN
    const { objects } = render();

    // THEN
    expect(objects['StorageClass/csi-cinder-sc-delete']).toEqual({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: 'csi-cinder-sc-delete',
        annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      },
      provisioner: 'cinder.csi.openstack.org',
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
    });
    expect(objects['StorageClass/csi-cinder-sc-retain'].metadata).toEqual({ name: 'csi-cinder-sc-retain' });
    expect(objects['CSIDriver/cinder.csi.openstack.org'].spec).toEqual({
      attachRequired: true,
      podInfoOnMount: true,
      volumeLifecycleModes: ['Persistent', 'Ephemeral'],
    });
  });

  test('GIVEN defaultStorageClass false THEN no class is the default', () => {
    // GIVEN / WHEN
    const { objects } = render({ defaultStorageClass: false });

    // THEN
    expect(objects['StorageClass/csi-cinder-sc-delete'].metadata).toEqual({ name: 'csi-cinder-sc-delete' });
  });

  test('GIVEN sidecar tags WHEN the addon is added THEN it runs the sig-storage images of those tags', () => {
    // GIVEN / WHEN
    const { addon } = render({
      version: 'v1.33.1',
      sidecars: cinderCsiSidecars({ ...TAGS_1_35, attacher: 'v4.7.0' }),
    });

    // THEN
    expect(addon.sidecars).toEqual({
      attacher: 'registry.k8s.io/sig-storage/csi-attacher:v4.7.0',
      provisioner: 'registry.k8s.io/sig-storage/csi-provisioner:v5.3.0',
      snapshotter: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.4.0',
      resizer: 'registry.k8s.io/sig-storage/csi-resizer:v1.14.0',
      livenessProbe: 'registry.k8s.io/sig-storage/livenessprobe:v2.17.0',
      nodeDriverRegistrar: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.15.0',
    });
  });

  test('GIVEN the stage WHEN synthesized THEN its chart is stable (snapshot)', () => {
    // GIVEN
    const { stack } = render();

    // WHEN
    const files = addonFiles(stack);

    // THEN
    expect(files['cluster-addon/csi/values.yaml']).toBe('cloudName: openstack\nclusterName: kubernetes\n');
    expect(files).toMatchSnapshot();
  });

  test.each([
    [
      { sidecars: undefined as unknown as CinderCsiProps['sidecars'] },
      'test-openstack-1-35/Csi: sidecars undefined is invalid: expected the sidecar images, e.g. cinderCsiSidecars(row.cinderCsiSidecars).',
    ],
    [
      { controllerReplicas: 0 },
      'test-openstack-1-35/Csi: controllerReplicas 0 is invalid: expected an integer ≥ 1.',
    ],
    [
      { sidecars: { ...cinderCsiSidecars(TAGS_1_35), resizer: 'registry.k8s.io/sig-storage/csi-resizer' } },
      'test-openstack-1-35/Csi: sidecars.resizer "registry.k8s.io/sig-storage/csi-resizer" is invalid: expected an image reference pinned by tag or digest, such as "registry.k8s.io/sig-storage/livenessprobe:v2.17.0".',
    ],
  ])('GIVEN invalid props %j THEN the error names the construct, prop and value', (props, message) => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => render(props)).message).toBe(message);
  });
});
