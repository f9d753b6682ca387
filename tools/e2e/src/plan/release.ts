import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** What the end-to-end test needs to know about one release directory (`<release-dir>/<tag>/`). */
export interface ReleaseInfo {
  /** `docker-scs-1-35-v2`: the directory name, the ClusterStackRelease name. */
  readonly tag: string;
  readonly provider: string;
  readonly stackName: string;
  /** `1.35`: `ClusterStack.spec.kubernetesVersion`. */
  readonly kubernetesMinor: string;
  /** `docker-scs-1-35`: the release without its version, also the name of its ClusterStack object. */
  readonly stackId: string;
  /** `v2` or `v0-sha.abcdefg`: the dot form, for `ClusterStack.spec.versions`. */
  readonly version: string;
  /** `docker-scs-1-35-v2`: `Cluster.spec.topology.class` (dot form of the version). */
  readonly clusterClass: string;
  /** `v1.35.1`: `metadata.yaml` versions.kubernetes, the Cluster's `topology.version`. */
  readonly kubernetesVersion: string;
  /** The clusterAddon component version (dot form); CSO re-applies addons only when it changes. */
  readonly clusterAddonVersion: string;
}

interface Metadata {
  versions?: { clusterStack?: unknown; kubernetes?: unknown; components?: { clusterAddon?: unknown } };
}

function requireString(value: unknown, what: string, tag: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`release ${tag}: metadata.yaml has no ${what}`);
  return value;
}

/**
 * Reads a release from its tag and `metadata.yaml` text, with the tag split the way CSO splits it:
 * `<provider>-<name>-<major>-<minor>-<version>`, the version being `vN` or `vN-<channel>-<patch>`.
 */
export function releaseInfo(tag: string, metadataYaml: string): ReleaseInfo {
  const parts = tag.split('-');
  if (parts.length !== 5 && parts.length !== 7) {
    throw new Error(`release ${tag}: not a release tag (<provider>-<name>-<major>-<minor>-<version>)`);
  }
  const [provider, stackName, major, minor] = parts;
  const tagVersion = parts.slice(4).join('-');
  const metadata = (parse(metadataYaml) ?? {}) as Metadata;
  const version = requireString(metadata.versions?.clusterStack, 'versions.clusterStack', tag);
  if (version.replace('.', '-') !== tagVersion) {
    throw new Error(
      `release ${tag}: metadata.yaml says clusterStack ${version}, but the tag says ${tagVersion}`,
    );
  }
  const stackId = `${provider}-${stackName}-${major}-${minor}`;
  return {
    tag,
    provider,
    stackName,
    kubernetesMinor: `${major}.${minor}`,
    stackId,
    version,
    clusterClass: `${stackId}-${version}`,
    kubernetesVersion: requireString(metadata.versions?.kubernetes, 'versions.kubernetes', tag),
    clusterAddonVersion: requireString(
      metadata.versions?.components?.clusterAddon,
      'versions.components.clusterAddon',
      tag,
    ),
  };
}

/** Reads `<releaseDir>/<tag>/metadata.yaml`. */
export function readRelease(releaseDir: string, tag: string): ReleaseInfo {
  const file = path.join(releaseDir, tag, 'metadata.yaml');
  if (!fs.existsSync(file)) {
    const present = fs.existsSync(releaseDir)
      ? fs
          .readdirSync(releaseDir)
          .filter((d) => !d.startsWith('.'))
          .sort()
      : [];
    throw new Error(`release ${tag} is not in ${releaseDir} (present: ${present.join(', ') || 'none'})`);
  }
  return releaseInfo(tag, fs.readFileSync(file, 'utf8'));
}

/** The tag the last `package` of a stack project wrote (`dist/packaged/<project>.json`). */
export function packagedTag(packagedJsonFile: string): string {
  if (!fs.existsSync(packagedJsonFile))
    throw new Error(
      `${packagedJsonFile} does not exist: package the stack first (npx nx run <stack>:package)`,
    );
  const { tag } = JSON.parse(fs.readFileSync(packagedJsonFile, 'utf8')) as { tag?: unknown };
  if (typeof tag !== 'string') throw new Error(`${packagedJsonFile}: no "tag"`);
  return tag;
}
