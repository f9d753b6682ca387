import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandError } from '../util/errors';

/** A command line to time: the program, its arguments and the folder it runs in. */
export interface Command {
  readonly program: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The environment every timed command runs in: Nx without its daemon and terminal UI, with its cache and
 * workspace data inside the checkout (so that resetting the cache touches no other checkout), the workspace's
 * bins first.
 */
export function benchEnv(root: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    NX_NO_CLOUD: 'true',
    NX_CACHE_DIRECTORY: path.join(root, '.nx', 'cache'),
    NX_WORKSPACE_DATA_DIRECTORY: path.join(root, '.nx', 'workspace-data'),
    ...extra,
  };
}

/** Runs a command to completion and returns its wall time in milliseconds; a failure names the command. */
export function timeCommand(command: Command): number {
  const start = performance.now();
  const result = spawnSync(command.program, command.args, {
    cwd: command.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: benchEnv(command.cwd, command.env),
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = performance.now() - start;
  if (result.status !== 0) {
    const shown = [command.program, ...command.args].join(' ');
    const tail = (result.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
    throw new CommandError(
      `bench: "${shown}" failed in ${command.cwd} (exit ${result.status ?? result.signal}); run it by hand to see why:\n  ${tail}`,
    );
  }
  return wall;
}

/** Times a command `runs` times, calling `before` ahead of each run (not timed). */
export function timeRuns(runs: number, command: Command, before: () => void = () => undefined): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    times.push(timeCommand(command));
  }
  return times;
}
