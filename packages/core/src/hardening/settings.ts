/**
 * The fixed parts of the hardening profile: file locations, TLS settings, the audit policy and the scripts
 * that create the encryption key on the nodes. Each constant says why it is what it is.
 */

/** TLS 1.2 cipher suites with forward secrecy and AEAD only (TLS 1.3 suites are not configurable in Go). */
export const TLS_CIPHER_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
].join(',');

/** TLS 1.0 and 1.1 are broken; every component refuses them. */
export const TLS_MIN_VERSION = 'VersionTLS12';

export const AUDIT_POLICY_PATH = '/etc/kubernetes/audit/policy.yaml';
export const AUDIT_LOG_DIR = '/var/log/kubernetes/audit';
export const AUDIT_LOG_PATH = `${AUDIT_LOG_DIR}/audit.log`;
export const ADMISSION_CONFIG_PATH = '/etc/kubernetes/admission/config.yaml';
export const ENCRYPTION_DIR = '/etc/kubernetes/encryption';
export const ENCRYPTION_CONFIG_PATH = `${ENCRYPTION_DIR}/config.yaml`;
export const ENCRYPTION_SETUP_SCRIPT = `${ENCRYPTION_DIR}/setup.sh`;
export const ENCRYPTION_SHARE_SCRIPT = `${ENCRYPTION_DIR}/share.sh`;
export const AUTHENTICATION_CONFIG_PATH = '/etc/kubernetes/authentication/config.yaml';

/**
 * The only paths the API server answers anonymously: the health endpoints (load balancer and kubelet probes
 * carry no credentials) and kubeadm's cluster-info ConfigMap, which `kubeadm join` reads before it has any
 * credentials and verifies with its bootstrap token's signature (it holds the CA certificate and the API
 * server address, nothing secret).
 */
export const ANONYMOUS_PATHS: readonly string[] = [
  '/healthz',
  '/livez',
  '/readyz',
  '/api/v1/namespaces/kube-public/configmaps/cluster-info',
];

/**
 * The API server's structured authentication configuration, limiting anonymous requests to
 * {@link ANONYMOUS_PATHS}. `anonymous.conditions` is beta and on by default from Kubernetes 1.32
 * (`apiserver.config.k8s.io/v1beta1`) and stable from 1.34 (`apiserver.config.k8s.io/v1`).
 */
export function authenticationConfiguration(minor: number): string {
  const apiVersion = minor >= 34 ? 'apiserver.config.k8s.io/v1' : 'apiserver.config.k8s.io/v1beta1';
  return [
    `apiVersion: ${apiVersion}`,
    'kind: AuthenticationConfiguration',
    'anonymous:',
    '  enabled: true',
    '  conditions:',
    ...ANONYMOUS_PATHS.map((path) => `    - path: ${path}`),
    '',
  ].join('\n');
}

/** The Secret in the workload cluster that joining control-plane nodes read the encryption key from. */
export const ENCRYPTION_SECRET = 'kube-apiserver-encryption-config';

/**
 * The provider that encrypts Secrets. Kubernetes recommends secretbox (XSalsa20 and Poly1305, authenticated)
 * over aescbc, which is open to padding-oracle attacks; both take a 32-byte key.
 */
export const ENCRYPTION_PROVIDER = 'secretbox';

/**
 * The Role and RoleBinding with which versions before the secretbox change let every bootstrap token read
 * {@link ENCRYPTION_SECRET}. Workers' tokens are bootstrap tokens too, so control-plane nodes delete both.
 */
export const LEGACY_ENCRYPTION_READER = `${ENCRYPTION_SECRET}-reader`;

/**
 * The identity a joining control-plane node reads the key with: a client certificate it signs itself, valid
 * for minutes, with the cluster CA key that the control-plane provider delivers to control-plane machines
 * only. `kubeadm:cluster-admins` is the group kubeadm binds to cluster-admin (the node holds admin.conf in
 * that group moments later). No credential a worker ever holds is in it.
 */
export const ENCRYPTION_READER = { name: 'cluster-stacks:encryption-setup', group: 'kubeadm:cluster-admins' };

/**
 * The audit policy. The first matching rule wins: high-volume health and heartbeat traffic is dropped,
 * secrets and tokens are recorded without their content, writes keep their request body, reads metadata.
 */
