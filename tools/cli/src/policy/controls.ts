/**
 * Hardening controls modelled on the CIS Kubernetes Benchmark (v1.9 numbering), limited to the items the
 * configuration of kubeadm-based clusters decides. Each control reads the KubeadmControlPlane and the worker
 * KubeadmConfigTemplate that CAPI generates for a Cluster of the stack.
 */

/** kubeadm settings of the generated objects, as plain JSON. */
export interface PolicyInput {
  /** `spec.kubeadmConfigSpec` of the generated KubeadmControlPlane. */
  readonly controlPlane: KubeadmSpecJson;
  /** `spec.template.spec` of each generated worker KubeadmConfigTemplate. */
  readonly workers: readonly KubeadmSpecJson[];
}

export type KubeadmSpecJson = {
  clusterConfiguration?: {
    apiServer?: { extraArgs?: Record<string, string>; extraVolumes?: { hostPath: string }[] };
    controllerManager?: { extraArgs?: Record<string, string> };
    scheduler?: { extraArgs?: Record<string, string> };
    etcd?: { local?: { extraArgs?: Record<string, string> } };
  };
  initConfiguration?: { nodeRegistration?: { kubeletExtraArgs?: Record<string, string> } };
  joinConfiguration?: { nodeRegistration?: { kubeletExtraArgs?: Record<string, string> } };
  files?: { path: string; content?: string }[];
  preKubeadmCommands?: string[];
};

/** A control: its id, what it checks, and the check (a failure reason, or undefined when it holds). */
export interface Control {
  readonly id: string;
  readonly title: string;
  readonly check: (input: PolicyInput) => string | undefined;
}

// The benchmark's own list of acceptable suites, kept apart from the hardening profile's setting on purpose:
// the policy checks the profile, so it must not take its expectation from it.
const STRONG_CIPHERS = new Set([
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
]);

const apiServer = (i: PolicyInput) => i.controlPlane.clusterConfiguration?.apiServer?.extraArgs ?? {};
const controllerManager = (i: PolicyInput) =>
  i.controlPlane.clusterConfiguration?.controllerManager?.extraArgs ?? {};
const scheduler = (i: PolicyInput) => i.controlPlane.clusterConfiguration?.scheduler?.extraArgs ?? {};
const etcd = (i: PolicyInput) => i.controlPlane.clusterConfiguration?.etcd?.local?.extraArgs ?? {};

/** The kubelet flags of every registration: control-plane init and join, and each worker join. */
function kubelets(i: PolicyInput): { where: string; args: Record<string, string> }[] {
  return [
    {
      where: 'control plane (init)',
      args: i.controlPlane.initConfiguration?.nodeRegistration?.kubeletExtraArgs ?? {},
    },
    {
      where: 'control plane (join)',
      args: i.controlPlane.joinConfiguration?.nodeRegistration?.kubeletExtraArgs ?? {},
    },
    ...i.workers.map((w, n) => ({
      where: `worker template ${n + 1}`,
      args: w.joinConfiguration?.nodeRegistration?.kubeletExtraArgs ?? {},
    })),
  ];
}

/** Every kubelet must have `flag` satisfying `ok`. */
function everyKubelet(flag: string, ok: (value: string | undefined) => boolean, expected: string) {
  return (i: PolicyInput) => {
    const bad = kubelets(i).filter((k) => !ok(k.args[flag]));
    return bad.length === 0
      ? undefined
      : `${bad.map((k) => `${k.where}: ${flag}=${k.args[flag] ?? '(unset)'}`).join('; ')}; expected ${expected}`;
  };
}

function flag(
  get: (i: PolicyInput) => Record<string, string>,
  component: string,
  name: string,
  ok: (value: string | undefined) => boolean,
  expected: string,
) {
  return (i: PolicyInput) =>
    ok(get(i)[name]) ? undefined : `${component} ${name}=${get(i)[name] ?? '(unset)'}; expected ${expected}`;
}

const is = (wanted: string) => (value: string | undefined) => value === wanted;
const isNot = (unwanted: string) => (value: string | undefined) => value !== unwanted;
const atLeast = (minimum: number) => (value: string | undefined) =>
  value !== undefined && Number(value) >= minimum;
const strongCiphers = (value: string | undefined) =>
  value !== undefined && value.split(',').every((c) => STRONG_CIPHERS.has(c));
const tls12 = (value: string | undefined) => value === 'VersionTLS12' || value === 'VersionTLS13';

