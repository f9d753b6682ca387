import { parse } from 'yaml';
import { TemplateText, vars } from '../cluster-class/expressions';
import { JsonPatchJson } from '../cluster-class/patch';
import { ClusterStack } from '../cluster-stack';
import { KubernetesVersion } from '../kubernetes-version';
import { testStack } from '../test-support';
import { expectedAnonymousAuthenticationLines } from '../testing';
import { stableYaml } from '../yaml';
import { EvictionThresholds } from './eviction';
import { Hardening } from './hardening';

function harden(evictionHard?: Partial<EvictionThresholds>) {
  const { stack, clusterClass, controlPlane, bootstrap } = testStack();
  const hardening = new Hardening(stack, 'Hardening', {
    clusterClass,
    controlPlane,
    workers: [{ template: bootstrap, classes: ['default-worker'] }],
    evictionHard,
  });
  return { stack, hardening, clusterClass, controlPlane, bootstrap };
}

const fileContent = (files: readonly { path: string; content?: string }[] | undefined, path: string) =>
  parse(files?.find((f) => f.path === path)?.content ?? 'null');

const KUBELET_PATCH = '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml';

describe('Hardening', () => {
  test('GIVEN no eviction overrides WHEN hardened THEN every kubelet gets every signal at the kubelet defaults, in its configuration file, not as flags', () => {
    // GIVEN / WHEN
    const { controlPlane, bootstrap } = harden();

    // THEN
    for (const spec of [controlPlane.spec, bootstrap.spec]) {
      expect(fileContent(spec.files, KUBELET_PATCH).evictionHard).toEqual({
        'memory.available': '100Mi',
        'nodefs.available': '10%',
        'nodefs.inodesFree': '5%',
        'imagefs.available': '15%',
        'imagefs.inodesFree': '5%',
        'pid.available': '10%',
      });
      expect(spec.joinConfiguration?.patches).toEqual({ directory: '/etc/kubernetes/patches' });
    }
    expect(controlPlane.spec.initConfiguration).toEqual({
      patches: { directory: '/etc/kubernetes/patches' },
    });
    expect(bootstrap.spec.joinConfiguration?.nodeRegistration?.kubeletExtraArgs).toEqual({
      'max-pods': '110',
    });
  });

  test('GIVEN relaxed disk signals and stricter memory WHEN hardened THEN the overrides win and the rest stays', () => {
    // GIVEN / WHEN
    const { hardening } = harden({ 'nodefs.available': '0%', 'memory.available': '1Gi' });

    // THEN
    expect(hardening.evictionHard).toEqual({
      'memory.available': '1Gi',
      'nodefs.available': '0%',
      'nodefs.inodesFree': '5%',
      'imagefs.available': '15%',
      'imagefs.inodesFree': '5%',
      'pid.available': '10%',
    });
  });

  test.each([
    [
      { 'memory.available': '50Mi' },
      'test-core-1-35/Hardening: Hardening: evictionHard["memory.available"] "50Mi" is invalid: expected a quantity of at least 100Mi (the kubelet\'s default) such as "500Mi". Without memory eviction a node runs out of memory instead of evicting Pods.',
    ],
    [
      { 'memory.available': '5%' },
      'test-core-1-35/Hardening: Hardening: evictionHard["memory.available"] "5%" is invalid: expected a quantity of at least 100Mi (the kubelet\'s default) such as "500Mi". Without memory eviction a node runs out of memory instead of evicting Pods.',
    ],
    [
      { 'imagefs.available': 'lots' },
      'test-core-1-35/Hardening: Hardening: evictionHard["imagefs.available"] "lots" is invalid: expected a percentage below 100 such as "10%" or a quantity such as "2Gi".',
    ],
    [
      { 'memory.free': '1Gi' } as Partial<EvictionThresholds>,
      'test-core-1-35/Hardening: Hardening: evictionHard["memory.free"] "1Gi" is invalid: expected one of the signals memory.available, nodefs.available, nodefs.inodesFree, imagefs.available, imagefs.inodesFree, pid.available.',
    ],
  ])(
    'GIVEN evictionHard %j WHEN hardened THEN the constructor says what is wrong',
    (evictionHard, message) => {
      expect(() => harden(evictionHard)).toThrow(message);
    },
  );

  test.each([
    [KubernetesVersion.of('1.33.7'), 'apiserver.config.k8s.io/v1beta1'],
    [KubernetesVersion.of('1.34.3'), 'apiserver.config.k8s.io/v1'],
    [KubernetesVersion.of('1.36.1'), 'apiserver.config.k8s.io/v1'],
  ])(
    'GIVEN Kubernetes %s WHEN hardened THEN anonymous requests are limited to the health endpoints and cluster-info in the %s authentication configuration',
    (version, apiVersion) => {
      // GIVEN
      const { stack, clusterClass, controlPlane, bootstrap } = testStack({}, version);

      // WHEN
      new Hardening(stack, 'Hardening', {
        clusterClass,
        controlPlane,
        workers: [{ template: bootstrap, classes: ['default-worker'] }],
      });

      // THEN
      expect(controlPlane.spec.clusterConfiguration?.apiServer?.extraArgs?.['authentication-config']).toBe(
        '/etc/kubernetes/authentication/config.yaml',
      );
      const [cc] = clusterClass.render(stack.capiVersion) as unknown as {
        spec: { patches: { name: string; definitions: { jsonPatches: JsonPatchJson[] }[] }[] };
      }[];
      const [add] = cc.spec.patches.find((p) => p.name === 'apiServerAuthentication')!.definitions[0]
        .jsonPatches;
      expect(add.path).toBe('/spec/template/spec/kubeadmConfigSpec/files/-');
      const entry = parse(add.valueFrom?.template ?? '');
      expect(entry.path).toBe('/etc/kubernetes/authentication/config.yaml');
      expect(parse(entry.content)).toEqual({
        apiVersion,
        kind: 'AuthenticationConfiguration',
        anonymous: {
          enabled: true,
          conditions: [
            { path: '/healthz' },
            { path: '/livez' },
            { path: '/readyz' },
            { path: '/api/v1/namespaces/kube-public/configmaps/cluster-info' },
          ],
        },
      });
    },
  );

  test('GIVEN two JWT authenticator parts WHEN the authentication patch renders THEN jwt: is written once when either part has an authenticator, their items in the order given', () => {
    // GIVEN
    const { stack, clusterClass, controlPlane, bootstrap } = testStack({
      variables: [
        { name: 'a', required: false, schema: { type: 'boolean', default: false, description: 'A.' } },
        { name: 'b', required: false, schema: { type: 'boolean', default: false, description: 'B.' } },
      ],
    });
    const v = vars<{ a: boolean; b: boolean }>();
    const part = (name: 'a' | 'b') => ({
      enabledIf: v.ref(name),
      items: new TemplateText(`{{- if .${name} }}\n  - ${name}{{- end }}`, [v.ref(name)]),
    });

    // WHEN
    new Hardening(stack, 'Hardening', {
      clusterClass,
      controlPlane,
      workers: [{ template: bootstrap, classes: ['default-worker'] }],
      jwtAuthenticators: [part('a'), part('b')],
    });

    // THEN
    const [cc] = clusterClass.render(stack.capiVersion) as unknown as {
      spec: { patches: { name: string; definitions: { jsonPatches: JsonPatchJson[] }[] }[] };
    }[];
    const [add] = cc.spec.patches.find((p) => p.name === 'apiServerAuthentication')!.definitions[0]
      .jsonPatches;
    expect(parse(add.valueFrom?.template ?? '').content).toBe(
      [
        ...expectedAnonymousAuthenticationLines('apiserver.config.k8s.io/v1'),
        '{{- if or .a .b }}',
        'jwt:{{- end }}{{- if .a }}',
        '  - a{{- end }}{{- if .b }}',
        '  - b{{- end }}',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN a hardened stack WHEN hardened again THEN recording the same behaviour twice fails', () => {
    const { stack, clusterClass, controlPlane, bootstrap } = harden();
    expect(
      () =>
        new Hardening(stack, 'Again', {
          clusterClass,
          controlPlane,
          workers: [{ template: bootstrap, classes: [] }],
        }),
    ).toThrow('test-core-1-35: behaviour "kubeletSettings" is recorded twice; record each behaviour once.');
    expect(ClusterStack.of(clusterClass)).toBe(stack);
  });

  test('GIVEN the default profile WHEN hardened THEN the kubeadm specs are stable (snapshot)', () => {
    const { controlPlane, bootstrap, stack } = harden();
    expect(
      stableYaml({ controlPlane: controlPlane.spec, worker: bootstrap.spec, behaviour: stack.behaviour }),
    ).toMatchSnapshot();
  });
});
