// Test support: a clone of the committed workspace that the bad-input suite may break and restore at will.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cloneForBuild } from '../reproducibility';
import { workspaceRoot } from '../util/files';

/** What a command printed and how it ended. */
export interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The command lines of the workspace, by the name of their npm script: the file node runs (compiled command
 * lines through tools/cli/bin) and the arguments before the user's.
 */
const ENTRY_POINTS: Readonly<Record<string, { file: string; args: readonly string[] }>> = {
  cs: { file: 'tools/cli/bin/cs.cjs', args: [] },
  docs: { file: 'tools/cli/bin/run.cjs', args: ['docs'] },
  bench: { file: 'tools/cli/bin/run.cjs', args: ['bench'] },
  publish: { file: 'tools/cli/bin/run.cjs', args: ['publish'] },
};

/** Files of the workspace that a run may change, by relative path → content (dependencies and git excluded). */
export type Snapshot = Map<string, Buffer>;

const SKIPPED = new Set(['node_modules', '.git', '.tools', '.nx']);
/** The compiled tools, a cache of the sources (tools/cli/bin), kept across cases and never compared. */
const COMPILED = 'dist/tools';

export class Sandbox {
  public static create(): Sandbox {
    const clone = cloneForBuild('HEAD', workspaceRoot());
    fs.symlinkSync(path.join(workspaceRoot(), '.tools'), path.join(clone.dir, '.tools'));
    return new Sandbox(clone.dir, clone.cleanup);
  }

  private baseline: Snapshot;
  private readonly contents = new FileContents();

  private constructor(
    public readonly dir: string,
    public readonly cleanup: () => void,
  ) {
    this.baseline = this.snapshot();
  }

  public path(...parts: string[]): string {
    return path.join(this.dir, ...parts);
  }

  public write(rel: string, content: string | Buffer): void {
    fs.mkdirSync(path.dirname(this.path(rel)), { recursive: true });
    fs.writeFileSync(this.path(rel), content);
  }

  public read(rel: string): string {
    return fs.readFileSync(this.path(rel), 'utf8');
  }

  /** Every file below the workspace (or below `under`), dependencies and git excluded. */
  public snapshot(under = ''): Snapshot {
    const out: Snapshot = new Map();
    const walk = (rel: string) => {
      for (const entry of fs.readdirSync(this.path(rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if ((SKIPPED.has(entry.name) && rel === '') || child === COMPILED) continue;
        if (entry.isDirectory()) walk(child);
        else out.set(child, this.contents.read(this.path(child)));
      }
    };
    if (fs.existsSync(this.path(under))) walk(under);
    return out;
  }

  /** Makes the current state the one {@link restore} returns to. */
  public keep(): void {
    this.baseline = this.snapshot();
  }

  /** Puts the workspace back as it was at creation or the last {@link keep}. */
  public restore(): void {
    const now = this.snapshot();
    for (const [rel, content] of this.baseline)
      if (!sameContent(now.get(rel), content)) this.write(rel, content);
    for (const rel of now.keys()) if (!this.baseline.has(rel)) fs.rmSync(this.path(rel), { force: true });
    removeEmptyDirs(this.dir, this.path(COMPILED));
  }

  private argv(tool: string, args: readonly string[]): string[] {
    const entry = ENTRY_POINTS[tool];
    if (!entry) throw new Error(`no command line named ${tool}`);
    return [this.path(entry.file), ...entry.args, ...args];
  }

  /** Runs one of the workspace's command lines in the sandbox. */
  public run(tool: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Outcome {
    const result = spawnSync(process.execPath, this.argv(tool, args), {
      cwd: this.dir,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    return {
      code: result.status,
      signal: result.signal,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  }

  /** Starts a command line and kills it with SIGKILL after `delayMs`, or lets it finish. */
  public runAndKill(tool: string, args: readonly string[], delayMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, this.argv(tool, args), { cwd: this.dir, stdio: 'pipe' });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, stdout, stderr });
      });
    });
  }

  /** Runs a command line without waiting, for concurrent runs. */
  public runAsync(tool: string, args: readonly string[]): Promise<Outcome> {
    return this.runAndKill(tool, args, 24 * 3600 * 1000);
  }
}

/** True when both are there with the same bytes (the same buffer when the file was not read again). */
export function sameContent(a: Buffer | undefined, b: Buffer | undefined): boolean {
  return a !== undefined && b !== undefined && (a === b || a.equals(b));
}

/**
 * File contents by path, read again only when a file may have changed: a snapshot of the workspace is taken three
 * times per case, and most of its thousand files never change. A file's earlier read is reused while its size,
 * inode, modification and change times are the same, and only when it was last modified at least a second
 * before that read: file times tick coarsely, so a file written again within the same tick as the read keeps its
 * times, while any write after that second moves them.
 */
class FileContents {
  private readonly known = new Map<string, { stamp: string; content: Buffer }>();

  public read(file: string): Buffer {
    const readAt = Date.now();
    const stat = fs.statSync(file);
    const stamp = `${stat.size}:${stat.ino}:${stat.mtimeMs}:${stat.ctimeMs}`;
    const earlier = this.known.get(file);
    if (earlier?.stamp === stamp) return earlier.content;
    const content = fs.readFileSync(file);
    if (Math.max(stat.mtimeMs, stat.ctimeMs) < readAt - 1000) this.known.set(file, { stamp, content });
    else this.known.delete(file);
    return content;
  }
}

function removeEmptyDirs(dir: string, kept: string): boolean {
  let empty = true;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || path.join(dir, entry.name) === kept) {
      empty = false;
      continue;
    }
    if (entry.isDirectory() && removeEmptyDirs(path.join(dir, entry.name), kept))
      fs.rmdirSync(path.join(dir, entry.name));
    else empty = false;
  }
  return empty;
}

/** Runs git in the sandbox (the suite commits locks it edits, as a user would). */
export function git(sandbox: Sandbox, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd: sandbox.dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}
