// What a release directory must hold before anything is uploaded: exactly the six files of a release, and
// hashes.json agreeing with the files it hashes.
import {
  cleanHash,
  formatDotVersion,
  hash1,
  parseDotVersion,
  parseReleaseTag,
  stackPrefix,
} from '@cluster-stacks/release-check';
import { parse } from 'yaml';

/** The file names a release with this tag and these component versions has, sorted. */
export function expectedReleaseFiles(tag: string, clusterAddonVersion: string): string[] {
  const name = parseReleaseTag(tag);
  const prefix = stackPrefix(name);
  return [
    `${prefix}-cluster-addon-${clusterAddonVersion}.tgz`,
    `${prefix}-cluster-class-${formatDotVersion(name.version)}.tgz`,
    'clusteraddon.yaml',
    'hashes.json',
    'metadata.yaml',
    'node-images.yaml',
  ].sort();
}

/** metadata.yaml `versions.components.clusterAddon`, checked against the dot grammar. */
function clusterAddonVersion(metadataYaml: string): string {
  const metadata = parse(metadataYaml) as { versions?: { components?: { clusterAddon?: unknown } } } | null;
  const version = metadata?.versions?.components?.clusterAddon;
  if (typeof version !== 'string')
    throw new Error('metadata.yaml: versions.components.clusterAddon is missing');
  parseDotVersion(version);
  return version;
}

/**
 * Throws unless the directory entries are exactly the release files: no dotfiles, folders or extras, none
 * missing. `entries` are every name in the directory; `metadataYaml` is metadata.yaml's text.
 */
export function checkReleaseEntries(tag: string, entries: readonly string[], metadataYaml: string): void {
  const expected = expectedReleaseFiles(tag, clusterAddonVersion(metadataYaml));
  const extra = entries.filter((e) => !expected.includes(e)).sort();
  const missing = expected.filter((e) => !entries.includes(e));
  if (extra.length > 0)
    throw new Error(
      `the release directory holds ${extra.map((e) => JSON.stringify(e)).join(', ')}, which ${extra.length === 1 ? 'is' : 'are'} not part of a release: remove ${extra.length === 1 ? 'it' : 'them'} or package the release again (a release has exactly ${expected.join(', ')})`,
    );
  if (missing.length > 0)
    throw new Error(
      `the release directory is incomplete: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing; package the release again`,
    );
}

/**
 * Throws unless hashes.json agrees with the files it covers: clusterAddonValues is the hash of
 * clusteraddon.yaml, nodeImageDir the hash of node-images.yaml, and a hash-mode version (`v0-sha.<hash>`)
 * is the start of clusterStack.
 */
export function checkHashes(tag: string, files: ReadonlyMap<string, Buffer>): void {
  let hashes: Record<string, unknown>;
  try {
    hashes = JSON.parse(files.get('hashes.json')?.toString('utf8') ?? '') as Record<string, unknown>;
  } catch (e) {
    throw new Error(`hashes.json: ${(e as Error).message}; package the release again`);
  }
  const check = (field: string, expected: string, what: string) => {
    if (hashes?.[field] !== expected)
      throw new Error(
        `hashes.json: ${field} is ${JSON.stringify(hashes?.[field])}, but ${what} hashes to "${expected}": the release was modified after it was built; package it again`,
      );
  };
  check(
    'clusterAddonValues',
    cleanHash(hash1(new Map([['clusteraddon.yaml', files.get('clusteraddon.yaml')!]]))),
    'clusteraddon.yaml',
  );
  check(
    'nodeImageDir',
    cleanHash(hash1(new Map([['node-images.yaml', files.get('node-images.yaml')!]]))),
    'node-images.yaml',
  );
  const version = parseReleaseTag(tag).version;
  if (version.channel === 'sha' && String(hashes?.clusterStack ?? '').slice(0, 7) !== version.patch)
    throw new Error(
      `hashes.json: clusterStack ${JSON.stringify(hashes?.clusterStack)} does not start with the tag's hash "${version.patch}": the release was modified after it was built; package it again`,
    );
}
