import { spawnSync } from 'node:child_process';

/** The outcome of running a tool. */
export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly command: string;
}

/**
 * The Go garbage collector's target for the tools run here (helm, kubeconform, clusterctl, topology-plan): they
 * are short-lived processes, and with Go's default (100) the largest dry run spent about a fifth of its CPU
 * collecting. 400 took about 15 % off the CPU of a stack's validate run; that dry run's peak memory rose from 77 to
 * 112 MB. A GOGC set by the user wins.
 */
export const TOOL_GOGC = '400';

/** Runs a tool to completion. A tool that cannot start is an error; a non-zero exit is a result. */
export function runTool(
  bin: string,
  args: string[],
  options: { cwd?: string; input?: string } = {},
): ToolRun {
  const result = spawnSync(bin, args, {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GOGC: process.env.GOGC ?? TOOL_GOGC },
  });
  const command = [bin.split('/').pop(), ...args].join(' ');
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message}`);
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr, command };
}

/** Like runTool, but a non-zero exit throws with the tool's output. */
export function runToolOrThrow(
  bin: string,
  args: string[],
  options: { cwd?: string; input?: string } = {},
): string {
  const run = runTool(bin, args, options);
  if (run.status !== 0)
    throw new Error(`${run.command} failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}
