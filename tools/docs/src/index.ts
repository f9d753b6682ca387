// Generated reference documentation of the cluster stacks.
export * from './reference';
export * from './generate';
