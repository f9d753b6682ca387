import { ApiObject } from 'cdk8s';
import { synthesizeStack } from '../synth/synthesize';
import { testStack } from '../test-support';
import { AddonHook, ClusterAddon } from './cluster-addon';

describe('ClusterAddon', () => {
  test('GIVEN an addon with values, overwrite and a post condition WHEN synthesized THEN its chart and stage are written', () => {
    const { stack } = testStack();
    const addon = new ClusterAddon(stack, 'Dns', {
      name: 'dns',
      description: 'Cluster DNS.',
      version: '1.0.0',
      values: { replicas: 2 },
      overwrite: 'values: |\n  clusterName: {{ .Cluster.metadata.name }}\n',
      waitForPostCondition: {
        objects: [{ key: 'dns', apiVersion: 'apps/v1', kind: 'Deployment', name: 'dns' }],
        conditions: 'dns.status.readyReplicas == dns.spec.replicas',
      },
    });
    new ApiObject(addon.manifests, 'Config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dns', namespace: 'kube-system' },
      data: { a: '{{ x }}' },
    });
    const files = synthesizeStack(stack).files;
    expect(files.get('cluster-addon/dns/Chart.yaml')).toBe(
      'apiVersion: v2\nappVersion: 1.0.0\ndescription: Cluster DNS.\nname: dns\ntype: application\nversion: v0\n',
    );
    expect(files.get('cluster-addon/dns/values.yaml')).toBe('replicas: 2\n');
    expect(files.get('cluster-addon/dns/overwrite.yaml')).toBe(
      'values: |\n  clusterName: {{ .Cluster.metadata.name }}\n',
    );
    expect(files.get('cluster-addon/dns/templates/configmap-dns.yaml')).toContain(
      'a: "{{ "{{" }} x {{ "}}" }}"',
    );
    expect(files.get('clusteraddon.yaml')).toBe(
      [
        'apiVersion: clusteraddonconfig.x-k8s.io/v1alpha1',
        'addonStages:',
        '  AfterControlPlaneInitialized:',
        '    - action: apply',
        '      name: dns',
        '      waitForPostCondition:',
        '        conditions: dns.status.readyReplicas == dns.spec.replicas',
        '        objects:',
        '          - apiVersion: apps/v1',
        '            key: dns',
        '            kind: Deployment',
        '            name: dns',
        '            namespace: kube-system',
        '  BeforeClusterUpgrade:',
        '    - action: apply',
        '      name: dns',
        '      waitForPostCondition:',
        '        conditions: dns.status.readyReplicas == dns.spec.replicas',
        '        objects:',
        '          - apiVersion: apps/v1',
        '            key: dns',
        '            kind: Deployment',
        '            name: dns',
        '            namespace: kube-system',
        'clusterAddonVersion: clusteraddons.clusterstack.x-k8s.io/v1alpha1',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN an addon applied only at creation WHEN defined THEN it is refused because CSO would delete it on upgrade', () => {
    const { stack } = testStack();
    expect(
      () =>
        new ClusterAddon(stack, 'Once', {
          name: 'once',
          description: 'x',
          version: '1',
          appliedAt: [AddonHook.AFTER_CONTROL_PLANE_INITIALIZED],
        }),
    ).toThrow(
      'test-core-1-35/Once: appliedAt ["AfterControlPlaneInitialized"] is invalid: expected BeforeClusterUpgrade as well. CSO deletes on upgrade every object applied at creation that the upgrade stages do not apply again.',
    );
  });

  test.each([
    [
      { name: 'Metrics_Server' },
      'test-core-1-35/Bad: name "Metrics_Server" is invalid: expected a lowercase DNS label such as "metrics-server". It names a directory in the addon archive.',
    ],
    [
      { waitForPreCondition: { objects: [], conditions: ' ' } },
      'test-core-1-35/Bad: waitForPreCondition.conditions " " is invalid: expected a non-empty CEL expression.',
    ],
    [
      {
        waitForPostCondition: {
          objects: [{ key: 'my-key', apiVersion: 'v1', kind: 'Pod', name: 'p' }],
          conditions: 'true',
        },
      },
      'test-core-1-35/Bad: waitForPostCondition.objects[].key "my-key" is invalid: expected a CEL identifier such as "metricsServer".',
    ],
  ])('GIVEN invalid props %j WHEN defined THEN the exact error is raised', (props, message) => {
    const { stack } = testStack();
    expect(
      () => new ClusterAddon(stack, 'Bad', { name: 'bad', description: 'x', version: '1', ...props }),
    ).toThrow(message);
  });

  test('GIVEN an upstream chart with a digest WHEN synthesized THEN the digest travels as a Chart.yaml annotation', () => {
    const { stack } = testStack();
    new ClusterAddon(stack, 'Cni', {
      name: 'cni',
      description: 'x',
      version: '1',
      upstreamChart: {
        name: 'cilium',
        version: '1.19.6',
        repository: 'https://helm.cilium.io/',
        digest: `sha256:${'a'.repeat(64)}`,
      },
    });
    expect(synthesizeStack(stack).files.get('cluster-addon/cni/Chart.yaml')).toContain(
      `annotations:\n  cluster-stacks-ts.dev/dependency-digest: sha256:${'a'.repeat(64)}\n`,
    );
  });

  test('GIVEN a malformed upstream chart digest WHEN defined THEN it is refused', () => {
    const { stack } = testStack();
    expect(
      () =>
        new ClusterAddon(stack, 'Cni', {
          name: 'cni',
          description: 'x',
          version: '1',
          upstreamChart: {
            name: 'cilium',
            version: '1.19.6',
            repository: 'https://helm.cilium.io/',
            digest: 'md5:abc',
          },
        }),
    ).toThrow(
      'test-core-1-35/Cni: upstreamChart.digest "md5:abc" is invalid: expected "sha256:" and 64 hex digits.',
    );
  });

  test('GIVEN an addon object outside kube-system WHEN synthesized THEN validation names the object and the fix', () => {
    const { stack } = testStack();
    const addon = new ClusterAddon(stack, 'Ingress', { name: 'ingress', description: 'x', version: '1' });
    new ApiObject(addon.manifests, 'Sa', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'ingress', namespace: 'ingress' },
    });
    expect(() => synthesizeStack(stack)).toThrow(
      'test-core-1-35/Ingress: ServiceAccount "ingress" is in namespace "ingress": CSO applies addon objects in kube-system; leave the namespace unset or use kube-system.',
    );
  });

  test('GIVEN an object rendered only if a boolean value is true WHEN synthesized THEN its whole template is inside the Helm condition', () => {
    // GIVEN
    const { stack } = testStack();
    const addon = new ClusterAddon(stack, 'Policy', {
      name: 'policy',
      description: 'x',
      version: '1',
      values: { policy: { enabled: true } },
    });
    const config = new ApiObject(addon.manifests, 'Config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'policy' },
    });

    // WHEN
    addon.renderOnlyIf(config, 'policy.enabled');

    // THEN
    expect(addon.renderConditionOf(config)).toBe('policy.enabled');
    expect(synthesizeStack(stack).files.get('cluster-addon/policy/templates/configmap-policy.yaml')).toBe(
      [
        '{{- if .Values.policy.enabled }}',
        '# Generated by cluster-stacks-ts from the typed stack definition. Do not edit.',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: policy',
        '{{- end }}',
        '',
      ].join('\n'),
    );
  });

  test.each([
    [
      'policy-enabled',
      'test-core-1-35/Policy: renderOnlyIf.valuePath "policy-enabled" is invalid: expected a dotted Helm value path such as "policy.enabled".',
    ],
    [
      'policy.mode',
      'test-core-1-35/Policy: renderOnlyIf.valuePath "policy.mode" is invalid: expected the path of a boolean in the addon\'s values. Without an overwrite the chart renders with its own values, which must decide.',
    ],
  ])(
    'GIVEN renderOnlyIf with value path %s WHEN called THEN the exact error is raised',
    (valuePath, message) => {
      // GIVEN
      const { stack } = testStack();
      const addon = new ClusterAddon(stack, 'Policy', {
        name: 'policy',
        description: 'x',
        version: '1',
        values: { policy: { mode: 'strict' } },
      });
      const config = new ApiObject(addon.manifests, 'Config', { apiVersion: 'v1', kind: 'ConfigMap' });

      // WHEN / THEN
      expect(() => addon.renderOnlyIf(config, valuePath)).toThrow(message);
    },
  );

  test('GIVEN an object of another addon WHEN renderOnlyIf is called THEN it is refused', () => {
    // GIVEN
    const { stack } = testStack();
    const one = new ClusterAddon(stack, 'One', {
      name: 'one',
      description: 'x',
      version: '1',
      values: { on: true },
    });
    const two = new ClusterAddon(stack, 'Two', { name: 'two', description: 'x', version: '1' });
    const config = new ApiObject(two.manifests, 'Config', { apiVersion: 'v1', kind: 'ConfigMap' });

    // WHEN / THEN
    expect(() => one.renderOnlyIf(config, 'on')).toThrow(
      'test-core-1-35/One: renderOnlyIf.object "test-core-1-35/Two/Manifests/Config" is invalid: expected an object of test-core-1-35/One\'s manifests.',
    );
  });

  test('GIVEN two addons with the same stage name WHEN synthesized THEN it is refused', () => {
    const { stack } = testStack();
    new ClusterAddon(stack, 'A', { name: 'cni', description: 'x', version: '1' });
    new ClusterAddon(stack, 'B', { name: 'cni', description: 'y', version: '1' });
    expect(() => synthesizeStack(stack)).toThrow(
      'test-core-1-35: two addons are named "cni": addon names must be unique.',
    );
  });
});
