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
 * Creates the encryption configuration before kubeadm starts the API server. The first control-plane node
 * generates a random key (it never leaves the cluster and is not in the chart); a joining control-plane node
 * reads it from the workload cluster with its bootstrap token, which share.sh allowed to read that one
 * Secret. Bootstrap tokens are short-lived; the key protects Secrets in etcd data and backups.
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
  token=$(sed -n 's/^ *token: *//p' "$join" | head -n 1 | tr -d '"')
  for attempt in $(seq 1 60); do
    if kubectl --server "https://$server" --token "$token" --certificate-authority /etc/kubernetes/pki/ca.crt \\
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
  '      - aescbc:' \\
  '          keys:' \\
  "            - name: key1" \\
  "              secret: $key" \\
  '      - identity: {}' > "$config"
`;

/**
 * On the first control-plane node: stores the configuration in the cluster for joining control-plane nodes.
 * The Secret is created, never applied: `kubectl apply` would keep a second copy of the key in its
 * last-applied-configuration annotation. kubectl prints only the object's name, so no log holds the key.
 */
export const ENCRYPTION_SHARE = `#!/bin/sh
set -eu
[ -f /run/kubeadm/kubeadm-join-config.yaml ] && exit 0
export KUBECONFIG=/etc/kubernetes/admin.conf
if ! kubectl -n kube-system get secret ${ENCRYPTION_SECRET} -o name >/dev/null 2>&1; then
  kubectl -n kube-system create secret generic ${ENCRYPTION_SECRET} --from-file=config.yaml=${ENCRYPTION_CONFIG_PATH}
fi
kubectl -n kube-system create role ${ENCRYPTION_SECRET}-reader --verb=get --resource=secrets --resource-name=${ENCRYPTION_SECRET} --dry-run=client -o yaml | kubectl apply -f -
kubectl -n kube-system create rolebinding ${ENCRYPTION_SECRET}-reader --role=${ENCRYPTION_SECRET}-reader --group=system:bootstrappers:kubeadm:default-node-token --dry-run=client -o yaml | kubectl apply -f -
`;
