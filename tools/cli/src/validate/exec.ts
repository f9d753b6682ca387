import { spawnSync } from 'node:child_process';

/** The outcome of running a tool. */
export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly command: string;
}

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
