import { ClusterStack, StackDefinitionError, StackVersion, synthesizeStack } from '@cluster-stacks/core';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hashVersions, ReleaseVersions } from '../package/release';
import { allProjects, loadStack, StackProject } from '../project';
import { workspaceRoot, writeFileAtomically } from '../util/files';
import { BreakingChange, breakingChanges } from './compatibility';
import {
  changedLayers,
  historyProblems,
  layerDigests,
  LockEntry,
  lockText,
  nextEntry,
  rewrittenEntries,
  VersionLock,
} from './lock';
import { summarizeStack } from './summary';

type Tree = ReadonlyMap<string, string | Buffer>;

/** The lock file of a project. */
export function lockPath(project: StackProject, root = workspaceRoot()): string {
  return path.join(root, project.root, 'versions.lock.json');
}

export function readLock(project: StackProject, root = workspaceRoot()): VersionLock | undefined {
  const file = lockPath(project, root);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as VersionLock) : undefined;
}

function lastEntry(lock: VersionLock | undefined): LockEntry | undefined {
  return lock?.releases[lock.releases.length - 1];
}

/** The project of the previous Kubernetes minor of the same stack, if there is one. */
export function previousMinorProject(
  project: StackProject,
  root = workspaceRoot(),
): StackProject | undefined {
  const [major, minor] = project.minor.split('-').map(Number);
  return allProjects(root).find(
    (p) =>
      p.provider === project.provider && p.stack === project.stack && p.minor === `${major}-${minor - 1}`,
  );
}

/**
 * Breaking changes of a new entry against the releases Clusters can upgrade from: the previous version of the
 * same minor and the latest release of the previous minor (CSO moves at most one minor, never across stacks).
 */
export function compatibilityReport(
  project: StackProject,
  entry: LockEntry,
  lock: VersionLock | undefined,
  root = workspaceRoot(),
): { against: string; changes: BreakingChange[] }[] {
  const report: { against: string; changes: BreakingChange[] }[] = [];
  const previous = lastEntry(lock);
  if (previous && previous !== entry)
    report.push({
      against: `${project.name}-${previous.clusterStack}`,
      changes: breakingChanges(previous.summary, entry.summary),
    });
  const previousMinor = previousMinorProject(project, root);
  const fromMinor = previousMinor ? lastEntry(readLock(previousMinor, root)) : undefined;
  if (previousMinor && fromMinor)
    report.push({
      against: `${previousMinor.name}-${fromMinor.clusterStack}`,
      changes: breakingChanges(fromMinor.summary, entry.summary),
    });
  return report;
}

/** Breaking changes the stack did not acknowledge, as one error message, or undefined. */
export function unacknowledged(
  stack: ClusterStack,
  report: { against: string; changes: BreakingChange[] }[],
): string | undefined {
  const open = report.flatMap(({ against, changes }) =>
    changes
      .filter((c) => !stack.acknowledgedBreakingChanges.includes(c.key))
      .map((c) => `from ${against}: ${c.message} [${c.key}]`),
  );
  if (open.length === 0) return undefined;
  const keys = [...new Set(open.map((line) => line.slice(line.lastIndexOf('[') + 1, -1)))];
  return (
    `${stack.node.id} has breaking changes for Clusters upgrading to it:\n  - ${open.join('\n  - ')}\n` +
    `Undo them, or acknowledge them in the stack definition: acknowledgedBreakingChanges: ${JSON.stringify(keys)}.`
  );
}

/** Computes the next version of a project from its rendered output and records it in the lock. */
export function bumpVersion(
  project: StackProject,
  root = workspaceRoot(),
): { entry: LockEntry; bumped: boolean; changed: string[] } {
  const stack = loadStack(project, root);
  const tree = synthesizeStack(stack).files;
  const lock = readLock(project, root);
  const entry = nextEntry(lock, layerDigests(tree), summarizeStack(stack));
  if (!entry) return { entry: lastEntry(lock)!, bumped: false, changed: [] };
  const problem = unacknowledged(stack, compatibilityReport(project, entry, lock, root));
  if (problem) throw new StackDefinitionError(problem);
  const next: VersionLock = { stack: project.name, releases: [...(lock?.releases ?? []), entry] };
  writeFileAtomically(lockPath(project, root), lockText(next));
  return {
    entry,
    bumped: true,
    changed: lastEntry(lock) ? changedLayers(lastEntry(lock)!.digests, entry.digests) : ['first release'],
  };
}

/** Why the lock of a project does not match its rendered output or its history, as messages (empty: fine). */
export function versionProblems(
  project: StackProject,
  tree: Tree,
  options: { baseRef?: string; root?: string } = {},
): string[] {
  const root = options.root ?? workspaceRoot();
  const lock = readLock(project, root);
  const command = `npm run version -- ${project.root}`;
  if (!lock) return [`${project.name} has no versions.lock.json: run "${command}" and commit it.`];
  const problems = historyProblems(lock);
  const last = lastEntry(lock)!;
  const changed = changedLayers(last.digests, layerDigests(tree));
  if (changed.length > 0) {
    problems.push(
      `${project.name}: the rendered ${changed.join(', ')} changed since ${last.clusterStack} but versions.lock.json was not bumped: run "${command}" and commit it.`,
    );
  }
  if (options.baseRef) {
    const base = lockAtRef(project, options.baseRef, root);
    if (base)
      problems.push(
        ...rewrittenEntries(base, lock).map(
          (p) => `${p}: published versions never change; add a new version instead.`,
        ),
      );
  }
  return problems;
}

function lockAtRef(project: StackProject, ref: string, root: string): VersionLock | undefined {
  try {
    const text = execFileSync('git', ['show', `${ref}:${project.root}/versions.lock.json`], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return JSON.parse(text) as VersionLock;
  } catch {
    return undefined; // the project or its lock is new since the base
  }
}

/** The versions a release of this tree gets: from the lock (stable), or hash mode on request. */
export function releaseVersions(
  project: StackProject,
  tree: Tree,
  mode: 'stable' | 'hash',
  root = workspaceRoot(),
): ReleaseVersions {
  const hashed = hashVersions(tree);
  if (mode === 'hash') return hashed;
  const problems = versionProblems(project, tree, { root });
  if (problems.length > 0)
    throw new StackDefinitionError(
      `${problems.join('\n')}\n(For a development build without a version bump use "--mode hash".)`,
    );
  const last = lastEntry(readLock(project, root))!;
  return {
    ...hashed,
    clusterStack: StackVersion.parseDotted(last.clusterStack),
    clusterAddon: StackVersion.parseDotted(last.clusterAddon),
    nodeImage: StackVersion.parseDotted(last.nodeImage),
  };
}

/** The version problems of several projects, each checked against its fresh synthesis. */
export function checkVersions(projects: readonly StackProject[], baseRef?: string): string[] {
  return projects.flatMap((project) =>
    versionProblems(project, synthesizeStack(loadStack(project)).files, { baseRef }),
  );
}
