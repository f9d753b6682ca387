import { ClusterStack, synthesizeStack } from '@cluster-stacks/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRelease, Release } from './package/release';
import { loadStack, outputPaths, StackProject } from './project';
import { releaseVersions } from './versioning/commands';
import {
  readTree,
  recoverInterruptedWrites,
  removeDirAtomically,
  writeDirAtomically,
  writeFileAtomically,
} from './util/files';
import { CommandError } from './util/errors';

/** Synthesizes a project into `dist/synth/<project>/`. */
export function synth(project: StackProject): Map<string, string> {
  const stack = loadStack(project);
  const files = new Map(synthesizeStack(stack).files);
  writeDirAtomically(outputPaths(project).synth, files);
  return files;
}

/** Writes the project's committed rendered output (`providers/…/rendered/`) from its synthesized stack. */
export function updateRendered(project: StackProject): void {
  const tree = readTree(outputPaths(project).synth);
  writeDirAtomically(outputPaths(project).rendered, tree);
}

/**
 * Packages `dist/synth/<project>/` into `dist/releases/<tag>/`, replacing any earlier release of the same
 * project, and records the tag in `dist/packaged/<project>.json`.
 */
export function packageProject(
  project: StackProject,
  mode: 'stable' | 'hash' = 'stable',
  vendored: ReadonlyMap<string, Buffer> = new Map(),
): Release {
  const paths = outputPaths(project);
  if (!fs.existsSync(paths.synth))
    throw new CommandError(`${paths.synth} does not exist: run the synth target first`);
  recoverInterruptedWrites(path.dirname(paths.synth));
  const tree = readTree(paths.synth);
  // Versions come from the synthesized sources; vendored upstream charts are pinned by digest in them.
  const release = buildRelease(new Map([...tree, ...vendored]), releaseVersions(project, tree, mode));
  const releaseDir = path.join(paths.releases, release.tag);
  // The new release is complete on disk before the record points at it and before older ones go.
  writeDirAtomically(releaseDir, release.files);
  writeFileAtomically(
    paths.packaged,
    JSON.stringify(
      {
        tag: release.tag,
        clusterClass: release.names.clusterClassName(release.versions.clusterStack),
        versions: {
          clusterStack: release.versions.clusterStack.dotted,
          clusterAddon: release.versions.clusterAddon.dotted,
          nodeImage: release.versions.nodeImage.dotted,
        },
      },
      null,
      2,
    ) + '\n',
  );
  for (const stale of fs.readdirSync(paths.releases)) {
    if (stale !== release.tag && stale.startsWith(`${project.name}-v`))
      removeDirAtomically(path.join(paths.releases, stale));
  }
  return release;
}

/**
 * Synthesizes and packages a stack in memory and writes the release to a new temporary directory
 * (`<tmp>/<tag>`), for tests that need a real release without touching dist/.
 */
export function releaseInTempDir(stack: ClusterStack): {
  dir: string;
  release: Release;
  cleanup: () => void;
} {
  // Hash mode: tests release whatever the stack is now, without touching its version lock.
  const release = buildRelease(new Map(synthesizeStack(stack).files));
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'release-'));
  const dir = path.join(parent, release.tag);
  writeDirAtomically(dir, release.files);
  return { dir, release, cleanup: () => fs.rmSync(parent, { recursive: true, force: true }) };
}
