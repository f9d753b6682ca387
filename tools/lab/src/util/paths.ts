// Where the lab keeps what it builds: a cache outside the clone, shared by every clone of the
// project on the machine and keyed by pins, and per-run output under the clone's dist/lab/.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '@cluster-stacks/toolchain';

/** The cache root: $CS_LAB_CACHE, else $XDG_CACHE_HOME/cluster-stacks-lab, else ~/.cache/cluster-stacks-lab. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CS_LAB_CACHE) return resolve(env.CS_LAB_CACHE);
  return join(
    env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache'),
    'cluster-stacks-lab',
  );
}

/** dist/lab/ in the clone: provenance, kubeconfigs, reports. */
export function labOutputDir(): string {
  return join(repoRoot(), 'dist', 'lab');
}

/** The lab's own sources in the clone (scripts, the runc shim). */
export function labSourceDir(): string {
  return join(repoRoot(), 'tools', 'lab');
}
