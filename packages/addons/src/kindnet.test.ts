import { StackDefinitionError } from '@cluster-stacks/core';
import { KINDNETD_IMAGE, Kindnet, KindnetProps } from './kindnet';
import { errorOf, Json, objectsByKindAndName, synthesizeAddonFiles, testStack } from './test-support';

function render(props?: KindnetProps): { addon: Kindnet; objects: Json[] } {
  const stack = testStack();
  const addon = new Kindnet(stack, 'Kindnet', props);
  return { addon, objects: addon.renderManifests() };
}

function daemonSetOf(objects: Json[]): Json {
  return objectsByKindAndName(objects)['DaemonSet/kindnet'];
}

const EXPECTED_OVERWRITE = `{{- /* podSubnet: the first pod CIDR block of the Cluster, or the default when it sets none. */}}
{{- $podSubnet := "10.244.0.0/16" }}
{{- with dig "spec" "clusterNetwork" "pods" "cidrBlocks" (list) .Cluster }}
{{- $podSubnet = first . }}
{{- end }}
values: |
  podSubnet: {{ $podSubnet | quote }}
`;

describe('Kindnet', () => {
  test('renders the objects of the kindnet CNI', () => {
    // GIVEN a stack
    // WHEN a kindnet addon is added with defaults
    const { addon, objects } = render();

    // THEN the stage is called cni, versioned by the kindnetd tag, and holds exactly these objects
    expect(addon.props.name).toBe('cni');
    expect(addon.props.version).toBe('v20251212-v0.29.0-alpha-105-g20ccfc88');
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['v1', 'ServiceAccount', 'kindnet', 'kube-system'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'kindnet', undefined],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'kindnet', undefined],
      ['apps/v1', 'DaemonSet', 'kindnet', 'kube-system'],
    ]);
  });

  test('grants read access to nodes, pods, namespaces and network policies', () => {
    // GIVEN a stack
    // WHEN a kindnet addon is added
    const byName = objectsByKindAndName(render().objects);

    // THEN the role lets kindnetd watch what routing and NetworkPolicy enforcement need, and nothing more
    expect(byName['ClusterRole/kindnet'].rules).toEqual([
      { apiGroups: [''], resources: ['nodes', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['list', 'watch'] },
    ]);
    // AND it is bound to the kindnet ServiceAccount
    expect(byName['ClusterRoleBinding/kindnet']).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kindnet' },
      subjects: [{ kind: 'ServiceAccount', name: 'kindnet', namespace: 'kube-system' }],
    });
  });

  test('runs kindnetd on every node on the host network, with the pod subnet from the Helm values', () => {
    // GIVEN a stack
    // WHEN a kindnet addon is added with defaults
    const pod = daemonSetOf(render().objects).spec.template.spec;
    const container = pod.containers[0];

    // THEN the pod uses the host network, tolerates every taint and is node-critical
    expect(pod.hostNetwork).toBe(true);
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.priorityClassName).toBe('system-node-critical');
    expect(pod.serviceAccountName).toBe('kindnet');
    expect(container.image).toBe('docker.io/kindest/kindnetd:v20251212-v0.29.0-alpha-105-g20ccfc88');

    // AND it reads its addresses from the downward API and the pod subnet from the values
    expect(container.env).toEqual([
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'POD_SUBNET', value: '__HELM_VALUE_podSubnet__' },
    ]);

    // AND it holds only the network capabilities, not full privilege
    expect(container.securityContext).toEqual({
      privileged: false,
      capabilities: { add: ['NET_RAW', 'NET_ADMIN'] },
    });
    expect(container.resources).toEqual({
      requests: { cpu: '100m', memory: '50Mi' },
      limits: { cpu: '100m', memory: '50Mi' },
    });

    // AND it mounts the CNI config directory, the xtables lock and the kernel modules from the host
    expect(container.volumeMounts).toEqual([
      { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
      { name: 'xtables-lock', mountPath: '/run/xtables.lock', readOnly: false },
      { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
    ]);
    expect(pod.volumes).toEqual([
      { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d' } },
      { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
      { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
    ]);
  });

  test('defaults the pod subnet in values and takes it from the Cluster in overwrite', () => {
    // GIVEN a stack
    // WHEN a kindnet addon is added with defaults
    const { addon } = render();

    // THEN values hold kind's pod subnet and overwrite reads the Cluster's first pod CIDR block, falling back to it
    expect(addon.props.values).toEqual({ podSubnet: '10.244.0.0/16' });
    expect(addon.props.overwrite).toBe(EXPECTED_OVERWRITE);
  });

  test('applies the props', () => {
    // GIVEN a stack
    // WHEN a kindnet addon runs from a digest-pinned mirror with another default pod subnet
    const digest = `sha256:${'a'.repeat(64)}`;
    const { addon, objects } = render({
      name: 'kindnet',
      image: `mirror.example.com:5000/kindest/kindnetd@${digest}`,
      defaultPodSubnet: '192.168.0.0/16',
    });

    // THEN the stage, image, values and the fallback of overwrite follow the props
    expect(addon.props.name).toBe('kindnet');
    expect(addon.props.version).toBe('v0.31.0');
    expect(daemonSetOf(objects).spec.template.spec.containers[0].image).toBe(
      `mirror.example.com:5000/kindest/kindnetd@${digest}`,
    );
    expect(addon.props.values).toEqual({ podSubnet: '192.168.0.0/16' });
    expect(addon.props.overwrite).toBe(EXPECTED_OVERWRITE.replace('"10.244.0.0/16"', '"192.168.0.0/16"'));
  });

  test('accepts an IPv6 default pod subnet', () => {
    // GIVEN a stack
    // WHEN a kindnet addon defaults to an IPv6 pod subnet
    const { addon } = render({ defaultPodSubnet: 'fd00:10:244::/56' });

    // THEN the values hold it
    expect(addon.props.values).toEqual({ podSubnet: 'fd00:10:244::/56' });
  });

  test.each<[string, KindnetProps, string]>([
    [
      'an untagged image',
      { image: 'docker.io/kindest/kindnetd' },
      `test-addons-1-35/Kindnet: image "docker.io/kindest/kindnetd" is invalid: expected an image reference pinned by tag or digest, such as "${KINDNETD_IMAGE}".`,
    ],
    [
      'a pod subnet without prefix length',
      { defaultPodSubnet: '10.244.0.0' },
      'test-addons-1-35/Kindnet: defaultPodSubnet "10.244.0.0" is invalid: expected an IPv4 or IPv6 CIDR such as "10.244.0.0/16".',
    ],
    [
      'a pod subnet with an octet above 255',
      { defaultPodSubnet: '10.300.0.0/16' },
      'test-addons-1-35/Kindnet: defaultPodSubnet "10.300.0.0/16" is invalid: expected an IPv4 or IPv6 CIDR such as "10.244.0.0/16".',
    ],
    [
      'a pod subnet with a prefix above 32',
      { defaultPodSubnet: '10.244.0.0/33' },
      'test-addons-1-35/Kindnet: defaultPodSubnet "10.244.0.0/33" is invalid: expected an IPv4 or IPv6 CIDR such as "10.244.0.0/16".',
    ],
    [
      'a pod subnet that would break out of the template',
      { defaultPodSubnet: '10.244.0.0/16" }}{{ fail "x' },
      'test-addons-1-35/Kindnet: defaultPodSubnet "10.244.0.0/16\\" }}{{ fail \\"x" is invalid: expected an IPv4 or IPv6 CIDR such as "10.244.0.0/16".',
    ],
    [
      'a stage name that is no DNS label',
      { name: 'CNI' },
      'test-addons-1-35/Kindnet: name "CNI" is invalid: expected a lowercase DNS label such as "metrics-server". It names a directory in the addon archive.',
    ],
  ])('rejects %s', (_, props, message) => {
    // GIVEN a stack
    const stack = testStack();

    // WHEN a kindnet addon is added with an invalid prop
    const error = errorOf(() => new Kindnet(stack, 'Kindnet', props));

    // THEN the error names the construct, the prop and the value
    expect(error).toBeInstanceOf(StackDefinitionError);
    expect(error.message).toBe(message);
  });

  test('synthesizes its chart with the placeholder as a Helm action', () => {
    // GIVEN a stack with a kindnet addon
    const stack = testStack();
    new Kindnet(stack, 'Kindnet');

    // WHEN the stack is synthesized
    const files = synthesizeAddonFiles(stack);

    // THEN the chart has values, the exact overwrite and templates, and POD_SUBNET reads the value as JSON
    expect(Object.keys(files)).toEqual([
      'cluster-addon/cni/Chart.yaml',
      'cluster-addon/cni/overwrite.yaml',
      'cluster-addon/cni/templates/clusterrole-kindnet.yaml',
      'cluster-addon/cni/templates/clusterrolebinding-kindnet.yaml',
      'cluster-addon/cni/templates/daemonset-kindnet.yaml',
      'cluster-addon/cni/templates/serviceaccount-kindnet.yaml',
      'cluster-addon/cni/values.yaml',
      'clusteraddon.yaml',
    ]);
    expect(files['cluster-addon/cni/overwrite.yaml']).toBe(EXPECTED_OVERWRITE);
    expect(files['cluster-addon/cni/values.yaml']).toBe('podSubnet: 10.244.0.0/16\n');
    expect(files['cluster-addon/cni/templates/daemonset-kindnet.yaml']).toContain(
      '            - name: POD_SUBNET\n              value: {{ .Values.podSubnet | toJson }}\n',
    );
    expect(files).toMatchSnapshot();
  });
});
