import { parse } from 'yaml';
import type { KubeadmSpecJson } from './kubeadm-json';

/**
 * Kubelet flags that have a KubeletConfiguration field (flag → field path). The kubelet warns for each of them
 * that it "should be set via the config file"; the policy expects none on the command line. Flags without a
 * field (such as `cloud-provider`, `node-labels`, `node-ip`, `hostname-override`) are not listed.
 */
export const KUBELET_CONFIG_FLAGS: Readonly<Record<string, string>> = {
  address: 'address',
  'allowed-unsafe-sysctls': 'allowedUnsafeSysctls',
  'anonymous-auth': 'authentication.anonymous.enabled',
  'authentication-token-webhook': 'authentication.webhook.enabled',
  'authentication-token-webhook-cache-ttl': 'authentication.webhook.cacheTTL',
  'authorization-mode': 'authorization.mode',
  'authorization-webhook-cache-authorized-ttl': 'authorization.webhook.cacheAuthorizedTTL',
  'authorization-webhook-cache-unauthorized-ttl': 'authorization.webhook.cacheUnauthorizedTTL',
  'cgroup-driver': 'cgroupDriver',
  'cgroup-root': 'cgroupRoot',
  'cgroups-per-qos': 'cgroupsPerQOS',
  'client-ca-file': 'authentication.x509.clientCAFile',
  'cluster-dns': 'clusterDNS',
  'cluster-domain': 'clusterDomain',
  'container-log-max-files': 'containerLogMaxFiles',
  'container-log-max-size': 'containerLogMaxSize',
  'container-runtime-endpoint': 'containerRuntimeEndpoint',
  'contention-profiling': 'enableContentionProfiling',
  'cpu-cfs-quota': 'cpuCFSQuota',
  'cpu-cfs-quota-period': 'cpuCFSQuotaPeriod',
  'cpu-manager-policy': 'cpuManagerPolicy',
  'cpu-manager-policy-options': 'cpuManagerPolicyOptions',
  'cpu-manager-reconcile-period': 'cpuManagerReconcilePeriod',
  'enable-controller-attach-detach': 'enableControllerAttachDetach',
  'enable-debugging-handlers': 'enableDebuggingHandlers',
  'enable-server': 'enableServer',
  'enforce-node-allocatable': 'enforceNodeAllocatable',
  'event-burst': 'eventBurst',
  'event-qps': 'eventRecordQPS',
  'eviction-hard': 'evictionHard',
  'eviction-max-pod-grace-period': 'evictionMaxPodGracePeriod',
  'eviction-minimum-reclaim': 'evictionMinimumReclaim',
  'eviction-pressure-transition-period': 'evictionPressureTransitionPeriod',
  'eviction-soft': 'evictionSoft',
  'eviction-soft-grace-period': 'evictionSoftGracePeriod',
  'fail-swap-on': 'failSwapOn',
  'feature-gates': 'featureGates',
  'file-check-frequency': 'fileCheckFrequency',
  'hairpin-mode': 'hairpinMode',
  'healthz-bind-address': 'healthzBindAddress',
  'healthz-port': 'healthzPort',
  'http-check-frequency': 'httpCheckFrequency',
  'image-gc-high-threshold': 'imageGCHighThresholdPercent',
  'image-gc-low-threshold': 'imageGCLowThresholdPercent',
  'image-service-endpoint': 'imageServiceEndpoint',
  'iptables-drop-bit': 'iptablesDropBit',
  'iptables-masquerade-bit': 'iptablesMasqueradeBit',
  'kernel-memcg-notification': 'kernelMemcgNotification',
  'kube-api-burst': 'kubeAPIBurst',
  'kube-api-content-type': 'contentType',
  'kube-api-qps': 'kubeAPIQPS',
  'kube-reserved': 'kubeReserved',
  'kube-reserved-cgroup': 'kubeReservedCgroup',
  'kubelet-cgroups': 'kubeletCgroups',
  'local-storage-capacity-isolation': 'localStorageCapacityIsolation',
  'make-iptables-util-chains': 'makeIPTablesUtilChains',
  'manifest-url': 'staticPodURL',
  'manifest-url-header': 'staticPodURLHeader',
  'max-open-files': 'maxOpenFiles',
  'max-pods': 'maxPods',
  'memory-manager-policy': 'memoryManagerPolicy',
  'node-status-max-images': 'nodeStatusMaxImages',
  'node-status-update-frequency': 'nodeStatusUpdateFrequency',
  'oom-score-adj': 'oomScoreAdj',
  'pod-cidr': 'podCIDR',
  'pod-manifest-path': 'staticPodPath',
  'pod-max-pids': 'podPidsLimit',
  'pods-per-core': 'podsPerCore',
  port: 'port',
  'protect-kernel-defaults': 'protectKernelDefaults',
  'provider-id': 'providerID',
  'qos-reserved': 'qosReserved',
  'read-only-port': 'readOnlyPort',
  'register-node': 'registerNode',
  'register-with-taints': 'registerWithTaints',
  'registry-burst': 'registryBurst',
  'registry-qps': 'registryPullQPS',
  'reserved-cpus': 'reservedSystemCPUs',
  'reserved-memory': 'reservedMemory',
  'resolv-conf': 'resolvConf',
  'rotate-certificates': 'rotateCertificates',
  'rotate-server-certificates': 'serverTLSBootstrap',
  'runtime-request-timeout': 'runtimeRequestTimeout',
  'seccomp-default': 'seccompDefault',
  'serialize-image-pulls': 'serializeImagePulls',
  'streaming-connection-idle-timeout': 'streamingConnectionIdleTimeout',
  'sync-frequency': 'syncFrequency',
  'system-cgroups': 'systemCgroups',
  'system-reserved': 'systemReserved',
  'system-reserved-cgroup': 'systemReservedCgroup',
  'tls-cert-file': 'tlsCertFile',
  'tls-cipher-suites': 'tlsCipherSuites',
  'tls-min-version': 'tlsMinVersion',
  'tls-private-key-file': 'tlsPrivateKeyFile',
  'topology-manager-policy': 'topologyManagerPolicy',
  'topology-manager-policy-options': 'topologyManagerPolicyOptions',
  'topology-manager-scope': 'topologyManagerScope',
  'volume-plugin-dir': 'volumePluginDir',
  'volume-stats-agg-period': 'volumeStatsAggPeriod',
};

