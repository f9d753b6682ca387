// The CLI's building blocks, for tests and other tools.
export * from './project';
export * from './commands';
export * from './package/release';
export * from './package/dirhash';
export * from './util/files';
export * from './validate/exec';
export * from './validate/helm';
export * from './validate/kubeconform';
export * from './validate/render-release';
export * from './validate/topology-plan';
export * from './cli/args';
export * from './policy/controls';
export * from './policy/evaluate';
export * from './policy/kubelet-config';
export { describeFailure } from './util/fail';
export { CommandError } from './util/errors';
export { releaseVersions } from './versioning/commands';
export {
  runClauses,
  scsInputOf,
  statusText,
  SCS_CLAUSES,
  UPSTREAM_KUBERNETES,
} from './validate/scs-standards';
export type { ClauseResult } from './validate/scs-standards';
