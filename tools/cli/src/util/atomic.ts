// Atomic writes: every file or directory is written to a temporary sibling, flushed to disk and renamed into
// place, so a reader sees the old version or the new one, never a mix, and a killed run loses nothing.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Names of work in progress: `.tmp-<name>-<pid>-<random>` (being written), `.old-…` (being replaced),
 * `.del-…` (being removed). Dot names are never a release, a report or a rendered folder to any reader.
 */
const WORK_NAME = /^\.(tmp|old|del)-(.+)-(\d+)-([0-9a-f]{8})$/;

type WorkKind = 'tmp' | 'old' | 'del';

function workName(kind: WorkKind, target: string): string {
  return path.join(
    path.dirname(target),
    `.${kind}-${path.basename(target)}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncPath(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function writeAndFlush(file: string, content: string | Buffer): void {
  const fd = fs.openSync(file, 'wx');
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } catch (error) {
    // Writes through a descriptor report no path; the message must name the file.
    (error as NodeJS.ErrnoException).path ??= file;
    throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Cleans up after runs that were killed: a `.old-<name>` whose `<name>` is missing is the last complete
 * version and is put back; every other temporary entry of a process that no longer runs is removed.
 * Returns the names it restored or removed. Readers and writers call it before they look at `parent`.
 */
export function recoverInterruptedWrites(parent: string): string[] {
  if (!fs.existsSync(parent)) return [];
  const done: string[] = [];
  const entries = fs.readdirSync(parent).sort();
  for (const kind of ['old', 'tmp', 'del'] as const) {
    for (const entry of entries) {
      const match = WORK_NAME.exec(entry);
      if (!match || match[1] !== kind || alive(Number(match[3]))) continue;
      const full = path.join(parent, entry);
      const target = path.join(parent, match[2]);
      if (kind === 'old' && !fs.existsSync(target)) fs.renameSync(full, target);
      else fs.rmSync(full, { recursive: true, force: true });
      done.push(entry);
    }
  }
  if (done.length > 0) fsyncPath(parent);
  return done;
}

/** Writes one file atomically: a flushed temporary sibling renamed over it. */
export function writeFileAtomically(file: string, content: string | Buffer): void {
  const parent = path.dirname(file);
  fs.mkdirSync(parent, { recursive: true });
  recoverInterruptedWrites(parent);
  const temp = workName('tmp', file);
  try {
    writeAndFlush(temp, content);
    fs.renameSync(temp, file);
    fsyncPath(parent);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function sameTree(dir: string, files: ReadonlyMap<string, string | Buffer>): boolean {
  const actual: string[] = [];
  const walk = (current: string, prefix: string): boolean =>
    fs.readdirSync(current, { withFileTypes: true }).every((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return walk(path.join(current, entry.name), rel);
      actual.push(rel);
      return entry.isFile();
    });
  if (!walk(dir, '') || actual.length !== files.size) return false;
  return actual.every((rel) => {
    const expected = files.get(rel);
    return expected !== undefined && fs.readFileSync(path.join(dir, rel)).equals(Buffer.from(expected));
  });
}

function isDirectory(target: string): boolean {
  return fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory() === true;
}

/**
 * Writes a whole directory or nothing. The files go to a flushed temporary sibling; an existing directory
 * with the same content is kept as it is, and a different one is moved aside and removed only after the
 * new one is in place. Concurrent writers of the same directory each use their own temporary sibling and
 * the last complete one wins. Returns whether the directory changed.
 */
export function writeDirAtomically(target: string, files: ReadonlyMap<string, string | Buffer>): boolean {
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  recoverInterruptedWrites(parent);
  if (isDirectory(target) && sameTree(target, files)) return false;
  const temp = workName('tmp', target);
  fs.mkdirSync(temp);
  try {
    const dirs = new Set<string>([temp]);
    for (const [rel, content] of files) {
      const file = path.join(temp, ...rel.split('/'));
      const dir = path.dirname(file);
      // Each folder is made once, not once per file in it (most of a tree's files share their folder).
      if (!dirs.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        dirs.add(dir);
      }
      writeAndFlush(file, content);
    }
    for (const dir of dirs) fsyncPath(dir);
    for (let attempt = 0; ; attempt++) {
      if (isDirectory(target) && sameTree(target, files)) {
        fs.rmSync(temp, { recursive: true, force: true });
        return false;
      }
      const old = fs.existsSync(target) ? workName('old', target) : undefined;
      try {
        if (old) fs.renameSync(target, old);
        fs.renameSync(temp, target);
      } catch (error) {
        // Another writer moved or replaced the directory in between: keep whichever complete one is there.
        if (old && fs.existsSync(old)) {
          if (fs.existsSync(target)) fs.rmSync(old, { recursive: true, force: true });
          else fs.renameSync(old, target);
        }
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt < 10 && ['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(code ?? '')) continue;
        throw error;
      }
      fsyncPath(parent);
      if (old) fs.rmSync(old, { recursive: true, force: true });
      return true;
    }
  } catch (error) {
    fs.rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Removes a directory so that no reader ever sees it half-removed: it is renamed aside first. */
export function removeDirAtomically(target: string): void {
  if (!fs.existsSync(target)) return;
  const trash = workName('del', target);
  fs.renameSync(target, trash);
  fsyncPath(path.dirname(target));
  fs.rmSync(trash, { recursive: true, force: true });
}
