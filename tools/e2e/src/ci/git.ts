import { execFileSync } from 'node:child_process';

/** Runs git in the workspace and returns its stdout. */
export function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Whether `ref` names a commit this clone has (a force-pushed or shallow-cut base may not be there). */
export function hasCommit(ref: string, cwd: string): boolean {
  try {
    git(['cat-file', '-e', `${ref}^{commit}`], cwd);
    return true;
  } catch (_error) {
    return false;
  }
}
