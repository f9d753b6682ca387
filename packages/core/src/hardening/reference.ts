/** One setting of the hardening profile, why it is there, and how a cluster can change it. */
export interface HardeningSetting {
  /** Component and setting. */
  readonly setting: string;
  /** What the profile sets. */
  readonly value: string;
  /** Why. */
  readonly reason: string;
  /** Benchmark controls it satisfies. */
  readonly controls: readonly string[];
  /** The ClusterClass variable that changes it, if a cluster may legitimately need something else. */
  readonly variable?: string;
}

/** Every setting of the hardening profile, for the generated stack reference. */
export const HARDENING_SETTINGS: readonly HardeningSetting[] = [
  {
    setting: 'API server audit log',
    value: 'policy in /etc/kubernetes/audit/policy.yaml, log in /var/log/kubernetes/audit, rotated',
    reason:
      'who changed what, and who read Secrets, must be traceable; metadata only for Secrets so the log holds no secret values',
    controls: ['1.2.16', '1.2.17', '1.2.18', '1.2.19', '3.2.1'],
    variable: 'auditLog',
  },
  {
    setting: 'Encryption of Secrets at rest',
    value:
      'aescbc, key generated on the first control-plane node, shared with joining control-plane nodes through a Secret only bootstrap tokens may read',
    reason:
      'etcd data directories and backups must not contain Secrets in clear text; the key is never in the chart or the management cluster',
    controls: ['1.2.27', '1.2.28'],
  },
  {
    setting: 'Pod Security admission',
    value: 'enforce baseline, audit and warn restricted, kube-system exempt',
    reason: 'blocks privileged pods by default while showing what restricted would reject',
    controls: ['5.2.1'],
    variable: 'podSecurityStandard',
  },
  {
    setting: 'Profiling endpoints',
    value: 'profiling=false on API server, controller manager and scheduler',
    reason: 'profiling data exposes internals and costs resources; not needed in production',
    controls: ['1.2.15', '1.3.2', '1.4.1'],
  },
  {
    setting: 'TLS',
    value:
      'TLS 1.2 minimum; ECDHE with AES-GCM or ChaCha20 only, on API server, controller manager, scheduler, etcd and kubelets',
    reason: 'older protocol versions and CBC or non-forward-secret suites are broken or weak',
    controls: ['1.2.29', '1.2.30', '4.2.13'],
  },
  {
    setting: 'Admission plugins',
    value: 'NodeRestriction',
    reason: 'kubelets may only change their own Node and the pods bound to it',
    controls: ['1.2.14'],
  },
  {
    setting: 'Controller manager',
    value: 'use-service-account-credentials=true, terminated-pod-gc-threshold',
    reason: 'each controller acts with its own least-privilege identity; terminated pods do not pile up',
    controls: ['1.3.1', '1.3.3'],
    variable: 'terminatedPodGCThreshold',
  },
  {
    setting: 'Metrics endpoints',
    value: 'controller manager, scheduler and etcd metrics on 127.0.0.1',
    reason: 'not reachable from other hosts unless a monitoring stack needs them',
    controls: ['1.3.7', '1.4.2', '2.8'],
    variable: 'controlPlaneMetricsBindAddress',
  },
  {
    setting: 'Kubelet authentication and authorization',
    value: 'anonymous-auth=false, webhook authentication, authorization-mode=Webhook, read-only-port=0',
    reason:
      'the kubelet API runs commands in containers and reads logs; it must not answer anonymous or unauthenticated requests',
    controls: ['4.2.1', '4.2.2', '4.2.4'],
  },
  {
    setting: 'Kubelet certificates',
    value:
      'rotate-certificates and rotate-server-certificates; serving certificates approved by kubelet-csr-approver',
    reason:
      'client and serving certificates renew themselves and serving certificates are signed by the cluster CA',
    controls: ['4.2.11', '4.2.12', '1.3.6'],
  },
  {
    setting: 'Kubelet limits',
    value: 'streaming-connection-idle-timeout=5m, event-qps=50, event-burst=100',
    reason: 'idle exec/attach streams are closed; event floods cannot overload the API server',
    controls: ['4.2.5', '4.2.9'],
  },
  {
    setting: 'Kubelet kernel defaults',
    value: 'protect-kernel-defaults=true where the node image sets the kernel parameters',
    reason:
      'the kubelet refuses to run on a node whose kernel settings were weakened; container-based nodes (CAPD) share the host kernel and are exempt',
    controls: ['4.2.6'],
  },
  {
    setting: 'etcd TLS',
    value: 'client and peer certificate authentication as kubeadm configures it; never overridden',
    reason: 'only the API server and etcd members may talk to etcd',
    controls: ['2.2', '2.3', '2.5', '2.6'],
  },
];