export const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - RequestReceived
rules:
  - level: None
    nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"]
  - level: None
    resources:
      - group: coordination.k8s.io
        resources: ["leases"]
  - level: None
    resources:
      - group: ""
        resources: ["events"]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps", "serviceaccounts/token"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
  - level: Request
    verbs: ["create", "update", "patch", "delete", "deletecollection"]
  - level: Metadata
`;

/**
 * Creates the encryption configuration before kubeadm starts the API server.
 * - The first control-plane node generates a random key. It never leaves the cluster and is not in the chart.
 * - A joining control-plane node copies the configuration the cluster holds in {@link ENCRYPTION_SECRET}, read
 *   as {@link ENCRYPTION_READER}: kubeadm signs that short-lived certificate with the CA key the node was
 *   given. A bootstrap token cannot read the Secret: every token, the workers' included, is in the same
 *   group. Copying the configuration as it is keeps the providers of earlier versions (aescbc) and the steps
 *   of a key rotation working.
 * - kubernetesVersion is set so that kubeadm does not look up the latest release on the internet.
 */
export const ENCRYPTION_SETUP = `#!/bin/sh
set -eu
config=${ENCRYPTION_CONFIG_PATH}
[ -s "$config" ] && exit 0
umask 077
mkdir -p ${ENCRYPTION_DIR}
join=/run/kubeadm/kubeadm-join-config.yaml
if [ -f "$join" ]; then
  server=$(sed -n 's/^ *apiServerEndpoint: *//p' "$join" | head -n 1 | tr -d '"')
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  printf '%s\\n' \\
    'apiVersion: kubeadm.k8s.io/v1beta4' \\
    'kind: ClusterConfiguration' \\
    "kubernetesVersion: $(kubeadm version -o short)" \\
    "controlPlaneEndpoint: \\"$server\\"" \\
    'certificatesDir: /etc/kubernetes/pki' > "$work/cluster.yaml"
  kubeadm kubeconfig user --config "$work/cluster.yaml" --client-name ${ENCRYPTION_READER.name} \\
    --org ${ENCRYPTION_READER.group} --validity-period 15m > "$work/kubeconfig"
  for attempt in $(seq 1 60); do
    if kubectl --kubeconfig "$work/kubeconfig" \\
      -n kube-system get secret ${ENCRYPTION_SECRET} -o jsonpath='{.data.config\\.yaml}' 2>/dev/null |
      base64 -d > "$config.new" 2>/dev/null && [ -s "$config.new" ]; then
      mv "$config.new" "$config"
      exit 0
    fi
    rm -f "$config.new"
    echo "waiting for the cluster's encryption configuration ($attempt/60)" >&2
    sleep 5
  done
  echo "cannot read the encryption configuration from the cluster" >&2
  exit 1
fi
key=$(head -c 32 /dev/urandom | base64)
printf '%s\\n' \\
  'apiVersion: apiserver.config.k8s.io/v1' \\
  'kind: EncryptionConfiguration' \\
  'resources:' \\
  '  - resources: ["secrets"]' \\
  '    providers:' \\
  '      - ${ENCRYPTION_PROVIDER}:' \\
  '          keys:' \\
  "            - name: key1" \\
  "              secret: $key" \\
  '      - identity: {}' > "$config"
`;

/**
 * On every control-plane node, once kubeadm is done: stores the configuration in the cluster for joining
 * control-plane nodes if it is not there yet, and withdraws the bootstrap tokens' read access that versions
 * before the secretbox change granted, so a Cluster upgraded from them stops exposing the key with its first
 * new control-plane node. The Secret is created, never applied: `kubectl apply` would keep a second copy of
 * the key in its last-applied-configuration annotation. kubectl prints only the object's name, so no log
 * holds the key.
 */
export const ENCRYPTION_SHARE = `#!/bin/sh
set -eu
export KUBECONFIG=/etc/kubernetes/admin.conf
if ! kubectl -n kube-system get secret ${ENCRYPTION_SECRET} -o name >/dev/null 2>&1; then
  kubectl -n kube-system create secret generic ${ENCRYPTION_SECRET} --from-file=config.yaml=${ENCRYPTION_CONFIG_PATH}
fi
kubectl -n kube-system delete rolebinding ${LEGACY_ENCRYPTION_READER} --ignore-not-found
kubectl -n kube-system delete role ${LEGACY_ENCRYPTION_READER} --ignore-not-found
`;
