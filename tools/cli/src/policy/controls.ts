import { quantityInMebibytes } from '@cluster-stacks/core';
import { parse } from 'yaml';
import { fieldText, KUBELET_CONFIG_FLAGS, kubeletOf, KubeletOfRegistration } from './kubelet-config';
import type { KubeadmSpecJson } from './kubeadm-json';

export type { KubeadmSpecJson } from './kubeadm-json';

/**
 * Hardening controls modelled on the CIS Kubernetes Benchmark (v1.9 numbering), limited to the items the
 * configuration of kubeadm-based clusters decides, and two of the project's own (`kubelet-flags`,
 * `eviction`). Each control reads the KubeadmControlPlane and the worker KubeadmConfigTemplate that CAPI
 * generates for a Cluster of the stack; kubelet controls read the configuration each kubelet runs with.
 */

/** kubeadm settings of the generated objects, as plain JSON. */
export interface PolicyInput {
  /** `spec.kubeadmConfigSpec` of the generated KubeadmControlPlane. */
  readonly controlPlane: KubeadmSpecJson;
  /** `spec.template.spec` of each generated worker KubeadmConfigTemplate. */
  readonly workers: readonly KubeadmSpecJson[];
  /** Kubelet flags the infrastructure provider's bootstrap adds on every node, over the ClusterClass's. */
  readonly bootstrapKubeletFlags?: Readonly<Record<string, string>>;
  /**
   * The kubelets as observed on running nodes (flags and `/configz`). When given, kubelet controls read these
   * instead of deriving each registration's kubelet from the specs. @default - derived from the specs
   */
  readonly kubelets?: readonly KubeletOfRegistration[];
}

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

/** The kubelet of every registration: control-plane init and join, and each worker join. */
function kubelets(i: PolicyInput): readonly KubeletOfRegistration[] {
  if (i.kubelets) return i.kubelets;
  return [
    kubeletOf('control plane (init)', i.controlPlane, 'initConfiguration', i.bootstrapKubeletFlags),
    kubeletOf('control plane (join)', i.controlPlane, 'joinConfiguration', i.bootstrapKubeletFlags),
    ...i.workers.map((w, n) =>
      kubeletOf(`worker template ${n + 1}`, w, 'joinConfiguration', i.bootstrapKubeletFlags),
    ),
  ];
}

