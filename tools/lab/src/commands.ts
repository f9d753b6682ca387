// The lab's commands, one function each.
import { writeFileAtomically } from '@cluster-stacks/cli';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BuildCache } from './build/cache';
import { provenance } from './build/provenance';
import { buildWorld } from './build/world';
import { setupEngine } from './engine/setup';
import { parseOptions } from './options';
import { Pins } from './pins';
import { takeRunLock } from './run-lock';
import { BREAKAGES } from './scenarios/breakages';
import { worldComponents } from './recipes';
import { labMinors } from './recipes/minors';
import { suppliedArchives } from './recipes/supplied';
import { csoComponentsIn } from './up/cso';
import { cacheRoot, labOutputDir } from './util/paths';
import { Progress } from './util/progress';
import { up } from './up/management';
import { down } from './down';
import { run } from './util/exec';
import { isFailure } from './report/report';
import { nodeTest } from './node-test';
import { DEFAULT_SCENARIOS, newRunDir, runScenarios, SCENARIOS, type ScenarioName } from './scenarios/run';
import { LabUsageError } from './util/errors';
import { checkRevision } from './release/lab-release';

export type Command = (args: string[]) => Promise<number>;

function writeJsonAtomically(file: string, value: unknown): void {
  writeFileAtomically(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** What the last `build` was given (dist/lab/world.json): later commands resolve the same world. */
function lastBuild(): { supplied?: string } {
  const file = join(labOutputDir(), 'world.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { supplied?: string }) : {};
}

async function engine(): Promise<number> {
  const progress = new Progress();
  await progress.step('docker engine', () => setupEngine(Pins.load()));
  return 0;
}

async function build(args: string[]): Promise<number> {
  const options = parseOptions(args, { minors: 'list', supplied: 'path' });
  const pins = Pins.load();
  const progress = new Progress();
  const suppliedDir =
    (options.supplied as string | undefined) ?? process.env.CS_LAB_SUPPLIED ?? lastBuild().supplied;
  const supplied = suppliedArchives(suppliedDir === undefined ? undefined : resolve(suppliedDir));
  // The command line is checked before anything runs or is written.
  const { components } = worldComponents(pins, {
    minors: options.minors as string[] | undefined,
    suppliedArchives: supplied,
  });
  const engineReport = await progress.step('docker engine', () => setupEngine(pins));
  writeJsonAtomically(join(labOutputDir(), 'world.json'), {
    supplied: suppliedDir === undefined ? undefined : resolve(suppliedDir),
  });
  const cache = new BuildCache(cacheRoot());
  progress.info(`cache ${cache.root}; ${components.length} components`);
  const built = await buildWorld(components, pins, cache, progress);
  const record = provenance(
    built,
    { serverVersion: engineReport.serverVersion, runcShim: engineReport.shim },
    new Date(),
  );
  const file = join(labOutputDir(), 'provenance.json');
  writeJsonAtomically(file, record);
  const count = (o: string) => built.filter((b) => b.outcome === o).length;
  progress.info(
    `world ready: ${count('built')} built, ${count('reused')} reused, ${count('supplied')} supplied; provenance ${file}`,
  );
  return 0;
}

/** The supplied folder of the last build (or CS_LAB_SUPPLIED), where one was given. */
function suppliedDir(): string | undefined {
  return process.env.CS_LAB_SUPPLIED ?? lastBuild().supplied;
}

/** The built world for the pins, without building anything (an error names what is missing). */
async function resolvedWorld(progress: Progress, minors?: string[]) {
  const pins = Pins.load();
  const supplied = suppliedArchives(suppliedDir());
  const world = worldComponents(pins, { minors, suppliedArchives: supplied });
  const built = await buildWorld(world.components, pins, new BuildCache(cacheRoot()), progress, {
    reuseOnly: true,
  });
  return { pins, built, minors: world.minors };
}

async function upCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, { minor: 'string' });
  const progress = new Progress();
  await progress.step('docker engine', () => setupEngine(Pins.load()));
  const wanted = (options.minor as string | undefined) ?? '1-35';
  const { pins, built, minors } = await resolvedWorld(progress, [wanted]);
  const mgmt = await up(
    built,
    minors[0]!,
    pins.get('LAB_CAPI_VERSION'),
    progress,
    join(labOutputDir(), 'releases'),
    csoComponentsIn(suppliedDir()),
  );
  const pods = await run(mgmt.kubectl, ['--kubeconfig', mgmt.kubeconfig, 'get', 'pods', '-A', '-o', 'wide']);
  process.stdout.write(pods.stdout);
  progress.info(`management cluster ready; kubeconfig ${mgmt.kubeconfig}`);
  return 0;
}

async function downCommand(args: string[]): Promise<number> {
  parseOptions(args, {});
  await down(new Progress());
  return 0;
}

async function nodeTestCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, { minors: 'list' });
  const progress = new Progress();
  const { minors } = await resolvedWorld(progress, options.minors as string[] | undefined);
  const cases = await nodeTest(minors, (l) => progress.info(l));
  const failed = cases.filter(isFailure).length;
  progress.info(`node-test: ${cases.length - failed} passed, ${failed} failed; report dist/lab/node-test/`);
  return failed === 0 ? 0 : 1;
}

