// Sets up a Docker engine on a machine of this kind, or reuses one that is running.
//
// Debian's docker.io is installed when dockerd is absent, and dockerd is started by hand (these
// machines have no systemd). Only when the host's bounding set lacks a capability that
// --privileged asks for is the runc shim built and registered as the default runtime.
import { writeFileAtomically } from '@cluster-stacks/cli';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LabError } from '../util/errors';
import { probe, run } from '../util/exec';
import { cacheRoot, labSourceDir } from '../util/paths';
import type { Pins } from '../pins';
import { missingCapabilities, parseBoundingSet } from './capabilities';
import { withShimRuntime } from './daemon-config';

export const SHIM_PATH = '/usr/local/lib/cluster-stacks-lab/runc-shim';
const DAEMON_JSON = '/etc/docker/daemon.json';

export interface EngineReport {
  readonly outcome: 'reused' | 'built';
  readonly detail: string;
  readonly serverVersion: string;
  readonly shim: boolean;
}

function serverVersion(): string | undefined {
  return probe('docker', ['version', '--format', '{{.Server.Version}}'])?.trim() || undefined;
}

async function installDockerPackage(pins: Pins): Promise<void> {
  const pkg = `${pins.get('LAB_DOCKER_DEB_PACKAGE')}=${pins.get('LAB_DOCKER_DEB_VERSION')}`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { env }).catch(
    (err: Error) => {
      throw new LabError(
        `cannot install ${pkg} from Debian (${err.message.split('\n')[0]}). If Debian now serves another ` +
          'version, update LAB_DOCKER_DEB_VERSION in tools/toolchain/pins.env.',
      );
    },
  );
}

async function buildShim(): Promise<void> {
  const realRunc = probe('sh', ['-c', 'command -v runc'])?.trim();
  if (!realRunc) throw new LabError("runc is not on PATH: install Debian's docker.io (it brings runc)");
  mkdirSync(dirname(SHIM_PATH), { recursive: true });
  const tmp = `${SHIM_PATH}.tmp-${process.pid}`;
  await run('go', ['build', '-trimpath', '-ldflags', `-s -w -X main.realRunc=${realRunc}`, '-o', tmp, '.'], {
    cwd: join(labSourceDir(), 'runc-shim'),
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  renameSync(tmp, SHIM_PATH);
}

function registerShim(): void {
  const existing = existsSync(DAEMON_JSON)
    ? (JSON.parse(readFileSync(DAEMON_JSON, 'utf8')) as Record<string, unknown>)
    : {};
  let merged: Record<string, unknown>;
  try {
    merged = withShimRuntime(existing, SHIM_PATH);
  } catch (err) {
    throw new LabError((err as Error).message);
  }
  writeFileAtomically(DAEMON_JSON, `${JSON.stringify(merged, null, 2)}\n`);
}

async function startDockerd(): Promise<void> {
  const stateDir = join(cacheRoot(), 'engine');
  mkdirSync(stateDir, { recursive: true });
  const logFile = join(stateDir, 'dockerd.log');
  const out = openSync(logFile, 'a');
  const child = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  child.on('error', () => undefined);
  child.unref();
  writeFileSync(join(stateDir, 'dockerd.pid'), `${child.pid}\n`);
  for (let i = 0; i < 120; i++) {
    if (serverVersion() !== undefined) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new LabError(`dockerd did not answer within 60 s; see ${logFile}`);
}

/** Ensures a Docker engine that can run privileged containers on this host. */
export async function setupEngine(pins: Pins): Promise<EngineReport> {
  const missing = missingCapabilities(parseBoundingSet(readFileSync('/proc/self/status', 'utf8')));
  const running = serverVersion();
  if (running !== undefined) {
    const runtimes = probe('docker', ['info', '--format', '{{.DefaultRuntime}}'])?.trim();
    return {
      outcome: 'reused',
      serverVersion: running,
      shim: runtimes === 'lab-runc',
      detail: `engine ${running} already running, default runtime ${runtimes ?? 'unknown'}`,
    };
  }
  if (probe('sh', ['-c', 'command -v dockerd']) === undefined) await installDockerPackage(pins);
  if (missing.length > 0) {
    await buildShim();
    registerShim();
  }
  await startDockerd();
  const version = serverVersion() ?? 'unknown';
  return {
    outcome: 'built',
    serverVersion: version,
    shim: missing.length > 0,
    detail:
      missing.length > 0
        ? `dockerd ${version} started with the runc shim (host lacks ${missing.join(', ')})`
        : `dockerd ${version} started; the host grants every capability, no shim`,
  };
}
