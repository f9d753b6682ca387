// Test support for the fault cases: file systems that fail, and what a killed build may leave behind.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sameContent } from './sandbox';

/** Runs `mount`; returns why it failed, or undefined when it worked. */
export function mount(...args: string[]): string | undefined {
  const result = spawnSync('mount', args, { encoding: 'utf8' });
  return result.status === 0 ? undefined : (result.stderr || result.error?.message || 'mount failed').trim();
}

export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

/** Makes `dir` read-only with a read-only bind mount of itself; returns why it could not, or undefined. */
export function makeReadOnly(dir: string): string | undefined {
  return mount('--bind', dir, dir) ?? mount('-o', 'remount,ro,bind', dir);
}

/** The files of a directory by name → content (top level only: releases are flat). */
export function filesOf(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

export function sameFiles(a: ReadonlyMap<string, Buffer>, b: ReadonlyMap<string, Buffer>): boolean {
  return a.size === b.size && [...a].every(([name, content]) => sameContent(b.get(name), content));
}