type Json = Record<string, unknown>;

/** The kubelet of one registration: its flags and the configuration it runs with. */
export interface KubeletOfRegistration {
  /** Where it is: `control plane (init)`, `control plane (join)`, `worker template <n>`. */
  readonly where: string;
  /**
   * The flags the kubelet starts with: `kubeletExtraArgs`, with the infrastructure provider's bootstrap flags
   * over them, less those a script of the stack removes from kubeadm's flags file.
   */
  readonly flags: Readonly<Record<string, string>>;
  /** The KubeletConfiguration fields the patches set, with flags applied over them as the kubelet does. */
  readonly config: Readonly<Json>;
}

const PATCH_FILE = /^kubeletconfiguration[^/]*\.(yaml|json)$/;

/** Strategic merge as kubeadm applies it to a KubeletConfiguration: maps merge, everything else replaces. */
function merge(base: Json, patch: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const old = out[key];
    out[key] =
      value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object'
        ? merge(old as Json, value as Json)
        : value;
  }
  return out;
}

function setPath(config: Json, path: string, value: unknown): Json {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...config, [head]: value };
  return { ...config, [head]: setPath((config[head] as Json | undefined) ?? {}, rest.join('.'), value) };
}

/** `memory.available<100Mi,nodefs.available<10%` as a map. */
export function parseThresholds(flag: string): Record<string, string> {
  return Object.fromEntries(
    flag
      .split(',')
      .filter((pair) => pair.includes('<'))
      .map((pair) => pair.split('<', 2).map((part) => part.trim())),
  );
}

