// The lab's loopback registry: a container of the lab's registry image on the kind network, reachable from
// nodes by its container name and from the host only on 127.0.0.1 (Docker treats 127.0.0.0/8 registries as
// insecure, so the engine pushes over plain HTTP). Every request needs the user and password the lab made for
// this start. Recorded in dist/lab/state.json, so that `lab down` removes it.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OWNER_LABEL } from '../build/docker';
import type { BuiltComponent } from '../build/world';
import { REGISTRY_HTPASSWD, REGISTRY_PORT } from '../recipes/registry';
import { added, readState, removed, updateState } from '../state';
import { LabError } from '../util/errors';
import { probe, run } from '../util/exec';

export const REGISTRY_CONTAINER = 'cslab-registry';
const REGISTRY_USER = 'cslab';

export interface LabRegistry {
  readonly container: string;
  /** `127.0.0.1:<port>`: where the host pushes. */
  readonly hostAddress: string;
  /** `<container>:5000`: where nodes pull, on the kind network. */
  readonly nodeAddress: string;
  readonly username: string;
  readonly password: string;
}

/** The published host address in `docker port` output (`127.0.0.1:32768`), or undefined. */
export function loopbackAddress(dockerPort: string): string | undefined {
  return dockerPort
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^127\.0\.0\.1:\d+$/.test(l));
}

function registryImage(world: readonly BuiltComponent[]): { ref: string; htpasswd: string } {
  const built = world.find((b) => b.component.id === 'registry-image');
  const ref = built === undefined ? undefined : Object.keys(built.meta.images)[0];
  if (built === undefined || ref === undefined)
    throw new LabError('the lab registry image is not part of the built world: run npm run lab -- build');
  return { ref, htpasswd: join(built.dir, 'bin', 'lab-htpasswd') };
}

/** Removes the registry container a previous run started; refuses one the lab did not start. */
async function removePrevious(): Promise<void> {
  if (probe('docker', ['container', 'inspect', REGISTRY_CONTAINER]) === undefined) return;
  if (!readState().registries.includes(REGISTRY_CONTAINER))
    throw new LabError(
      `a container named ${REGISTRY_CONTAINER} exists that the lab did not start: remove or rename it`,
    );
  await run('docker', ['rm', '-f', '-v', REGISTRY_CONTAINER]);
  updateState((s) => ({ ...s, registries: removed(s.registries, REGISTRY_CONTAINER) }));
}

async function answers(hostAddress: string): Promise<boolean> {
  // A referenced timer, not AbortSignal.timeout (whose timer is unreferenced): while the request waits on a
  // socket that Node does not count, it keeps the process alive. A lab run once ended silently here, with the
  // event loop empty, just after the registry started.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 1_000);
  try {
    const res = await fetch(`http://${hostAddress}/v2/`, { signal: controller.signal });
    await res.arrayBuffer();
    // 401: it is up and asks for the credentials, as configured.
    return res.status === 401;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Starts a fresh lab registry (a previous one of the lab is replaced) with new credentials. */
export async function startLabRegistry(
  world: readonly BuiltComponent[],
  network: string,
  scratchDir: string,
): Promise<LabRegistry> {
  const image = registryImage(world);
  await removePrevious();
  const password = randomBytes(18).toString('base64url');
  const line = (await run(image.htpasswd, [REGISTRY_USER], { input: `${password}\n` })).stdout;
  updateState((s) => ({ ...s, registries: added(s.registries, REGISTRY_CONTAINER) }));
  await run('docker', [
    'create',
    '--name',
    REGISTRY_CONTAINER,
    '--label',
    OWNER_LABEL,
    '--network',
    network,
    '--publish',
    `127.0.0.1::${REGISTRY_PORT}`,
    image.ref,
  ]);
  const dir = mkdtempSync(join(scratchDir, 'registry-'));
  try {
    writeFileSync(join(dir, 'htpasswd'), line, { mode: 0o600 });
    await run('docker', ['cp', join(dir, 'htpasswd'), `${REGISTRY_CONTAINER}:${REGISTRY_HTPASSWD}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await run('docker', ['start', REGISTRY_CONTAINER]);
  const port = (await run('docker', ['port', REGISTRY_CONTAINER, `${REGISTRY_PORT}/tcp`])).stdout;
  const hostAddress = loopbackAddress(port);
  if (hostAddress === undefined)
    throw new LabError(`${REGISTRY_CONTAINER} is not published on 127.0.0.1 (docker port: ${port.trim()})`);
  for (let i = 0; i < 60 && !(await answers(hostAddress)); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await answers(hostAddress)))
    throw new LabError(
      `${REGISTRY_CONTAINER} does not answer GET /v2/ with 401 on ${hostAddress}: see docker logs ${REGISTRY_CONTAINER}`,
    );
  return {
    container: REGISTRY_CONTAINER,
    hostAddress,
    nodeAddress: `${REGISTRY_CONTAINER}:${REGISTRY_PORT}`,
    username: REGISTRY_USER,
    password,
  };
}

/**
 * Pushes a local image to the registry as `<repository>:<tag>`; returns the pushed manifest's digest. The login
 * goes to a throwaway Docker client configuration, never the host's.
 */
export async function pushToLabRegistry(
  registry: LabRegistry,
  source: string,
  repository: string,
  tag: string,
  scratchDir: string,
): Promise<string> {
  const target = `${registry.hostAddress}/${repository}:${tag}`;
  const config = mkdtempSync(join(scratchDir, 'docker-config-'));
  const docker = (args: string[], input?: string) => run('docker', ['--config', config, ...args], { input });
  try {
    await docker(['tag', source, target]);
    await docker(
      ['login', registry.hostAddress, '--username', registry.username, '--password-stdin'],
      registry.password,
    );
    await docker(['push', target]);
    const digests = JSON.parse(
      (await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', target])).stdout,
    ) as string[];
    const digest = digests.find((d) => d.startsWith(`${registry.hostAddress}/${repository}@`))?.split('@')[1];
    if (digest === undefined) throw new LabError(`no digest for ${target} after the push`);
    return digest;
  } finally {
    await run('docker', ['image', 'rm', target], { okCodes: [0, 1] });
    rmSync(config, { recursive: true, force: true });
  }
}

/** The registry's log (access log and application log). */
export async function labRegistryLog(registry: LabRegistry): Promise<string> {
  const r = await run('docker', ['logs', registry.container]);
  return `${r.stdout}${r.stderr}`;
}
