import { StackDefinitionError } from '@cluster-stacks/core';
import { METRICS_SERVER_IMAGE, MetricsServer, MetricsServerProps } from './metrics-server';
import { errorOf, Json, objectsByKindAndName, synthesizeAddonFiles, testStack } from './test-support';

function render(props?: MetricsServerProps): { addon: MetricsServer; objects: Json[] } {
  const stack = testStack();
  const addon = new MetricsServer(stack, 'MetricsServer', props);
  return { addon, objects: addon.renderManifests() };
}

function deploymentOf(objects: Json[]): Json {
  return objectsByKindAndName(objects)['Deployment/metrics-server'];
}

function containerOf(objects: Json[]): Json {
  return deploymentOf(objects).spec.template.spec.containers[0];
}

describe('MetricsServer', () => {
  test('renders every object metrics-server needs', () => {
    // GIVEN a stack
    // WHEN a metrics-server addon is added with defaults
    const { addon, objects } = render();

    // THEN the stage is called metrics-server and holds exactly these objects, each in kube-system or cluster-wide
    expect(addon.props.name).toBe('metrics-server');
    expect(addon.props.version).toBe('v0.8.1');
    expect(objects.map((o) => [o.apiVersion, o.kind, o.metadata.name, o.metadata.namespace])).toEqual([
      ['v1', 'ServiceAccount', 'metrics-server', 'kube-system'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:aggregated-metrics-reader', undefined],
      ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:metrics-server', undefined],
      ['rbac.authorization.k8s.io/v1', 'RoleBinding', 'metrics-server-auth-reader', 'kube-system'],
      [
        'rbac.authorization.k8s.io/v1',
        'ClusterRoleBinding',
        'metrics-server:system:auth-delegator',
        undefined,
      ],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'system:metrics-server', undefined],
      ['v1', 'Service', 'metrics-server', 'kube-system'],
      ['apps/v1', 'Deployment', 'metrics-server', 'kube-system'],
      ['apiregistration.k8s.io/v1', 'APIService', 'v1beta1.metrics.k8s.io', undefined],
    ]);
  });

  test('grants the RBAC rules and bindings of upstream metrics-server', () => {
    // GIVEN a stack
    // WHEN a metrics-server addon is added
    const byName = objectsByKindAndName(render().objects);

    // THEN the aggregated reader feeds view/edit/admin and the server role reads kubelet metrics, pods and nodes
    const reader = byName['ClusterRole/system:aggregated-metrics-reader'];
    expect(reader.metadata.labels).toEqual({
      'k8s-app': 'metrics-server',
      'rbac.authorization.k8s.io/aggregate-to-view': 'true',
      'rbac.authorization.k8s.io/aggregate-to-edit': 'true',
      'rbac.authorization.k8s.io/aggregate-to-admin': 'true',
    });
    expect(reader.rules).toEqual([
      { apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(byName['ClusterRole/system:metrics-server'].rules).toEqual([
      { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
    ]);

    // AND every binding names the metrics-server ServiceAccount in kube-system
    const subjects = [{ kind: 'ServiceAccount', name: 'metrics-server', namespace: 'kube-system' }];
    expect(byName['RoleBinding/metrics-server-auth-reader']).toMatchObject({
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: 'extension-apiserver-authentication-reader',
      },
      subjects,
    });
    expect(byName['ClusterRoleBinding/metrics-server:system:auth-delegator']).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects,
    });
    expect(byName['ClusterRoleBinding/system:metrics-server']).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' },
      subjects,
    });
  });

  test('serves the metrics API through the Service and APIService', () => {
    // GIVEN a stack
    // WHEN a metrics-server addon is added
    const byName = objectsByKindAndName(render().objects);

    // THEN the Service maps 443 to the https port of the pods
    expect(byName['Service/metrics-server'].spec).toEqual({
      selector: { 'k8s-app': 'metrics-server' },
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', appProtocol: 'https' }],
    });
    // AND the APIService registers metrics.k8s.io/v1beta1 behind it
    expect(byName['APIService/v1beta1.metrics.k8s.io'].spec).toEqual({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      service: { name: 'metrics-server', namespace: 'kube-system' },
      insecureSkipTLSVerify: true,
      groupPriorityMinimum: 100,
      versionPriority: 100,
    });
  });

  test('runs the Deployment with the upstream flags, probes and a restricted securityContext', () => {
    // GIVEN a stack
    // WHEN a metrics-server addon is added with defaults
    const { objects } = render();
    const deployment = deploymentOf(objects);
    const container = containerOf(objects);

    // THEN the pod runs one replica as a cluster-critical pod with the upstream image and flags
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.priorityClassName).toBe('system-cluster-critical');
    expect(deployment.spec.template.spec.serviceAccountName).toBe('metrics-server');
    expect(container.image).toBe('registry.k8s.io/metrics-server/metrics-server:v0.8.1');
    expect(container.args).toEqual([
      '--cert-dir=/tmp',
      '--secure-port=10250',
      '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
      '--kubelet-use-node-status-port',
      '--metric-resolution=15s',
      '--kubelet-insecure-tls',
    ]);
    expect(container.ports).toEqual([{ name: 'https', containerPort: 10250, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/livez', port: 'https', scheme: 'HTTPS' });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '200Mi' } });

    // AND the container meets the restricted Pod Security Standard, writing only to its emptyDir
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.volumeMounts).toEqual([{ name: 'tmp-dir', mountPath: '/tmp' }]);
    expect(deployment.spec.template.spec.volumes).toEqual([{ name: 'tmp-dir', emptyDir: {} }]);
  });

  test('applies the props to the Deployment', () => {
    // GIVEN a stack
    // WHEN a metrics-server addon verifies kubelet certificates, runs two replicas from a mirror with limits
    const { addon, objects } = render({
      name: 'metrics',
      image: 'mirror.example.com/metrics-server/metrics-server:v0.8.1',
      replicas: 2,
      kubeletInsecureTls: false,
      resources: { requests: { cpu: '50m', memory: '100Mi' }, limits: { memory: '300Mi' } },
    });

    // THEN the stage, image, replicas, flags and resources follow the props
    expect(addon.props.name).toBe('metrics');
    expect(deploymentOf(objects).spec.replicas).toBe(2);
    const container = containerOf(objects);
    expect(container.image).toBe('mirror.example.com/metrics-server/metrics-server:v0.8.1');
    expect(container.args).not.toContain('--kubelet-insecure-tls');
    expect(container.resources).toEqual({
      requests: { cpu: '50m', memory: '100Mi' },
      limits: { memory: '300Mi' },
    });
  });

  test('has no values and no overwrite', () => {
    // GIVEN a stack
    // WHEN a metrics-server addon is added
    const { addon } = render();

    // THEN nothing about it depends on the Cluster
    expect(addon.props.values).toBeUndefined();
    expect(addon.props.overwrite).toBeUndefined();
    expect(addon.props.waitForPostCondition).toBeUndefined();
  });

  test.each<[string, MetricsServerProps, string]>([
    [
      'replicas 0',
      { replicas: 0 },
      'test-addons-1-35/MetricsServer: replicas 0 is invalid: expected an integer ≥ 1.',
    ],
    [
      'fractional replicas',
      { replicas: 1.5 },
      'test-addons-1-35/MetricsServer: replicas 1.5 is invalid: expected an integer ≥ 1.',
    ],
    [
      'an untagged image',
      { image: 'registry.k8s.io/metrics-server/metrics-server' },
      `test-addons-1-35/MetricsServer: image "registry.k8s.io/metrics-server/metrics-server" is invalid: expected an image reference pinned by tag or digest, such as "${METRICS_SERVER_IMAGE}".`,
    ],
    [
      'an image with spaces',
      { image: 'metrics server:v1' },
      `test-addons-1-35/MetricsServer: image "metrics server:v1" is invalid: expected an image reference pinned by tag or digest, such as "${METRICS_SERVER_IMAGE}".`,
    ],
    [
      'a CPU request that is no quantity',
      { resources: { requests: { cpu: '100 millicores' } } },
      'test-addons-1-35/MetricsServer: resources.requests.cpu "100 millicores" is invalid: expected a Kubernetes quantity such as "100m" or "200Mi".',
    ],
    [
      'a memory limit that is no quantity',
      { resources: { limits: { memory: '-1Gi' } } },
      'test-addons-1-35/MetricsServer: resources.limits.memory "-1Gi" is invalid: expected a Kubernetes quantity such as "100m" or "200Mi".',
    ],
    [
      'a stage name that is no DNS label',
      { name: 'Metrics_Server' },
      'test-addons-1-35/MetricsServer: name "Metrics_Server" is invalid: expected a lowercase DNS label such as "metrics-server". It names a directory in the addon archive.',
    ],
  ])('rejects %s', (_, props, message) => {
    // GIVEN a stack
    const stack = testStack();

    // WHEN a metrics-server addon is added with an invalid prop
    const error = errorOf(() => new MetricsServer(stack, 'MetricsServer', props));

    // THEN the error names the construct, the prop and the value
    expect(error).toBeInstanceOf(StackDefinitionError);
    expect(error.message).toBe(message);
  });

  test('synthesizes its chart', () => {
    // GIVEN a stack with a metrics-server addon
    const stack = testStack();
    new MetricsServer(stack, 'MetricsServer');

    // WHEN the stack is synthesized
    const files = synthesizeAddonFiles(stack);

    // THEN the chart has its Chart.yaml, empty values and one template per object, and one stage per hook
    expect(Object.keys(files)).toEqual([
      'cluster-addon/metrics-server/Chart.yaml',
      'cluster-addon/metrics-server/templates/apiservice-v1beta1.metrics.k8s.io.yaml',
      'cluster-addon/metrics-server/templates/clusterrole-system-aggregated-metrics-reader.yaml',
      'cluster-addon/metrics-server/templates/clusterrole-system-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/clusterrolebinding-metrics-server-system-auth-delegator.yaml',
      'cluster-addon/metrics-server/templates/clusterrolebinding-system-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/deployment-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/rolebinding-metrics-server-auth-reader.yaml',
      'cluster-addon/metrics-server/templates/service-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/serviceaccount-metrics-server.yaml',
      'cluster-addon/metrics-server/values.yaml',
      'clusteraddon.yaml',
    ]);
    expect(files).toMatchSnapshot();
  });
});
