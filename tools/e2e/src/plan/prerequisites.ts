/** A controller Deployment the management cluster must run before a stack can be tested. */
export interface Controller {
  readonly namespace: string;
  readonly name: string;
}

/** Cluster API core and its kubeadm providers, as `clusterctl init` installs them, and CSO. */
export const COMMON_CONTROLLERS: readonly Controller[] = [
  { namespace: 'capi-system', name: 'capi-controller-manager' },
  { namespace: 'capi-kubeadm-bootstrap-system', name: 'capi-kubeadm-bootstrap-controller-manager' },
  { namespace: 'capi-kubeadm-control-plane-system', name: 'capi-kubeadm-control-plane-controller-manager' },
  { namespace: 'cso-system', name: 'cso-controller-manager' },
];

/** The infrastructure provider's controller, by stack provider. */
export const INFRASTRUCTURE_CONTROLLERS: Readonly<Record<string, Controller>> = {
  docker: { namespace: 'capd-system', name: 'capd-controller-manager' },
  openstack: { namespace: 'capo-system', name: 'capo-controller-manager' },
};

/** The controllers a stack of `provider` needs (an unknown provider's controller is not checked). */
export function controllersFor(provider: string): Controller[] {
  const infrastructure = INFRASTRUCTURE_CONTROLLERS[provider];
  return [...COMMON_CONTROLLERS, ...(infrastructure ? [infrastructure] : [])];
}
