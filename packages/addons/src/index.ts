// Cluster addons as typed constructs: each is a ClusterAddon stage with every object it needs.
export * from './resources';
export * from './metrics-server';
export * from './kindnet';
export * from './kubelet-serving-cert-approver';
export * from './security-context';
