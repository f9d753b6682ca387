import { CapiVersion } from '../capi-version';
import { ClusterClass } from '../cluster-class/cluster-class';
import { builtin, vars } from '../cluster-class/expressions';
import { testStack, testStackWithLists as stackWithLists, TEST_SCHEMAS } from '../test-support';
import { ClusterFeatures } from './cluster-features';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function patch(cc: ClusterClass, capi: CapiVersion, name: string): Json {
  const [object] = cc.render(capi) as Json[];
  return object.spec.patches.find((p: Json) => p.name === name);
}

describe('ClusterFeatures', () => {
  test('GIVEN a ClusterClass with kubeadm templates WHEN the features are added THEN it has their variables and patches, registry mirrors first', () => {
    // GIVEN
    const { stack, clusterClass } = stackWithLists();

    // WHEN
    new ClusterFeatures(stack, 'Features', { clusterClass });

    // THEN
    expect(clusterClass.variableDefinitions.map((d) => d.name)).toEqual([
      'image',
      'registryMirrors',
      'httpProxy',
      'ntpServers',
      'controlPlaneCertificateRenewal',
      'oidcAuthentication',
    ]);
    const [object] = clusterClass.render(CapiVersion.V1BETA1) as Json[];
    expect(object.spec.patches.map((p: Json) => p.name)).toEqual([
      'registryMirrorsControlPlane',
      'registryMirrorsWorker',
      'registryMirrorCredentials',
      'httpProxy',
      'ntpServers',
      'controlPlaneCertificateRenewal',
    ]);
  });

  test('GIVEN the certificate renewal patch WHEN rendered for each CAPI version THEN it writes rolloutBefore (v1beta1) or rollout.before (v1beta2)', () => {
    // GIVEN
    const { stack, clusterClass } = stackWithLists();
    new ClusterFeatures(stack, 'Features', { clusterClass });

    // WHEN
    const v1 = patch(clusterClass, CapiVersion.V1BETA1, 'controlPlaneCertificateRenewal');
    const v2 = patch(clusterClass, CapiVersion.V1BETA2, 'controlPlaneCertificateRenewal');

    // THEN
    expect(v1.enabledIf).toBe('{{ .controlPlaneCertificateRenewal.enabled }}');
    expect(v1.definitions[0].jsonPatches).toEqual([
      {
        op: 'add',
        path: '/spec/template/spec/rolloutBefore',
        valueFrom: {
          template: '{"certificatesExpiryDays": {{ .controlPlaneCertificateRenewal.daysBeforeExpiry }}}',
        },
      },
    ]);
    expect(v2.definitions[0].jsonPatches).toEqual([
      {
        op: 'add',
        path: '/spec/template/spec/rollout',
        valueFrom: {
          template:
            '{"before": {"certificatesExpiryDays": {{ .controlPlaneCertificateRenewal.daysBeforeExpiry }}}}',
        },
      },
    ]);
  });

  test('GIVEN a node image without containerd hosts directory WHEN the features are added THEN the mirrors turn it on, and the credentials patch runs only when a mirror names a Secret', () => {
    // GIVEN
    const { stack, clusterClass } = stackWithLists();

    // WHEN
    new ClusterFeatures(stack, 'Features', { clusterClass, enableContainerdHostsDirectory: true });

    // THEN
    const hostsDir = patch(clusterClass, CapiVersion.V1BETA1, 'registryMirrorsHostsDirectory');
    expect(hostsDir.enabledIf).toBe('{{ not (empty .registryMirrors) }}');
    expect(
      hostsDir.definitions[1].jsonPatches.map((p: Json) => [p.op, p.path, p.value.path ?? p.value]),
    ).toEqual([
      ['add', '/spec/template/spec/files/-', '/etc/containerd/enable-hosts-dir.sh'],
      ['add', '/spec/template/spec/preKubeadmCommands/-', 'sh /etc/containerd/enable-hosts-dir.sh'],
    ]);
    expect(patch(clusterClass, CapiVersion.V1BETA1, 'registryMirrorCredentials').enabledIf).toBe(
      '{{ $found := false }}{{ range $item := .registryMirrors }}{{ if $item.credentialsSecretRef }}{{ $found = true }}{{ end }}{{ end }}{{ $found }}',
    );
  });

  test("GIVEN a stack variable reached without the proxy WHEN rendered THEN NO_PROXY lists it after the Cluster's networks", () => {
    // GIVEN
    const { stack, clusterClass } = stackWithLists();

    // WHEN
    new ClusterFeatures(stack, 'Features', {
      clusterClass,
      noProxyVariables: [vars<{ image: string }>().ref('image')],
    });

    // THEN
    const template: string = patch(clusterClass, CapiVersion.V1BETA1, 'httpProxy').definitions[0]
      .jsonPatches[0].valueFrom.template;
    expect(template).toContain(
      'Environment="NO_PROXY={{ replace "%" "%%" (join "," (uniq (concat (list "localhost" "127.0.0.1" ".svc" (printf ".%s" (dig "builtin" "cluster" "network" "serviceDomain" "cluster.local" .))) (dig "builtin" "cluster" "network" "pods" (list) .) (dig "builtin" "cluster" "network" "services" (list) .) (compact (list .image)) (default (list) .httpProxy.noProxy)))) }}"',
    );
  });

  test('GIVEN a ClusterClass whose control plane is no KubeadmControlPlaneTemplate WHEN the features are added THEN the error names the kind', () => {
    // GIVEN
    const { stack, infra, machines } = testStack();
    const clusterClass = new ClusterClass(stack, 'Other', {
      infrastructure: infra,
      controlPlane: { template: machines },
      templateSchemas: TEST_SCHEMAS,
    });

    // WHEN / THEN
    expect(() => new ClusterFeatures(stack, 'Features', { clusterClass })).toThrow(
      'test-core-1-35/Features: ClusterFeatures: clusterClass control plane "FakeMachineTemplate" is invalid: expected a KubeadmControlPlaneTemplate. The features write kubeadm files and commands.',
    );
  });

  test('GIVEN a builtin among the no-proxy variables WHEN the features are added THEN the error says the Cluster networks are there already', () => {
    const { stack, clusterClass } = stackWithLists();
    expect(
      () =>
        new ClusterFeatures(stack, 'Features', {
          clusterClass,
          noProxyVariables: [builtin.cluster.name],
        }),
    ).toThrow(
      'test-core-1-35/Features: ClusterFeatures: noProxyVariables "builtin.cluster.name" is invalid: expected a reference to one of the stack\'s variables. The Cluster\'s own networks are added already.',
    );
  });

  test('GIVEN kubeadm templates without a files list WHEN rendered THEN the registry mirror patch says what the template needs', () => {
    // GIVEN
    const { stack, clusterClass } = testStack();
    new ClusterFeatures(stack, 'Features', { clusterClass });

    // WHEN / THEN
    expect(() => clusterClass.render(CapiVersion.V1BETA1)).toThrow(
      'ClusterFeatures: registry mirrors need a files list in KubeadmControlPlaneTemplate test-core-1-35/ControlPlane: give the template at least one file.',
    );
  });
});
