// Child processes of the lab: every call names what it ran when it fails.
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { LabError } from './errors';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Text written to the child's standard input. */
  readonly input?: string | Buffer;
  /** Pass the child's output through to this process's stderr (for long builds). */
  readonly stream?: boolean;
  /** File that receives the child's stdout and stderr instead of memory. */
  readonly logFile?: string;
  /** Exit codes that are not failures. @default [0] */
  readonly okCodes?: readonly number[];
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function describe(cmd: string, args: readonly string[]): string {
  const shown = [cmd, ...args].join(' ');
  return shown.length > 200 ? `${shown.slice(0, 197)}...` : shown;
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Runs a command to completion (async), capturing its output. */
export function run(cmd: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    };
    const child = spawn(cmd, [...args], spawnOptions);
    let stdout = '';
    let stderr = '';
    let log: WriteStream | undefined;
    if (options.logFile !== undefined) {
      log = createWriteStream(options.logFile, {
        flags: 'a',
      });
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      if (log) log.write(chunk);
      else stdout += chunk.toString();
      if (options.stream) process.stderr.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (log) log.write(chunk);
      stderr += chunk.toString();
      if (stderr.length > 1_000_000) stderr = stderr.slice(-200_000);
      if (options.stream) process.stderr.write(chunk);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        new LabError(
          err.code === 'ENOENT'
            ? `${cmd} is not installed or not on PATH (needed for: ${describe(cmd, args)})`
            : `${describe(cmd, args)}: ${err.message}`,
        ),
      );
    });
    child.on('close', (code, signal) => {
      log?.end();
      const exit = code ?? 128;
      if ((options.okCodes ?? [0]).includes(exit)) {
        resolvePromise({ code: exit, stdout, stderr });
        return;
      }
      const where = options.logFile !== undefined ? ` (log: ${options.logFile})` : '';
      const why = signal !== null ? `was killed by ${signal}` : `exited with ${exit}`;
      reject(new LabError(`${describe(cmd, args)} ${why}${where}\n${tail(stderr)}`));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/** Runs a short command synchronously; returns undefined when it cannot run or fails. */
export function probe(cmd: string, args: readonly string[]): string | undefined {
  const result = spawnSync(cmd, [...args], { encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined || result.status !== 0) return undefined;
  return result.stdout;
}