/** Every kubelet must run with the configuration field `field` satisfying `ok`. */
function everyKubelet(field: string, ok: (value: string | undefined) => boolean, expected: string) {
  return (i: PolicyInput) => {
    const bad = kubelets(i).filter((k) => !ok(fieldText(k.config, field)));
    return bad.length === 0
      ? undefined
      : `${bad.map((k) => `${k.where}: ${field}=${fieldText(k.config, field) ?? '(unset)'}`).join('; ')}; expected ${expected}`;
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

// The signals a Linux kubelet evicts on: a kubelet given some hard thresholds never evicts on the others.
const EVICTION_SIGNALS = [
  'memory.available',
  'nodefs.available',
  'nodefs.inodesFree',
  'imagefs.available',
  'imagefs.inodesFree',
  'pid.available',
];

// Paths that may be answered anonymously: the health endpoints the benchmark's remediation allows for
// probes, and kubeadm's kube-public cluster-info ConfigMap, which `kubeadm join` reads before it has
// credentials (public by kubeadm's design: the CA certificate and the server address, signed per token).
const ANONYMOUS_PATHS_ALLOWED = new Set([
  '/healthz',
  '/livez',
  '/readyz',
  '/api/v1/namespaces/kube-public/configmaps/cluster-info',
]);

/** CIS 1.2.1: `--anonymous-auth=false`, or a structured authentication configuration that limits it. */
function anonymousRequests(i: PolicyInput): string | undefined {
  const args = apiServer(i);
  if (args['anonymous-auth'] === 'false') return undefined;
  const path = args['authentication-config'];
  if (!path)
    return `API server anonymous-auth=${args['anonymous-auth'] ?? '(unset)'} and no authentication-config; expected anonymous-auth=false or anonymous requests limited to health endpoints`;
  const file = i.controlPlane.files?.find((f) => f.path === path);
  if (!file) return `the API server reads ${path}, but no control-plane file writes it`;
  const anonymous = (
    parse(file.content ?? '') as {
      anonymous?: { enabled?: boolean; conditions?: { path?: string }[] };
    } | null
  )?.anonymous;
  if (!anonymous) return `${path} has no anonymous section: anonymous requests reach every endpoint`;
  if (anonymous.enabled === false) return undefined;
  const paths = (anonymous.conditions ?? []).map((c) => c.path ?? '(no path)');
  if (paths.length === 0) return `${path} enables anonymous requests without conditions`;
  const others = paths.filter((p) => !ANONYMOUS_PATHS_ALLOWED.has(p));
  return others.length === 0
    ? undefined
    : `${path} allows anonymous requests to ${others.join(', ')}; expected only ${[...ANONYMOUS_PATHS_ALLOWED].join(', ')}`;
}

/** The controls: the benchmark's in its order, then the project's own. */
export const CONTROLS: readonly Control[] = [
  {
    id: '1.2.1',
    title: 'API server anonymous requests are off, or limited to health endpoints and kubeadm cluster-info',
    check: anonymousRequests,
  },
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
    title: 'Encryption providers are configured (secretbox key generated on the node)',
    check: (i) => {
      const script = i.controlPlane.files?.find((f) => f.path === '/etc/kubernetes/encryption/setup.sh');
      if (!script) return 'no encryption setup script on control-plane nodes';
      // CIS accepts aescbc, kms and secretbox; the profile writes secretbox.
      if (!/ - (aescbc|kms|secretbox):/.test(script.content ?? ''))
        return 'the encryption configuration has no aescbc, kms or secretbox provider';
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
    title: 'Kubelet authentication.anonymous.enabled=false (--anonymous-auth)',
    check: everyKubelet('authentication.anonymous.enabled', is('false'), 'false'),
  },
  {
    id: '4.2.2',
    title: 'Kubelet authorization.mode=Webhook (--authorization-mode)',
    check: everyKubelet('authorization.mode', is('Webhook'), 'Webhook'),
  },
  {
    id: '4.2.4',
    title: 'Kubelet readOnlyPort=0 (--read-only-port)',
    check: everyKubelet('readOnlyPort', is('0'), '0'),
  },
  {
    id: '4.2.5',
    title: 'Kubelet streamingConnectionIdleTimeout is not 0 (--streaming-connection-idle-timeout)',
    check: everyKubelet(
      'streamingConnectionIdleTimeout',
      (v) => v !== undefined && !/^0[a-z]*$/.test(v),
      'a timeout such as 5m',
    ),
  },
  {
    id: '4.2.6',
    title: 'Kubelet protectKernelDefaults=true (--protect-kernel-defaults)',
    check: everyKubelet('protectKernelDefaults', is('true'), 'true'),
  },
  {
    id: '4.2.9',
    title: 'Kubelet eventRecordQPS is set (--event-qps)',
    check: everyKubelet('eventRecordQPS', (v) => v !== undefined && Number(v) >= 0, 'a number ≥ 0'),
  },
  {
    id: '4.2.11',
    title: 'Kubelet rotateCertificates is not false (--rotate-certificates)',
    check: everyKubelet('rotateCertificates', isNot('false'), 'true'),
  },
  {
    id: '4.2.12',
    title: 'Kubelet serverTLSBootstrap=true (--rotate-server-certificates)',
    check: everyKubelet('serverTLSBootstrap', is('true'), 'true'),
  },
  {
    id: '4.2.13',
    title: 'Kubelet uses strong TLS cipher suites and TLS 1.2+ (tlsCipherSuites, tlsMinVersion)',
    check: (i) =>
      everyKubelet('tlsCipherSuites', strongCiphers, 'strong suites')(i) ??
      everyKubelet('tlsMinVersion', tls12, 'VersionTLS12')(i),
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
  {
    id: 'kubelet-flags',
    title: 'Kubelet settings that have a KubeletConfiguration field are not passed as flags',
    check: (i) => {
      const bad = kubelets(i)
        .map((k) => ({
          where: k.where,
          flags: Object.keys(k.flags).filter((f) => f in KUBELET_CONFIG_FLAGS),
        }))
        .filter((k) => k.flags.length > 0);
      return bad.length === 0
        ? undefined
        : `${bad.map((k) => `${k.where}: ${k.flags.map((f) => `--${f} (${KUBELET_CONFIG_FLAGS[f]})`).join(', ')}`).join('; ')}; expected them in the KubeletConfiguration`;
    },
  },
  {
    id: 'eviction',
    title: 'Kubelet evictionHard sets every signal, memory.available at least 100Mi',
    check: (i) => {
      const bad = kubelets(i).flatMap((k) => {
        const thresholds = (k.config.evictionHard ?? {}) as Record<string, string>;
        const missing = EVICTION_SIGNALS.filter((signal) => thresholds[signal] === undefined);
        const memory = quantityInMebibytes(thresholds['memory.available']);
        return [
          ...(missing.length > 0 ? [`${k.where}: no ${missing.join(', ')}`] : []),
          ...(thresholds['memory.available'] !== undefined && !(memory !== undefined && memory >= 100)
            ? [`${k.where}: memory.available<${thresholds['memory.available']}`]
            : []),
        ];
      });
      return bad.length === 0
        ? undefined
        : `${bad.join('; ')}; expected every signal, memory.available a quantity of at least 100Mi`;
    },
  },
];
