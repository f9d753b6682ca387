// Images an operator supplies as archives, for components whose source is not served here
// (kindnet, kubelet-csr-approver, the Cluster Stack Operator). Each archive is loaded into the
// engine as it is; the image map then points the lab's release at the loaded references.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { imageId, saveImages } from '../build/docker';
import { sha256File } from '../build/cache';
import type { Component } from '../build/component';
import { LabError, LabUsageError } from '../util/errors';
import { run } from '../util/exec';

/** Archive files of a supplied folder (docker save tars), sorted. */
export function suppliedArchives(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new LabUsageError(`--supplied ${dir}: not a folder; give a folder of image archives (docker save)`);
  }
  return readdirSync(dir)
    .filter((f) => /\.(tar|tar\.gz|tgz)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** References named by `docker load` output lines ("Loaded image: ref"). */
export function loadedReferences(output: string): string[] {
  return output
    .split('\n')
    .map((l) => /^Loaded image: (\S+)$/.exec(l.trim())?.[1])
    .filter((r): r is string => r !== undefined);
}

export function suppliedImages(archives: readonly string[]): Component {
  const digests = Object.fromEntries(archives.map((a) => [a.split('/').pop()!, sha256File(a)]));
  return {
    id: 'supplied-images',
    kind: 'image',
    title: `supplied image archives (${archives.length})`,
    recipe: 1,
    pins: [],
    files: [],
    deps: [],
    // The archives' digests key the entry: a changed archive is loaded again.
    extraInputs: digests,
    async build(ctx) {
      const images: Record<string, string> = {};
      for (const archive of archives) {
        const { stdout } = await run('docker', ['load', '-i', archive], { logFile: undefined });
        const refs = loadedReferences(stdout);
        if (refs.length === 0) {
          throw new LabError(
            `${archive}: docker load named no tagged image; supply an archive made by "docker save <repository>:<tag>"`,
          );
        }
        for (const ref of refs) images[ref] = imageId(ref)!;
      }
      if (Object.keys(images).length > 0) await saveImages(Object.keys(images), join(ctx.out, 'image.tar'));
      return {
        images,
        sources: Object.entries(digests).map(([name, sha]) => `supplied:${name} sha256:${sha}`),
      };
    },
  };
}
