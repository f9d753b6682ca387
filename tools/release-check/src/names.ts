// Names and version grammar of cluster stack releases, as the Cluster Stack Operator
// (CSO) parses them (release-contract §1). Every error message that CSO itself produces is
// reproduced verbatim; the extra constraints that follow from Kubernetes object names and
// OCI tags have messages of their own.

/** A cluster stack version. `channel` is `stable` for the plain `vN` form. */
export interface StackVersion {
  major: number;
  channel: string;
  patch: string;
}

/** The parts of a release tag or ClusterClass name. */
export interface ClusterStackName {
  provider: string;
  name: string;
  kubernetesMajor: number;
  kubernetesMinor: number;
  /** The Kubernetes parts exactly as written in the name, e.g. `["1", "27"]`. */
  kubernetesParts: [string, string];
  version: StackVersion;
}

/** Raised by the parsers; `message` is CSO's message where CSO has one. */
export class NameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NameError';
  }
}

export const CHANNEL_STABLE = 'stable';

// Go RE2 `\d` and `\w` are ASCII; JavaScript's are too without the `u` flag.
const DASH_VERSION = /^v\d+(-\b\w+\b-\w+)?$/;
const DOT_VERSION = /^v\d+(-\b\w+\b\.\w+)?$/;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** Go's strconv.Atoi: optional sign, decimal digits, 64-bit range. */
function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN) return undefined;
  return Number(n);
}

function versionFrom(major: string, channel: string, patch: string): StackVersion {
  const m = atoi(major.slice(1));
  if (m === undefined) throw new NameError(`invalid major version ${major}`);
  // Version.Validate(): the regex already guarantees a non-negative major and a non-empty patch.
  return { major: m, channel, patch };
}

/** CSO `version.ParseVersionString`: the dash form used in tags, `v1` or `v1-alpha-1`. */
export function parseDashVersion(v: string): StackVersion {
  if (!DASH_VERSION.test(v)) throw new NameError(`invalid version string ${v}`);
  const parts = v.split('-');
  if (parts.length === 3) return versionFrom(parts[0], parts[1], parts[2]);
  return versionFrom(parts[0], CHANNEL_STABLE, '');
}

/** CSO `version.New`: the dot form used in ClusterClass names, charts and metadata, `v1` or `v1-alpha.1`. */
export function parseDotVersion(v: string): StackVersion {
  if (!DOT_VERSION.test(v)) throw new NameError(`invalid version string ${v}`);
  const parts = v.split('-');
  if (parts.length === 2) {
    const cp = parts[1].split('.');
    if (cp.length !== 2) throw new NameError(`invalid version string ${v}`);
    return versionFrom(parts[0], cp[0], cp[1]);
  }
  return versionFrom(parts[0], CHANNEL_STABLE, '');
}

/** CSO `Version.String()`: `v1` or `v1-alpha-1`. */
export function formatDashVersion(v: StackVersion): string {
  return v.channel === CHANNEL_STABLE ? `v${v.major}` : `v${v.major}-${v.channel}-${v.patch}`;
}

/** CSO `Version.StringWithDot()`: `v1` or `v1-alpha.1`. */
export function formatDotVersion(v: StackVersion): string {
  return v.channel === CHANNEL_STABLE ? `v${v.major}` : `v${v.major}-${v.channel}.${v.patch}`;
}

/** True if `v` matches the dot grammar `^v\d+(-\w+\.\w+)?$` (metadata, charts, ClusterClass names). */
export function isDotVersion(v: string): boolean {
  try {
    parseDotVersion(v);
    return true;
  } catch {
    return false;
  }
}

/** True if `v` matches the dash grammar `^v\d+(-\w+-\w+)?$` (release tags). */
export function isDashVersion(v: string): boolean {
  try {
    parseDashVersion(v);
    return true;
  } catch {
    return false;
  }
}

/** `v0-sha.abcdefg` → `v0-sha-abcdefg`, normalized as CSO does (`v01` → `v1`). Throws NameError. */
export function dotToDash(v: string): string {
  return formatDashVersion(parseDotVersion(v));
}

