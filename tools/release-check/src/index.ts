export {
  checkRelease,
  sampleCluster,
  AFTER_CONTROL_PLANE_INITIALIZED,
  BEFORE_CLUSTER_UPGRADE,
} from './check';
export type { CheckOptions, Finding, Severity } from './check';
export { RULES } from './rules';
export type { Rule } from './rules';
export { ReleaseDir } from './release-dir';
export {
  CHANNEL_STABLE,
  dashToDot,
  dotToDash,
  formatClusterClassName,
  formatDashVersion,
  formatDotVersion,
  formatReleaseTag,
  isDashVersion,
  isDotVersion,
  NameError,
  parseClusterClassName,
  parseDashVersion,
  parseDotVersion,
  parseReleaseTag,
  parseReleaseTagAsCso,
  stackPrefix,
} from './names';
export type { ClusterStackName, StackVersion } from './names';
export { createTar, createTarGz, gzipDeterministic, readTar, readTarGz } from './tar';
export type { TarEntry, TarEntryType, TarInputEntry } from './tar';
export { CSO_RENDER_NOT_BUILT, compileCel, findRepoRoot, locateCsoRender, renderValues } from './cso-render';
export type { CsoRenderResult } from './cso-render';
export { cleanHash, hash1, subtree } from './dirhash';
