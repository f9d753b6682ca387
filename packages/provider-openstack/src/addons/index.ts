export * from './openstack-config';
export * from './cloud-controller-manager';
export * from './cinder-csi';
export * from './cilium';
export * from './metadata-service-policy';
