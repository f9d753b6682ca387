// The lab's variant of a stack's release: synthesized from the stack definition, with the image
// map applied, versioned as the stack's lock says, written to dist/lab/releases/<tag>/. Shipped
// releases (dist/releases/) are never touched. A patch variant (a real change, version bumped)
// serves the patch-upgrade scenario.
import {
  allProjects,
  buildRelease,
  loadStack,
  releaseVersions,
  writeDirAtomically,
  type ReleaseVersions,
} from '@cluster-stacks/cli';
import { StackVersion, synthesizeStack } from '@cluster-stacks/core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../util/errors';
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

export function buildLabRelease(
  stackProject: string,
  available: readonly { ref: string; origin: 'built' | 'supplied' }[],
  change?: ReleaseChange,
): LabRelease {
  const project = allProjects().find((p) => p.name === stackProject);
  if (project === undefined) {
    throw new LabError(
      `no stack project ${stackProject}; the workspace has: ${allProjects()
        .map((p) => p.name)
        .join(', ')}`,
    );
  }
  const shipped = new Map(synthesizeStack(loadStack(project)).files);
  let versions: ReleaseVersions = releaseVersions(project, shipped, 'stable');
  let files = shipped;
  if (change !== undefined) {
    const text = files.get(change.file);
    if (text === undefined || !text.includes(change.from)) {
      throw new LabError(
        `${stackProject}: cannot make the patch release: ${change.file} has no "${change.from}"`,
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
  const map = planImageMap(referencedImages(files), available);
  const mapped = applyImageMap(files, map);
  const release = buildRelease(mapped.files, versions);
  const dir = join(labReleasesDir(), release.tag);
  writeDirAtomically(dir, release.files);
  mkdirSync(join(labOutputDir(), 'image-maps'), { recursive: true });
  writeFileSync(
    join(labOutputDir(), 'image-maps', `${release.tag}.json`),
    `${JSON.stringify({ release: release.tag, change: change?.description ?? null, imageMap: mapped.applied }, null, 2)}\n`,
  );
  return { tag: release.tag, dir, imageMap: mapped.applied };
}
