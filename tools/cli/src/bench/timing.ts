import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
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

/** One run of a command: its wall time and, where GNU time is installed, its CPU time (user + system), in ms. */
export interface Sample {
  readonly wall: number;
  readonly cpu?: number;
}

/** GNU time, which reports a command's CPU time including its children's; the CPU column is empty without it. */
const GNU_TIME = '/usr/bin/time';

/** Runs a command to completion and returns its wall (and CPU) time; a failure names the command. */
export function timeCommand(command: Command): Sample {
  const cpuFile = fs.existsSync(GNU_TIME)
    ? path.join(os.tmpdir(), `bench-cpu-${process.pid}-${Date.now()}.txt`)
    : undefined;
  const [program, args] = cpuFile
    ? [GNU_TIME, ['-f', '%U %S', '-o', cpuFile, command.program, ...command.args]]
    : [command.program, [...command.args]];
  const start = performance.now();
  const result = spawnSync(program, args, {
    cwd: command.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: benchEnv(command.cwd, command.env),
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = performance.now() - start;
  const cpu = cpuFile ? cpuSeconds(cpuFile) : undefined;
  if (result.status !== 0) {
    const shown = [command.program, ...command.args].join(' ');
    const tail = (result.stderr ?? '').trim().split('\n').slice(-5).join('\n  ');
    throw new CommandError(
      `bench: "${shown}" failed in ${command.cwd} (exit ${result.status ?? result.signal}); run it by hand to see why:\n  ${tail}`,
    );
  }
  return { wall, cpu: cpu === undefined ? undefined : cpu * 1000 };
}

/** User plus system seconds from GNU time's output file (`%U %S` on its last line), which it then removes. */
function cpuSeconds(file: string): number | undefined {
  try {
    const last = fs.readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
    const [user, system] = last.split(' ').map(Number);
    return Number.isFinite(user) && Number.isFinite(system) ? user + system : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Times a command `runs` times, calling `before` ahead of each run (not timed). */
export function timeRuns(runs: number, command: Command, before: () => void = () => undefined): Sample[] {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    before();
    samples.push(timeCommand(command));
  }
  return samples;
}
