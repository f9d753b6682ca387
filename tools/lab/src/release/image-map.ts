// The lab's image map: which lab image stands in for each image a release references.
//
// Releases pin upstream images, some by digest, and a local build can never have an upstream
// digest. So the lab builds its own variant of a release, with every upstream reference replaced
// by the lab image that serves it. The map is applied to the synthesized files of the lab's
// variant only (shipped releases never see it) and is recorded in the lab's report.
import { LabError } from '../util/errors';

export interface ImageMapEntry {
  /** The reference as the release writes it. */
  readonly upstream: string;
  /** The lab image that serves it. */
  readonly lab: string;
  /** How the lab image was made. */
  readonly origin: 'built' | 'supplied';
}

export interface AppliedEntry extends ImageMapEntry {
  /** Replacements made in the release's files. */
  readonly occurrences: number;
}

interface Reference {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits an image reference into repository, tag and digest. */
export function parseReference(ref: string): Reference {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const colon = name.lastIndexOf(':');
  const hasTag = colon > name.lastIndexOf('/');
  return {
    repository: hasTag ? name.slice(0, colon) : name,
    tag: hasTag ? name.slice(colon + 1) : undefined,
    digest,
  };
}

/** docker.io/library/x and x are one repository; so are docker.io/a/b and a/b. */
export function normalRepository(repository: string): string {
  return repository.replace(/^docker\.io\//, '').replace(/^library\//, '');
}

/** Every image reference a release's files name: `image:` fields and the node-image layer. */
export function referencedImages(files: ReadonlyMap<string, string>): string[] {
  const refs = new Set<string>();
  for (const [path, text] of files) {
    if (!path.endsWith('.yaml') && !path.endsWith('.yml')) continue;
    for (const m of text.matchAll(/^\s*(?:-\s+)?image:\s*["']?([^"'\s{}]+)["']?\s*$/gm)) refs.add(m[1]!);
  }
  return [...refs].sort();
}

/**
 * Chooses the lab image for each referenced image: a lab image of the same repository name
 * (last path element) and tag. An image with no lab counterpart is an error that names it and
 * says how to supply it.
 */
export function planImageMap(
  referenced: readonly string[],
  available: readonly { ref: string; origin: 'built' | 'supplied' }[],
): ImageMapEntry[] {
  const missing: string[] = [];
  const entries: ImageMapEntry[] = [];
  for (const upstream of referenced) {
    const u = parseReference(upstream);
    const uName = normalRepository(u.repository).split('/').pop();
    const candidates = available.filter((a) => {
      const r = parseReference(a.ref);
      return (
        r.tag === u.tag &&
        (normalRepository(r.repository) === normalRepository(u.repository) ||
          normalRepository(r.repository).split('/').pop() === uName)
      );
    });
    const exact = candidates.find(
      (c) => normalRepository(parseReference(c.ref).repository) === normalRepository(u.repository),
    );
    const chosen = exact ?? candidates[0];
    if (chosen === undefined) missing.push(upstream);
    else if (chosen.ref !== upstream) entries.push({ upstream, lab: chosen.ref, origin: chosen.origin });
  }
  if (missing.length > 0) {
    throw new LabError(
      `no lab image for ${missing.join(', ')}: build it, or supply an archive made with "docker save <repository>:<tag>" in --supplied`,
    );
  }
  return entries;
}

function countAndReplace(text: string, from: string, to: string): [string, number] {
  if (from === '' || from === to) return [text, 0];
  const parts = text.split(from);
  return [parts.join(to), parts.length - 1];
}

/**
 * Applies the map to a release's synthesized files. Besides whole references it rewrites the two
 * pieces a ClusterClass may compose a node image from: the `tag@digest` part and a variable whose
 * default is the repository alone. Every entry must apply at least once: a map entry that matches
 * nothing means the map and the release disagree.
 */
export function applyImageMap(
  files: ReadonlyMap<string, string>,
  entries: readonly ImageMapEntry[],
): { files: Map<string, string>; applied: AppliedEntry[] } {
  const out = new Map(files);
  const applied: AppliedEntry[] = [];
  for (const entry of entries) {
    const u = parseReference(entry.upstream);
    const l = parseReference(entry.lab);
    let occurrences = 0;
    for (const [path, original] of out) {
      let text = original;
      let n: number;
      [text, n] = countAndReplace(text, entry.upstream, entry.lab);
      occurrences += n;
      if (u.digest !== undefined && u.tag !== undefined) {
        [text, n] = countAndReplace(text, `${u.tag}@${u.digest}`, l.tag ?? u.tag);
        occurrences += n;
      }
      if (u.repository !== l.repository) {
        const scalar = new RegExp(
          `(:\\s+["']?)${u.repository.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(["']?\\s*)$`,
          'gm',
        );
        text = text.replace(scalar, (_m, a: string, b: string) => {
          occurrences += 1;
          return `${a}${l.repository}${b}`;
        });
      }
      out.set(path, text);
    }
    if (occurrences === 0)
      throw new LabError(`image map entry ${entry.upstream} → ${entry.lab} matches nothing in the release`);
    applied.push({ ...entry, occurrences });
  }
  return { files: out, applied };
}
