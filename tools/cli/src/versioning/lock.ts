import { StackVersion } from '@cluster-stacks/core';
import { hash1, subtree } from '../package/dirhash';
import { StackSummary } from './summary';

/** Digests of the rendered output of each layer. */
export interface LayerDigests {
  readonly clusterClass: string;
  readonly clusterAddon: string;
  readonly nodeImages: string;
}

/** One released version of a stack: its component versions, what they were computed from, and a summary. */
export interface LockEntry {
  readonly clusterStack: string;
  readonly clusterAddon: string;
  readonly nodeImage: string;
  readonly digests: LayerDigests;
  readonly summary: StackSummary;
}

/** `versions.lock.json` of a stack project: every version, oldest first. Entries are never changed. */
export interface VersionLock {
  readonly stack: string;
  readonly releases: readonly LockEntry[];
}

type Tree = ReadonlyMap<string, string | Buffer>;

/**
 * Digests over the synthesized (rendered) files of each layer: the cluster-class chart with the stack's
 * metadata, the addon charts with clusteraddon.yaml, and the node images.
 */
export function layerDigests(tree: Tree): LayerDigests {
  const pick = (prefixes: string[], files: string[]) =>
    new Map([...tree].filter(([name]) => prefixes.some((p) => name.startsWith(p)) || files.includes(name)));
  return {
    clusterClass: hash1(pick(['cluster-class/'], ['stack.yaml'])),
    clusterAddon: hash1(pick(['cluster-addon/'], ['clusteraddon.yaml'])),
    nodeImages: hash1(subtree(tree, 'node-images/')),
  };
}

/** Which layers differ between two digest sets. */
export function changedLayers(before: LayerDigests, after: LayerDigests): (keyof LayerDigests)[] {
  return (['clusterClass', 'clusterAddon', 'nodeImages'] as const).filter(
    (layer) => before[layer] !== after[layer],
  );
}

/**
 * The next entry for new digests, or undefined when nothing changed. Any changed layer bumps the stack; a
 * changed addon layer also bumps clusterAddon; changed node images bump nodeImage. The first release is v1.
 */
export function nextEntry(
  lock: VersionLock | undefined,
  digests: LayerDigests,
  summary: StackSummary,
): LockEntry | undefined {
  const last = lock?.releases[lock.releases.length - 1];
  if (!last) return { clusterStack: 'v1', clusterAddon: 'v1', nodeImage: 'v1', digests, summary };
  const changed = changedLayers(last.digests, digests);
  if (changed.length === 0) return undefined;
  const bump = (version: string, doIt: boolean) =>
    doIt ? StackVersion.parseDotted(version).next().dotted : version;
  return {
    clusterStack: bump(last.clusterStack, true),
    clusterAddon: bump(last.clusterAddon, changed.includes('clusterAddon')),
    nodeImage: bump(last.nodeImage, changed.includes('nodeImages')),
    digests,
    summary,
  };
}

/** Problems with a lock's history: each bump must follow the rules and have a change behind it. */
export function historyProblems(lock: VersionLock): string[] {
  const problems: string[] = [];
  lock.releases.forEach((entry, i) => {
    if (i === 0) {
      if (entry.clusterStack !== 'v1')
        problems.push(`${lock.stack} starts at ${entry.clusterStack}, expected v1`);
      return;
    }
    const previous = lock.releases[i - 1];
    const changed = changedLayers(previous.digests, entry.digests);
    const expected = nextEntry(
      { stack: lock.stack, releases: lock.releases.slice(0, i) },
      entry.digests,
      entry.summary,
    );
    if (changed.length === 0) {
      problems.push(
        `${lock.stack} ${entry.clusterStack} has no change behind it: its digests equal ${previous.clusterStack}'s; remove the entry`,
      );
    } else if (
      expected &&
      (expected.clusterStack !== entry.clusterStack ||
        expected.clusterAddon !== entry.clusterAddon ||
        expected.nodeImage !== entry.nodeImage)
    ) {
      problems.push(
        `${lock.stack} ${entry.clusterStack} should be clusterStack ${expected.clusterStack}, clusterAddon ${expected.clusterAddon}, nodeImage ${expected.nodeImage} (changed: ${changed.join(', ')})`,
      );
    }
  });
  return problems;
}

/** Entries of an earlier lock (e.g. on the base branch) that were altered or removed: published tags never change. */
export function rewrittenEntries(before: VersionLock, after: VersionLock): string[] {
  return before.releases.flatMap((entry, i) => {
    const now = after.releases[i];
    if (!now) return [`${before.stack} ${entry.clusterStack} was removed from the lock`];
    return JSON.stringify(now) === JSON.stringify(entry)
      ? []
      : [`${before.stack} ${entry.clusterStack} was changed after it was released`];
  });
}

/** The lock file's text: stable key order, two-space JSON. */
export function lockText(lock: VersionLock): string {
  return JSON.stringify(lock, null, 2) + '\n';
}