function fileWith(path: string, needle: RegExp, what: string) {
  return (i: PolicyInput) => {
    const file = i.controlPlane.files?.find((f) => f.path === path);
    if (!file) return `no file ${path} on control-plane nodes`;
    return needle.test(file.content ?? '') ? undefined : `${path} does not ${what}`;
  };
}

/** The controls, in benchmark order. */
export const CONTROLS: readonly Control[] = [
  {
    id: '1.2.6',
    title: 'API server --authorization-mode is not AlwaysAllow',
    check: flag(
      apiServer,
      'API server',
      'authorization-mode',
      (v) => !v?.includes('AlwaysAllow'),
      'kubeadm default Node,RBAC',
    ),
  },
  {
    id: '1.2.10',
    title: 'API server admission plugins do not include AlwaysAdmit',
    check: flag(
      apiServer,
      'API server',
      'enable-admission-plugins',
      (v) => !v?.includes('AlwaysAdmit'),
      'no AlwaysAdmit',
    ),
  },
  {
    id: '1.2.14',
    title: 'API server admission plugins include NodeRestriction',
    check: flag(
      apiServer,
      'API server',
      'enable-admission-plugins',
      (v) => v?.split(',').includes('NodeRestriction') ?? false,
      'NodeRestriction',
    ),
  },
  {
    id: '1.2.15',
    title: 'API server --profiling=false',
    check: flag(apiServer, 'API server', 'profiling', is('false'), 'false'),
  },
  {
    id: '1.2.16',
    title: 'API server --audit-log-path is set',
    check: flag(apiServer, 'API server', 'audit-log-path', (v) => !!v, 'a path'),
  },
  {
    id: '1.2.17',
    title: 'API server --audit-log-maxage is 30 or more',
    check: flag(apiServer, 'API server', 'audit-log-maxage', atLeast(30), '≥ 30'),
  },
  {
    id: '1.2.18',
    title: 'API server --audit-log-maxbackup is 10 or more',
    check: flag(apiServer, 'API server', 'audit-log-maxbackup', atLeast(10), '≥ 10'),
  },
  {
    id: '1.2.19',
    title: 'API server --audit-log-maxsize is 100 or more',
    check: flag(apiServer, 'API server', 'audit-log-maxsize', atLeast(100), '≥ 100'),
  },
  {
    id: '1.2.21',
    title: 'API server --service-account-lookup is not false',
    check: flag(apiServer, 'API server', 'service-account-lookup', isNot('false'), 'true (default)'),
  },
  {
    id: '1.2.27',
    title: 'API server --encryption-provider-config is set',
    check: flag(apiServer, 'API server', 'encryption-provider-config', (v) => !!v, 'a path'),
  },
  {
    id: '1.2.28',
    title: 'Encryption providers are configured (aescbc key generated on the node)',
    check: (i) => {
      const script = i.controlPlane.files?.find((f) => f.path === '/etc/kubernetes/encryption/setup.sh');
      if (!script) return 'no encryption setup script on control-plane nodes';
      if (!/aescbc:/.test(script.content ?? '')) return 'the encryption configuration has no aescbc provider';
      return (i.controlPlane.preKubeadmCommands ?? []).some((c) =>
        c.includes('/etc/kubernetes/encryption/setup.sh'),
      )
        ? undefined
        : 'the setup script does not run before kubeadm';
    },
  },
  {
    id: '1.2.29',
    title: 'API server uses strong TLS cipher suites',
    check: flag(
      apiServer,
      'API server',
      'tls-cipher-suites',
      strongCiphers,
      'ECDHE with AES-GCM or ChaCha20 only',
    ),
  },
  {
    id: '1.2.30',
    title: 'API server --tls-min-version is TLS 1.2 or newer',
    check: flag(apiServer, 'API server', 'tls-min-version', tls12, 'VersionTLS12 or VersionTLS13'),
  },
  {
    id: '1.3.1',
    title: 'Controller manager --terminated-pod-gc-threshold is set',
    check: flag(
      controllerManager,
      'controller manager',
      'terminated-pod-gc-threshold',
      atLeast(1),
      'a positive number',
    ),
  },
  {
    id: '1.3.2',
    title: 'Controller manager --profiling=false',
    check: flag(controllerManager, 'controller manager', 'profiling', is('false'), 'false'),
  },
  {
    id: '1.3.3',
    title: 'Controller manager --use-service-account-credentials=true',
    check: flag(
      controllerManager,
      'controller manager',
      'use-service-account-credentials',
      is('true'),
      'true',
    ),
  },
  {
    id: '1.3.6',
    title: 'Kubelet server certificate rotation is not disabled in the controller manager',
    check: flag(
      controllerManager,
      'controller manager',
      'feature-gates',
      (v) => !v?.includes('RotateKubeletServerCertificate=false'),
      'not disabled',
    ),
  },
  {
    id: '1.3.7',
    title: 'Controller manager --bind-address=127.0.0.1',
    check: flag(controllerManager, 'controller manager', 'bind-address', is('127.0.0.1'), '127.0.0.1'),
  },
  {
    id: '1.4.1',
    title: 'Scheduler --profiling=false',
    check: flag(scheduler, 'scheduler', 'profiling', is('false'), 'false'),
  },
  {
    id: '1.4.2',
    title: 'Scheduler --bind-address=127.0.0.1',
    check: flag(scheduler, 'scheduler', 'bind-address', is('127.0.0.1'), '127.0.0.1'),
  },
  {
    id: '2.2',
    title: 'etcd --client-cert-auth is not false (kubeadm sets true)',
    check: flag(etcd, 'etcd', 'client-cert-auth', isNot('false'), 'true'),
  },
  {
    id: '2.3',
    title: 'etcd --auto-tls is not true',
    check: flag(etcd, 'etcd', 'auto-tls', isNot('true'), 'false'),
  },
  {
    id: '2.5',
    title: 'etcd --peer-client-cert-auth is not false (kubeadm sets true)',
    check: flag(etcd, 'etcd', 'peer-client-cert-auth', isNot('false'), 'true'),
  },
  {
    id: '2.6',
    title: 'etcd --peer-auto-tls is not true',
    check: flag(etcd, 'etcd', 'peer-auto-tls', isNot('true'), 'false'),
  },
  {
    id: '2.8',
    title: 'etcd metrics are served on localhost only',
    check: flag(
      etcd,
      'etcd',
      'listen-metrics-urls',
      (v) => v === undefined || /^http:\/\/127\.0\.0\.1:/.test(v),
      'http://127.0.0.1:2381',
    ),
  },
  {
    id: '3.2.1',
    title: 'An audit policy is written on control-plane nodes',
    check: fileWith('/etc/kubernetes/audit/policy.yaml', /kind: Policy/, 'contain an audit Policy'),
  },
  {
    id: '4.2.1',
    title: 'Kubelet --anonymous-auth=false',
    check: everyKubelet('anonymous-auth', is('false'), 'false'),
  },
  {
    id: '4.2.2',
    title: 'Kubelet --authorization-mode=Webhook',
    check: everyKubelet('authorization-mode', is('Webhook'), 'Webhook'),
  },
  { id: '4.2.4', title: 'Kubelet --read-only-port=0', check: everyKubelet('read-only-port', is('0'), '0') },
  {
    id: '4.2.5',
    title: 'Kubelet --streaming-connection-idle-timeout is not 0',
    check: everyKubelet(
      'streaming-connection-idle-timeout',
      (v) => v !== undefined && v !== '0',
      'a timeout such as 5m',
    ),
  },
  {
    id: '4.2.6',
    title: 'Kubelet --protect-kernel-defaults=true',
    check: everyKubelet('protect-kernel-defaults', is('true'), 'true'),
  },
  {
    id: '4.2.9',
    title: 'Kubelet --event-qps is set',
    check: everyKubelet('event-qps', (v) => v !== undefined && Number(v) >= 0, 'a number ≥ 0'),
  },
  {
    id: '4.2.11',
    title: 'Kubelet --rotate-certificates is not false',
    check: everyKubelet('rotate-certificates', isNot('false'), 'true'),
  },
  {
    id: '4.2.12',
    title: 'Kubelet --rotate-server-certificates=true',
    check: everyKubelet('rotate-server-certificates', is('true'), 'true'),
  },
  {
    id: '4.2.13',
    title: 'Kubelet uses strong TLS cipher suites and TLS 1.2+',
    check: (i) =>
      everyKubelet('tls-cipher-suites', strongCiphers, 'strong suites')(i) ??
      everyKubelet('tls-min-version', tls12, 'VersionTLS12')(i),
  },
  {
    id: '5.2.1',
    title: 'Pod Security admission is configured with kube-system exempt',
    check: (i) =>
      apiServer(i)['admission-control-config-file'] !== '/etc/kubernetes/admission/config.yaml'
        ? 'the API server does not read /etc/kubernetes/admission/config.yaml'
        : fileWith(
            '/etc/kubernetes/admission/config.yaml',
            /name: PodSecurity[\s\S]*enforce: (baseline|restricted)[\s\S]*namespaces: \[kube-system\]/,
            'enforce baseline or restricted with kube-system exempt',
          )(i),
  },
];