const KUBELET_DROP_IN = /^\/etc\/systemd\/system\/kubelet\.service\.d\/[^/]+\.conf$/;
const FLAGS_FILE = '/var/lib/kubelet/kubeadm-flags.env';
/** `sed -E 's/--(a|b)=…` over kubeadm's flags file: the flags it removes. */
const SED_REMOVAL = /sed -i -E 's\/--\(([a-z0-9|-]+)\)=/;

/**
 * Flags that a file of the spec removes from kubeadm's flags file before the kubelet starts: a script run by an
 * `ExecStartPre` of a kubelet drop-in, editing the flags file with `sed -E 's/--(a|b)=…//g'`.
 */
export function removedKubeletFlags(spec: KubeadmSpecJson): string[] {
  return flagScripts(spec).flatMap((content) => SED_REMOVAL.exec(content)?.[1].split('|') ?? []);
}

/** The contents of the spec's scripts that a kubelet drop-in runs before each start and that edit the flags file. */
function flagScripts(spec: KubeadmSpecJson): string[] {
  const files = spec.files ?? [];
  const started = files
    .filter((f) => KUBELET_DROP_IN.test(f.path))
    .flatMap((f) => [...(f.content ?? '').matchAll(/^ExecStartPre=-?\/bin\/sh (\S+)$/gm)].map((m) => m[1]));
  return files
    .filter((f) => started.includes(f.path) && (f.content ?? '').includes(FLAGS_FILE))
    .map((f) => f.content ?? '');
}

/**
 * The taint Cluster API adds to the registration of every joining node. `kubeadm join` passes a node's taints to
 * the kubelet only as `--register-with-taints`, unless a script of the stack moves them into the configuration.
 */
export const JOIN_TAINT = 'node.cluster.x-k8s.io/uninitialized:NoSchedule';

/** Whether a script of the spec moves `--register-with-taints` into the configuration's `registerWithTaints`. */
export function movesTaintsToConfig(spec: KubeadmSpecJson): boolean {
  return flagScripts(spec).some(
    (content) => content.includes('registerWithTaints:') && content.includes('--register-with-taints='),
  );
}

/**
 * The effective kubelet configuration of a registration: the `kubeletconfiguration*` patches in the
 * registration's kubeadm patches directory, applied in file-name order as kubeadm does, then the flags, which
 * win over the file as they do in the kubelet.
 */
export function kubeletOf(
  where: string,
  spec: KubeadmSpecJson,
  registration: 'initConfiguration' | 'joinConfiguration',
  bootstrapFlags: Readonly<Record<string, string>> = {},
): KubeletOfRegistration {
  const node = spec[registration];
  const removed = new Set(removedKubeletFlags(spec));
  const joinTaints =
    registration === 'joinConfiguration' && !movesTaintsToConfig(spec)
      ? { 'register-with-taints': JOIN_TAINT }
      : {};
  const flags = Object.fromEntries(
    Object.entries({ ...node?.nodeRegistration?.kubeletExtraArgs, ...bootstrapFlags, ...joinTaints }).filter(
      ([flag]) => !removed.has(flag),
    ),
  );
  const directory = node?.patches?.directory?.replace(/\/$/, '');
  const patches = directory
    ? (spec.files ?? [])
        .filter((f) => f.path.startsWith(`${directory}/`))
        .filter((f) => PATCH_FILE.test(f.path.slice(directory.length + 1)))
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    : [];
  let config: Json = {};
  for (const file of patches) config = merge(config, (parse(file.content ?? '') as Json | null) ?? {});
  for (const [flag, value] of Object.entries(flags)) {
    const field = KUBELET_CONFIG_FLAGS[flag];
    if (field) config = setPath(config, field, field === 'evictionHard' ? parseThresholds(value) : value);
  }
  return { where, flags, config };
}

/** A configuration field as a flag would spell it (lists comma-separated), or undefined when unset. */
export function fieldText(config: Readonly<Json>, path: string): string | undefined {
  let value: unknown = config;
  for (const key of path.split('.')) value = (value as Json | undefined)?.[key];
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}
