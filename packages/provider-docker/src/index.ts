export * from './capd-kubelet-flags';
export * from './capd-templates';
export * from './scs/variables';
export * from './scs/releases';
export * from './scs/node-images';
export * from './scs/cluster-class';
export * from './scs/stack';
export * from './scs/examples';
