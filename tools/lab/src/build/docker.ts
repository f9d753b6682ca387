// Docker operations of the lab's builds: images from a build context, archives, labels.
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probe, run } from '../util/exec';

/** Label every lab image carries: the cache key of the component that made it. */
export const KEY_LABEL = 'io.cluster-stacks.lab.key';
/** Label on every container, network and volume the lab creates, for `down`. */
export const OWNER_LABEL = 'io.cluster-stacks.lab';

const legacyBuilder = { ...process.env, DOCKER_BUILDKIT: '0' };

export interface ImageSpec {
  /** References to tag the image with. */
  readonly tags: readonly string[];
  /** Dockerfile text; files are copied from the context folder. */
  readonly dockerfile: string;
  /** Files of the context, by path relative to the context: source file to copy, or text. */
  readonly files: Readonly<
    Record<
      string,
      { readonly copy: string; readonly mode?: number } | { readonly text: string; readonly mode?: number }
    >
  >;
}

/** Builds an image from a generated context with the classic builder (no network, FROM scratch or a lab image). */
export async function buildImage(
  spec: ImageSpec,
  contextDir: string,
  key: string,
  logFile: string,
): Promise<string> {
  mkdirSync(contextDir, { recursive: true });
  for (const [rel, src] of Object.entries(spec.files)) {
    const dest = join(contextDir, rel);
    mkdirSync(join(dest, '..'), { recursive: true });
    if ('copy' in src) copyFileSync(src.copy, dest);
    else writeFileSync(dest, src.text);
    if (src.mode !== undefined) chmodSync(dest, src.mode);
  }
  writeFileSync(join(contextDir, 'Dockerfile'), `${spec.dockerfile}\nLABEL ${KEY_LABEL}=${key}\n`);
  const tags = spec.tags.flatMap((t) => ['-t', t]);
  await run('docker', ['build', '--network', 'none', '-q', ...tags, contextDir], {
    env: legacyBuilder,
    logFile,
  });
  return imageId(spec.tags[0]!)!;
}

/** The id of a local image, or undefined when there is none. */
export function imageId(ref: string): string | undefined {
  return probe('docker', ['image', 'inspect', '--format', '{{.Id}}', ref])?.trim() || undefined;
}

/** The lab key label of a local image. */
export function imageKey(ref: string): string | undefined {
  return (
    probe('docker', [
      'image',
      'inspect',
      '--format',
      `{{index .Config.Labels "${KEY_LABEL}"}}`,
      ref,
    ])?.trim() || undefined
  );
}

export async function saveImages(refs: readonly string[], file: string): Promise<void> {
  await run('docker', ['save', '-o', file, ...refs]);
}
