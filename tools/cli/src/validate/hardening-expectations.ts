/**
 * What the dry-run tests expect of the hardening profile on the generated objects, written out here rather
 * than taken from the profile, so a change of the profile shows in the tests.
 */

/** The API server's anonymous rules: health endpoints and kubeadm's cluster-info only. */
export const EXPECTED_ANONYMOUS = {
  enabled: true,
  conditions: [
    { path: '/healthz' },
    { path: '/livez' },
    { path: '/readyz' },
    { path: '/api/v1/namespaces/kube-public/configmaps/cluster-info' },
  ],
};

/** Hard eviction at the kubelet's defaults, and 10% for PIDs. */
export const EXPECTED_DEFAULT_EVICTION = {
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'nodefs.inodesFree': '5%',
  'imagefs.available': '15%',
  'imagefs.inodesFree': '5%',
  'pid.available': '10%',
};
