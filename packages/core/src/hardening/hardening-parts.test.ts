// Direct tests of the hardening profile's parts: the kubelet settings, the control-plane and worker specs, and
// what the Hardening construct adds to a stack besides the kubeadm specs.
import { DEFAULT_EVICTION_HARD } from './eviction';
import {
  HARDENING_KUBELET_PATCH,
  hardenedControlPlaneSpec,
  hardenedKubeletSettings,
  hardenedWorkerSpec,
  Hardening,
} from './hardening';
import { HARDENING_SETTINGS } from './reference';
import { TLS_CIPHER_SUITES, TLS_MIN_VERSION } from './settings';
import { testStack } from '../test-support';

describe('hardenedKubeletSettings', () => {
  test('GIVEN kernel defaults protected WHEN the settings are built THEN the kubelet is locked down and protects them', () => {
    expect(hardenedKubeletSettings(true, DEFAULT_EVICTION_HARD)).toEqual({
      authentication: { anonymous: { enabled: false }, webhook: { enabled: true } },
      authorization: { mode: 'Webhook' },
      readOnlyPort: 0,
      rotateCertificates: true,
      serverTLSBootstrap: true,
      streamingConnectionIdleTimeout: '5m0s',
      eventRecordQPS: 50,
      eventBurst: 100,
      tlsMinVersion: TLS_MIN_VERSION,
      tlsCipherSuites: TLS_CIPHER_SUITES.split(','),
      evictionHard: { ...DEFAULT_EVICTION_HARD },
      protectKernelDefaults: true,
    });
  });

  test('GIVEN kernel defaults not protected WHEN the settings are built THEN the field is left out and the thresholds copied', () => {
    const settings = hardenedKubeletSettings(false, DEFAULT_EVICTION_HARD);
    expect(settings).not.toHaveProperty('protectKernelDefaults');
    expect(settings.evictionHard).toEqual(DEFAULT_EVICTION_HARD);
    expect(settings.evictionHard).not.toBe(DEFAULT_EVICTION_HARD);
  });
});

describe('hardened kubeadm specs', () => {
  const kubelet = { readOnlyPort: 0 };

  test('GIVEN kubelet settings WHEN the worker spec is built THEN it is only the kubelet configuration patch', () => {
    expect(hardenedWorkerSpec(kubelet)).toEqual({
      files: [
        {
          path: `/etc/kubernetes/patches/kubeletconfiguration${HARDENING_KUBELET_PATCH}+strategic.yaml`,
          owner: 'root:root',
          permissions: '0644',
          content: 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nreadOnlyPort: 0\n',
        },
      ],
      joinConfiguration: { patches: { directory: '/etc/kubernetes/patches' } },
    });
  });

  test('GIVEN kubelet settings WHEN the control-plane spec is built THEN the API server gets TLS, audit and admission flags', () => {
    const args = hardenedControlPlaneSpec(kubelet).clusterConfiguration?.apiServer?.extraArgs ?? {};
    expect(args).toMatchObject({
      'tls-min-version': TLS_MIN_VERSION,
      'tls-cipher-suites': TLS_CIPHER_SUITES,
      profiling: 'false',
      'enable-admission-plugins': 'NodeRestriction',
    });
    expect(hardenedControlPlaneSpec(kubelet).initConfiguration).toEqual({
      patches: { directory: '/etc/kubernetes/patches' },
    });
  });
});

describe('Hardening', () => {
  test('GIVEN kernel defaults not protected WHEN a stack is hardened THEN control 4.2.6 is exempt with its reason', () => {
    // GIVEN
    const { stack, clusterClass, controlPlane, bootstrap } = testStack();

    // WHEN
    const hardening = new Hardening(stack, 'Hardening', {
      clusterClass,
      controlPlane,
      workers: [{ template: bootstrap, classes: ['default-worker'] }],
      protectKernelDefaults: false,
    });

    // THEN
    expect(hardening.exemptions).toEqual({
      '4.2.6':
        'protect-kernel-defaults is off: the nodes cannot set the kernel parameters the kubelet requires (e.g. containers sharing the host kernel)',
    });
    expect(hardening.evictionHard).toEqual(DEFAULT_EVICTION_HARD);
  });

  test('GIVEN a stack WHEN hardened THEN the class offers the profile variables and the settings of its provider', () => {
    // GIVEN
    const { stack, clusterClass, controlPlane, bootstrap } = testStack();
    const before = clusterClass.variableDefinitions.map((d) => d.name);

    // WHEN
    const hardening = new Hardening(stack, 'Hardening', {
      clusterClass,
      controlPlane,
      workers: [{ template: bootstrap, classes: [] }],
    });

    // THEN
    expect(clusterClass.variableDefinitions.map((d) => d.name)).toEqual([
      ...before,
      'podSecurityStandard',
      'auditLog',
      'controlPlaneMetricsBindAddress',
      'terminatedPodGCThreshold',
    ]);
    expect(hardening.settings).toEqual(HARDENING_SETTINGS.filter((x) => !x.providers));
    expect(Object.keys(stack.behaviour)).toEqual([
      'anonymousRequests',
      'encryptionKeyAccess',
      'evictionHard',
      'kubeletSettings',
    ]);
  });

  test('GIVEN memory eviction looser than the kubelet default WHEN hardened THEN the prop and value are named', () => {
    const { stack, clusterClass, controlPlane, bootstrap } = testStack();
    expect(
      () =>
        new Hardening(stack, 'Hardening', {
          clusterClass,
          controlPlane,
          workers: [{ template: bootstrap, classes: [] }],
          evictionHard: { 'memory.available': '50Mi' },
        }),
    ).toThrow(
      'test-core-1-35/Hardening: Hardening: evictionHard["memory.available"] "50Mi" is invalid: expected a quantity of at least ' +
        '100Mi (the kubelet\'s default) such as "500Mi". Without memory eviction a node runs out of memory instead of evicting Pods.',
    );
  });
});
