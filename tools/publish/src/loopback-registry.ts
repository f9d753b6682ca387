// Test support: the real CNCF distribution registry on 127.0.0.1 (storage in a temporary directory),
// and the path of the real oras CLI. Both are installed by tools/publish/install-test-tools.sh.
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const INSTALL_HINT = 'run "bash tools/publish/install-test-tools.sh" (or "npm run tools")';

/** `<repo>/.tools/bin/<name>`; throws naming the installer when it is missing. */
export function testToolPath(name: 'registry' | 'oras'): string {
  const path = join(resolve(__dirname, '..', '..', '..'), '.tools', 'bin', name);
  if (!existsSync(path)) throw new Error(`${name} is not installed at ${path}: ${INSTALL_HINT}`);
  return path;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; the registry binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface LoopbackRegistry {
  /** `127.0.0.1:<port>`. */
  readonly host: string;
  readonly dir: string;
  /** Stops the registry (SIGTERM, SIGKILL after 5 s) and removes its storage. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await done;
  clearTimeout(timer);
}

/**
 * Starts the registry with a config written to a temporary directory: filesystem storage there,
 * `http.addr: 127.0.0.1:<free port>`, no auth. Waits for `GET /v2/` (100 ms apart, at most
 * `attempts` times, 1 s each); on a bind race it retries with another port (3 times).
 */
export async function startLoopbackRegistry(attempts = 150): Promise<LoopbackRegistry> {
  const binary = testToolPath('registry');
  const dir = mkdtempSync(join(tmpdir(), 'publish-registry-'));
  let lastError = '';
  for (let start = 0; start < 3; start++) {
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: error',
        '  accesslog:',
        '    disabled: true',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${JSON.stringify(join(dir, 'data'))}`,
        '  maintenance:',
        '    uploadpurging:',
        '      enabled: false',
        'http:',
        `  addr: ${host}`,
        '',
      ].join('\n'),
    );
    const child = spawn(binary, ['serve', config], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // No telemetry export attempts from the registry's OpenTelemetry setup.
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
    });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    for (let i = 0; i < attempts && !exited(child); i++) {
      try {
        const res = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1_000) });
        await res.arrayBuffer();
        if (res.status === 200) {
          return {
            host,
            dir,
            stop: async () => {
              await stopChild(child);
              rmSync(dir, { recursive: true, force: true });
            },
          };
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    await stopChild(child);
    lastError = `registry on ${host} did not answer GET /v2/ (exit ${child.exitCode ?? child.signalCode ?? 'none'}): ${log.trim()}`;
    if (!/address already in use/.test(log)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(lastError);
}
