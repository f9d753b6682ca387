import * as path from 'node:path';
import { packageProject } from '../commands';
import { StackProject } from '../project';
import { workspaceRoot, writeFileAtomically } from '../util/files';
import { compatibilityReport, readLock } from './commands';
import { releaseNotes } from './notes';

/**
 * Builds a project's release from its version lock and writes its release notes (changes per layer since
 * the previous version, upgrade compatibility) to `dist/release-notes/<tag>.md`, outside the release
 * directory so the published artifact holds exactly CSO's files.
 */
export function writeRelease(
  project: StackProject,
  vendored: ReadonlyMap<string, Buffer> = new Map(),
  root = workspaceRoot(),
): string {
  const release = packageProject(project, 'stable', vendored);
  const lock = readLock(project, root)!;
  const entry = lock.releases[lock.releases.length - 1];
  const previous = lock.releases[lock.releases.length - 2];
  const earlier = previous ? { ...lock, releases: lock.releases.slice(0, -1) } : undefined;
  const notes = releaseNotes(
    release.tag,
    entry,
    previous,
    compatibilityReport(project, entry, earlier, root),
  );
  const file = path.join(root, 'dist', 'release-notes', `${release.tag}.md`);
  writeFileAtomically(file, notes);
  return `${project.name}: dist/releases/${release.tag}, notes in dist/release-notes/${release.tag}.md`;
}