/** `v0-sha-abcdefg` → `v0-sha.abcdefg`, normalized as CSO does. Throws NameError. */
export function dashToDot(v: string): string {
  return formatDotVersion(parseDashVersion(v));
}

function parseCommon(parts: string[]): Omit<ClusterStackName, 'version'> {
  const [provider, name, maj, min] = parts;
  if (provider === '') throw new NameError('invalid provider');
  if (name === '') throw new NameError('invalid name');
  const kubernetesMajor = atoi(maj);
  if (kubernetesMajor === undefined) {
    throw new NameError(`failed to create Kubernetes version from ${maj}-${min}: invalid major version`);
  }
  const kubernetesMinor = atoi(min);
  if (kubernetesMinor === undefined) {
    throw new NameError(`failed to create Kubernetes version from ${maj}-${min}: invalid minor version`);
  }
  return { provider, name, kubernetesMajor, kubernetesMinor, kubernetesParts: [maj, min] };
}

function withVersion<T>(versionString: string, parse: (v: string) => T): T {
  try {
    return parse(versionString);
  } catch (e) {
    throw new NameError(`failed to create version from ${versionString}: ${(e as Error).message}`);
  }
}

/**
 * CSO `clusterstack.NewFromClusterStackReleaseProperties` only: 5 or 7 `-` parts, provider and
 * name non-empty, integer Kubernetes parts, dash-form version. Accepts what CSO accepts.
 */
export function parseReleaseTagAsCso(tag: string): ClusterStackName {
  const parts = tag.split('-');
  if (parts.length !== 5 && parts.length !== 7) throw new NameError('invalid format');
  const common = parseCommon(parts);
  const version = withVersion(parts.slice(4).join('-'), parseDashVersion);
  return { ...common, version };
}

const RFC1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const OCI_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/**
 * Parses a release tag (`<provider>-<name>-<major>-<minor>-<version-dash>`, e.g.
 * `openstack-scs-1-30-v3`, `docker-ferrol-1-27-v0-sha-hipstsw`) as CSO does, and also requires
 * what the surrounding systems need: a lowercase RFC 1123 subdomain (the tag is the
 * ClusterStackRelease object name) of at most 128 characters (the OCI tag limit).
 * Throws NameError; the CSO part of the grammar throws CSO's own message.
 */
export function parseReleaseTag(tag: string): ClusterStackName {
  const parsed = parseReleaseTagAsCso(tag);
  if (!RFC1123_SUBDOMAIN.test(tag)) {
    throw new NameError(
      `release tag ${JSON.stringify(tag)} is not a lowercase RFC 1123 name (a-z, 0-9, "-"), so no ClusterStackRelease can be named after it`,
    );
  }
  if (tag.length > 128 || !OCI_TAG.test(tag)) {
    throw new NameError(
      `release tag ${JSON.stringify(tag)} is longer than 128 characters, the limit of an OCI tag`,
    );
  }
  return parsed;
}

/**
 * Parses a ClusterClass name (`<provider>-<name>-<major>-<minor>-<version-dot>`, e.g.
 * `docker-ferrol-1-27-v0-sha.hipstsw`) as CSO `NewFromClusterClassProperties` does: 5 or 6
 * `-` parts, dot-form version. Throws NameError with CSO's message.
 */
export function parseClusterClassName(name: string): ClusterStackName {
  const parts = name.split('-');
  if (parts.length !== 5 && parts.length !== 6) throw new NameError('invalid format');
  const common = parseCommon(parts);
  const version = withVersion(parts.slice(4).join('-'), parseDotVersion);
  return { ...common, version };
}

/** `<provider>-<name>-<major>-<minor>` with the Kubernetes version normalized as CSO prints it. */
export function stackPrefix(n: ClusterStackName): string {
  return `${n.provider}-${n.name}-${n.kubernetesMajor}-${n.kubernetesMinor}`;
}

/** The release tag (dash form) of a parsed name. */
export function formatReleaseTag(n: ClusterStackName): string {
  return `${stackPrefix(n)}-${formatDashVersion(n.version)}`;
}

/** The ClusterClass name (dot form) of a parsed name. */
export function formatClusterClassName(n: ClusterStackName): string {
  return `${stackPrefix(n)}-${formatDotVersion(n.version)}`;
}
