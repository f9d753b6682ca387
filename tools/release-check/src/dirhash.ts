import { createHash } from 'node:crypto';

function sha256Hex(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Go's `dirhash.Hash1` (the "h1:" hash csctl uses): sha256 over the sorted lines `<sha256 hex>  <path>\n`,
 * base64-encoded, computed over files given as relative `/` paths.
 */
export function hash1(files: ReadonlyMap<string, Buffer | string>): string {
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const summary = names.map((name) => `${sha256Hex(files.get(name)!)}  ${name}\n`).join('');
  return 'h1:' + createHash('sha256').update(summary).digest('base64');
}

/** csctl's `clean()`: strip `h1:`, drop `/`, `=` and `+`, lower-case. */
export function cleanHash(h1: string): string {
  return h1.replace(/^h1:/, '').replace(/[/=+]/g, '').toLowerCase();
}

/** The files below a prefix (`cluster-addon/`), re-rooted at it. */
export function subtree(
  files: ReadonlyMap<string, Buffer | string>,
  prefix: string,
): Map<string, Buffer | string> {
  const out = new Map<string, Buffer | string>();
  for (const [name, content] of files)
    if (name.startsWith(prefix)) out.set(name.slice(prefix.length), content);
  return out;
}
