// The lab's variant of a stack's release: synthesized from the stack definition, with the image
// map applied, versioned as the stack's lock says, written to dist/lab/releases/<tag>/. Shipped
// releases (dist/releases/) are never touched. A patch variant (a real change, version bumped)
// serves the patch-upgrade scenario.
import {
  allProjects,
  buildRelease,
  hashVersions,
  loadStack,
  releaseVersions,
  writeDirAtomically,
  type ReleaseVersions,
} from '@cluster-stacks/cli';
import { StackVersion, synthesizeStack } from '@cluster-stacks/core';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError, LabUsageError } from '../util/errors';
import { labOutputDir } from '../util/paths';
import { applyImageMap, planImageMap, referencedImages, type AppliedEntry } from './image-map';

export interface LabRelease {
  readonly tag: string;
  readonly dir: string;
  readonly imageMap: readonly AppliedEntry[];
}

/** A change to the synthesized files, for a patch release made by a scenario. */
export interface ReleaseChange {
  readonly description: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

export function labReleasesDir(): string {
  return join(labOutputDir(), 'releases');
}

type AvailableImages = readonly { ref: string; origin: 'built' | 'supplied' }[];

function stackProject(name: string) {
  const project = allProjects().find((p) => p.name === name);
  if (project === undefined) {
    throw new LabError(
      `no stack project ${name}; the workspace has: ${allProjects()
        .map((p) => p.name)
        .join(', ')}`,
    );
  }
  return project;
}

export function buildLabRelease(
  stackProjectName: string,
  available: AvailableImages,
  change?: ReleaseChange,
): LabRelease {
  const project = stackProject(stackProjectName);
  const shipped = new Map(synthesizeStack(loadStack(project)).files);
  let versions: ReleaseVersions = releaseVersions(project, shipped, 'stable');
  let files = shipped;
  if (change !== undefined) {
    const text = files.get(change.file);
    if (text === undefined || !text.includes(change.from)) {
      throw new LabError(
        `${stackProjectName}: cannot make the patch release: ${change.file} has no "${change.from}"`,
      );
    }
    files = new Map(files).set(change.file, text.replace(change.from, change.to));
    const next = StackVersion.stable(Number(versions.clusterStack.dotted.replace(/^v/, '')) + 1);
    versions = {
      ...versions,
      clusterStack: next,
      clusterAddon: change.file.startsWith('cluster-addon/') ? next : versions.clusterAddon,
    };
  }
  return writeLabRelease(files, versions, change?.description ?? null, available);
}

/**
 * Refuses a revision that names no commit of this repository, before the lab spends minutes on its world: the
 * upgrade-from scenario reads the stack's committed release there.
 */
export function checkRevision(rev: string): void {
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new LabUsageError(
      `--from-rev ${rev} names no commit of this repository; give the commit of the earlier release, for example one that \`git log --oneline -- providers/<provider>/<stack>/<minor>/versions.lock.json\` lists`,
    );
}

/**
 * The lab's variant of the release a stack had at a git revision, from what the repository committed then:
 * the rendered output (the synthesized files) and the last version of its lock. This is the release that
 * Clusters created before the current version run, for the upgrade-from scenario.
 */
export function buildLabReleaseAt(
  stackProjectName: string,
  rev: string,
  available: AvailableImages,
): LabRelease {
  const project = stackProject(stackProjectName);
  const git = (args: string[]) => {
    const r = spawnSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.status === 0) return r.stdout;
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
    throw new LabError(`${stackProjectName} at ${rev}: git ${args[0]} failed (${why})`);
  };
  const rendered = `${project.root}/rendered/`;
  const paths = git(['ls-tree', '-r', '--name-only', rev, '--', rendered])
    .split('\n')
    .filter((p) => p !== '');
  if (paths.length === 0) throw new LabError(`${stackProjectName} has no rendered output at ${rev}`);
  const files = new Map(paths.map((p) => [p.slice(rendered.length), git(['show', `${rev}:${p}`])]));
  const lock = JSON.parse(git(['show', `${rev}:${project.root}/versions.lock.json`])) as {
    releases: { clusterStack: string; clusterAddon: string; nodeImage: string }[];
  };
  const last = lock.releases[lock.releases.length - 1];
  if (last === undefined) throw new LabError(`${stackProjectName} has no released version at ${rev}`);
  const versions: ReleaseVersions = {
    ...hashVersions(files),
    clusterStack: StackVersion.parseDotted(last.clusterStack),
    clusterAddon: StackVersion.parseDotted(last.clusterAddon),
    nodeImage: StackVersion.parseDotted(last.nodeImage),
  };
  return writeLabRelease(files, versions, `the release at ${rev}`, available);
}

function writeLabRelease(
  files: ReadonlyMap<string, string>,
  versions: ReleaseVersions,
  change: string | null,
  available: AvailableImages,
): LabRelease {
  const map = planImageMap(referencedImages(files), available);
  const mapped = applyImageMap(files, map);
  const release = buildRelease(mapped.files, versions);
  const dir = join(labReleasesDir(), release.tag);
  writeDirAtomically(dir, release.files);
  mkdirSync(join(labOutputDir(), 'image-maps'), { recursive: true });
  writeFileSync(
    join(labOutputDir(), 'image-maps', `${release.tag}.json`),
    `${JSON.stringify({ release: release.tag, change, imageMap: mapped.applied }, null, 2)}\n`,
  );
  return { tag: release.tag, dir, imageMap: mapped.applied };
}