/** The patch release the patch-upgrade scenario makes: a changed ClusterClass default (kubeletMaxPods 110 → 120). */
const PATCH_CHANGE = {
  description: 'kubeletMaxPods default 110 → 120 in the ClusterClass',
  file: 'cluster-class/templates/clusterclass.yaml',
  from: '          default: 110\n',
  to: '          default: 120\n',
};

async function testCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, {
    stack: 'string',
    scenarios: 'list',
    break: 'string',
    'from-rev': 'string',
  });
  const fromRev = options.fromRev as string | undefined;
  const breakage = options.break as string | undefined;
  if (breakage !== undefined && !(breakage in BREAKAGES))
    throw new LabUsageError(
      `--break: unknown breakage ${breakage}; known: ${Object.keys(BREAKAGES).join(', ')}`,
    );
  const stack = options.stack as string | undefined;
  if (stack === undefined)
    throw new LabUsageError('--stack is required, for example --stack docker-scs-1-35');
  // upgrade-from runs by default only when given the revision it starts from.
  const scenarios =
    (options.scenarios as string[] | undefined) ??
    DEFAULT_SCENARIOS.filter((s) => s !== 'upgrade-from' || fromRev !== undefined);
  if (fromRev !== undefined) checkRevision(fromRev);
  if (scenarios.includes('upgrade-from') && fromRev === undefined)
    throw new LabUsageError(
      '--scenarios upgrade-from needs --from-rev <git revision>, the commit of the earlier release to upgrade from',
    );
  for (const s of scenarios) {
    if (!(SCENARIOS as readonly string[]).includes(s))
      throw new LabUsageError(`--scenarios: unknown scenario ${s}; known: ${SCENARIOS.join(', ')}`);
  }
  const minor = /-(1-\d+)$/.exec(stack)?.[1];
  if (minor === undefined || !stack.startsWith('docker-'))
    throw new LabUsageError(`--stack: ${stack} is not a docker stack project such as docker-scs-1-35`);
  const releaseLock = takeRunLock();
  try {
    return await testRun(stack, minor, scenarios as ScenarioName[], breakage, fromRev);
  } finally {
    releaseLock();
  }
}

async function testRun(
  stack: string,
  minor: string,
  scenarios: ScenarioName[],
  breakage: string | undefined,
  fromRev: string | undefined,
): Promise<number> {
  const n = Number(minor.split('-')[1]);
  // A release's node-image layer also pins the previous minor's node image, and the minor upgrade starts from
  // the previous minor's release: so the world holds the two minors before this one too, where pinned.
  const pinned = labMinors(Pins.load()).map((m) => m.minor);
  const wanted = [`1-${n - 2}`, `1-${n - 1}`, minor].filter((m) => m === minor || pinned.includes(m));
  const progress = new Progress();
  await progress.step('docker engine', () => setupEngine(Pins.load()));
  const { pins, built, minors } = await resolvedWorld(progress, wanted);
  const target = minors.find((m) => m.minor === minor)!;
  const mgmt = await up(
    built,
    target,
    pins.get('LAB_CAPI_VERSION'),
    progress,
    join(labOutputDir(), 'releases'),
    csoComponentsIn(suppliedDir()),
  );
  const runDir = newRunDir(stack);
  const cases = await runScenarios({
    stack,
    scenarios: scenarios as ScenarioName[],
    world: built,
    management: mgmt,
    runDir,
    log: (l) => progress.info(l),
    patchChange: PATCH_CHANGE,
    ...(fromRev !== undefined ? { fromRev } : {}),
    ...(breakage !== undefined ? { breakage: BREAKAGES[breakage] } : {}),
  });
  const failed = cases.filter(isFailure);
  const blocked = cases.filter((c) => c.blocked === true).length;
  progress.info(
    `lab test ${stack}: ${cases.filter((c) => c.passed).length} passed, ${failed.length} failed${blocked > 0 ? `, ${blocked} blocked by the host` : ''}; report ${runDir}`,
  );
  if (failed.length > 0) progress.info(`first failing check: ${failed[0]!.name}: ${failed[0]!.detail}`);
  return failed.length === 0 ? 0 : 1;
}

export const commands: Record<string, Command> = {
  test: testCommand,
  engine,
  build,
  up: upCommand,
  down: downCommand,
  'node-test': nodeTestCommand,
};
