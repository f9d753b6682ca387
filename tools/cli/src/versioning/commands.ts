import { ClusterStack, StackDefinitionError, StackVersion, synthesizeStack } from '@cluster-stacks/core';
import { spawnSync } from 'node:child_process';
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
import { LockSource, parseLock } from './lock-schema';
import { CommandError } from '../util/errors';

type Tree = ReadonlyMap<string, string | Buffer>;

/** The lock file of a project. */
export function lockPath(project: StackProject, root = workspaceRoot()): string {
  return path.join(root, project.root, 'versions.lock.json');
}

/** How messages name a project's lock, and what fixes it. */
export function lockSource(project: StackProject, root = workspaceRoot()): LockSource {
  const file = path.relative(root, lockPath(project, root));
  return {
    file,
    project: project.name,
    minor: project.minor,
    restore: `git checkout HEAD -- ${file}`,
    version: `npm run version -- ${project.root}`,
  };
}

/** The project's lock, checked against the lock schema; undefined when the project has none yet. */
export function readLock(project: StackProject, root = workspaceRoot()): VersionLock | undefined {
  const file = lockPath(project, root);
  return fs.existsSync(file)
    ? parseLock(fs.readFileSync(file, 'utf8'), lockSource(project, root))
    : undefined;
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
  const edited = lock ? editedEntries(project, lock, root) : [];
  if (edited.length > 0) throw new StackDefinitionError(edited.join('\n'));
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
  // Released entries are compared with the committed lock first: an edited entry is reported as an edit, not
  // as a history that breaks the bump rules and not as a reason to bump.
  const edited = editedEntries(project, lock, root);
  const problems = edited.length > 0 ? edited : historyProblems(lock);
  const last = lastEntry(lock)!;
  const changed = changedLayers(last.digests, layerDigests(tree));
  if (changed.length > 0 && edited.length === 0) {
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

/** Entries of the lock that differ from the committed lock: released versions never change. */
export function editedEntries(project: StackProject, lock: VersionLock, root = workspaceRoot()): string[] {
  const committed = lockAtRef(project, 'HEAD', root);
  const { file, restore } = lockSource(project, root);
  return (committed ? rewrittenEntries(committed, lock) : []).map(
    (p) =>
      `${p} (compared with the committed ${file}): published versions never change; restore it: ${restore}.`,
  );
}

function git(args: string[], root: string): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { ok: result.status === 0, out: result.stdout ?? '', err: (result.stderr ?? '').trim() };
}

/** Throws a usage error unless `ref` names a commit of the repository. */
export function checkRef(ref: string, root = workspaceRoot()): void {
  const resolved = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  if (!resolved.ok)
    throw new CommandError(
      `--base ${ref}: no such commit in this repository; fetch it (e.g. "git fetch origin ${ref}") or pass an existing branch, tag or commit`,
    );
}

/**
 * The project's lock at a commit; undefined when the commit has none (a new project), the commit does not exist
 * or there is no repository. One git process, since every build of a stack asks (it was three: 0.24 s of a cold
 * build of the 8 stacks).
 */
function lockAtRef(project: StackProject, ref: string, root: string): VersionLock | undefined {
  const at = git(['cat-file', 'blob', `${ref}^{commit}:${project.root}/versions.lock.json`], root);
  if (!at.ok) return undefined;
  const source = lockSource(project, root);
  return parseLock(at.out, { ...source, file: `${source.file} at ${ref}` });
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
  if (baseRef !== undefined) checkRef(baseRef);
  return projects.flatMap((project) =>
    versionProblems(project, synthesizeStack(loadStack(project)).files, { baseRef }),
  );
}
