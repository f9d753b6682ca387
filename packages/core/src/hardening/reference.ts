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
  /** The providers whose stacks have the setting. @default - every stack */
  readonly providers?: readonly string[];
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
      'secretbox, key generated on the first control-plane node and kept in a kube-system Secret that joining control-plane nodes read with a 15-minute client certificate they sign with the cluster CA key; no bootstrap token can read it (the read access earlier versions gave them is deleted); the Secret is created with kubectl create (never apply), and no script prints the key; rotation is documented in docs/encryption-at-rest.md',
    reason:
      'etcd data directories and backups must not contain Secrets in clear text; the key is never in the chart or the management cluster, no annotation, log or event holds a second copy, and no credential a worker node holds (its bootstrap token, its kubelet certificate) can read it',
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
    setting: 'API server anonymous access',
    value:
      'structured authentication configuration (/etc/kubernetes/authentication/config.yaml): anonymous requests only to /healthz, /livez, /readyz and the kube-public cluster-info ConfigMap',
    reason:
      'health probes and load balancers carry no credentials and kubeadm join reads cluster-info before it has any; everything else requires authentication even if RBAC is misconfigured (anonymous.conditions: beta on by default in 1.33, stable from 1.34)',
    controls: ['1.2.1'],
  },
  {
    setting: 'Kubelet configuration',
    value:
      'every kubelet setting in KubeletConfiguration patches (/etc/kubernetes/patches/kubeletconfiguration*+strategic.yaml, applied by kubeadm to /var/lib/kubelet/config.yaml); no kubelet flag that has a config-file field',
    reason:
      'kubelet flags with a config-file equivalent are deprecated and warned about at every start; the policy checks the configuration the kubelet actually runs with',
    controls: ['kubelet-flags'],
  },
  {
    setting: 'Kubelet authentication and authorization',
    value:
      'authentication.anonymous.enabled=false, authentication.webhook.enabled=true, authorization.mode=Webhook, readOnlyPort=0',
    reason:
      'the kubelet API runs commands in containers and reads logs; it must not answer anonymous or unauthenticated requests',
    controls: ['4.2.1', '4.2.2', '4.2.4'],
  },
  {
    setting: 'Kubelet certificates',
    value: 'rotateCertificates and serverTLSBootstrap; serving certificates approved by kubelet-csr-approver',
    reason:
      'client and serving certificates renew themselves and serving certificates are signed by the cluster CA',
    controls: ['4.2.11', '4.2.12', '1.3.6'],
  },
  {
    setting: 'Kubelet limits',
    value: 'streamingConnectionIdleTimeout=5m, eventRecordQPS=50, eventBurst=100',
    reason: 'idle exec/attach streams are closed; event floods cannot overload the API server',
    controls: ['4.2.5', '4.2.9'],
  },
  {
    setting: 'Kubelet kernel defaults',
    value: 'protectKernelDefaults=true where the node image sets the kernel parameters',
    reason:
      'the kubelet refuses to run on a node whose kernel settings were weakened; container-based nodes (CAPD) share the host kernel and are exempt',
    controls: ['4.2.6'],
  },
  {
    setting: 'Kubelet hard eviction',
    value:
      'every signal set: memory.available<100Mi, nodefs.available<10%, nodefs.inodesFree<5%, imagefs.available<15%, imagefs.inodesFree<5%, pid.available<10%; docker/scs sets the four disk signals to 0% (node containers share the host disk)',
    reason:
      'a kubelet given some hard thresholds never evicts on the signals it is not given; memory eviction is never weaker than the kubelet default, so a node evicts Pods instead of running out of memory',
    controls: ['eviction'],
  },
  {
    setting: 'Host Docker socket (CAPD)',
    value: 'not mounted into node containers unless mountHostDockerSocket is true',
    reason:
      'the socket controls the Docker daemon of the host that runs the cluster: root on a node would be root on the host; only a cluster that itself runs CAPD (creates Docker machines) needs it',
    controls: [],
    variable: 'mountHostDockerSocket',
    providers: ['docker'],
  },
  {
    setting: 'Hostpath provisioner (CAPD)',
    value: 'controller manager enable-hostpath-provisioner only when hostPathProvisioner is true',
    reason:
      'Kubernetes documents it for testing only: volumes are host directories of one node, with no isolation, and it does not work with more than one node',
    controls: [],
    variable: 'hostPathProvisioner',
    providers: ['docker'],
  },
  {
    setting: 'etcd TLS',
    value: 'client and peer certificate authentication as kubeadm configures it; never overridden',
    reason: 'only the API server and etcd members may talk to etcd',
    controls: ['2.2', '2.3', '2.5', '2.6'],
  },
];
