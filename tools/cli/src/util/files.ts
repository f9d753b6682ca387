import * as fs from 'node:fs';
import * as path from 'node:path';

export {
  recoverInterruptedWrites,
  removeDirAtomically,
  writeDirAtomically,
  writeFileAtomically,
} from './atomic';

/** Every regular file below a directory as `/`-separated relative paths, sorted bytewise. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (current: string, prefix: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(current, entry.name), rel);
      else if (entry.isFile()) out.push(rel);
      else
        throw new Error(
          `${path.join(current, entry.name)}: only regular files and directories are allowed in a stack`,
        );
    }
  };
  walk(dir, '');
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Reads a directory into a map of relative path → content. */
export function readTree(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((rel) => [rel, fs.readFileSync(path.join(dir, rel))]));
}

/** The workspace root: the nearest ancestor with nx.json. */
export function workspaceRoot(from = __dirname): string {
  let dir = path.resolve(from);
  while (!fs.existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the workspace root (no nx.json above the current directory)');
    dir = parent;
  }
  return dir;
}
