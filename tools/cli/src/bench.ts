/**
 * Benchmark of the build loop, as medians of whole-process wall times and their ratios to `node -e 0`: one stack
 * per process, all stacks in one process, `nx run-many -t package` cold (empty Nx cache, no build outputs in
 * dist/; the lab's records stay) and fully cached, optionally the test suite warm (every task run, then every
 * task from Nx's cache), and a scaling series of one-process builds of 8, 24 and 48 stacks in a scratch copy
 * with synthetic minors. Prints a Markdown table.
 *
 *   npm run bench [-- --runs 5] [-- --tests]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { option, parseArgs } from './cli/args';
import { csCommand } from './bench/cs-command';
import { formatTable, Measurement, perAddedStack, perStack } from './bench/report';
import { addSyntheticMinors } from './bench/synthetic-stacks';
import { Command, Sample, timeCommand, timeRuns } from './bench/timing';
import { allProjects } from './project';
import { cloneForBuild } from './reproducibility';
import { CommandError } from './util/errors';
import { describeFailure } from './util/fail';
import { workspaceRoot } from './util/files';

/** The stack of the one-stack measurement. */
const ONE_STACK = 'providers/docker/scs/1-35';
/** Stack counts of the scaling series. */
const SERIES = [8, 24, 48] as const;

function parseOptions(argv: readonly string[]): { runs: number; tests: boolean } {
  const parsed = parseArgs('bench', argv, [
    { name: 'runs', value: '<positive integer>' },
    { name: 'tests' },
    { name: 'debug' },
  ]);
  if (parsed.positionals.length > 0)
    throw new CommandError(
      `bench: unexpected argument ${JSON.stringify(parsed.positionals[0])}: it takes only --runs and --tests`,
    );
  const runsText = option(parsed, 'runs') ?? '5';
  if (!/^[1-9]\d{0,2}$/.test(runsText))
    throw new CommandError(
      `bench: --runs must be a whole number from 1 to 999, got ${JSON.stringify(runsText)}`,
    );
  return { runs: Number(runsText), tests: parsed.flags.has('tests') };
}

function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/**
 * Empties the checkout's Nx cache: the cached outputs and the database that records them (`nx reset --only-cache`
 * leaves the records, and Nx then reports hits that restore nothing). The project graph cache stays.
 */
function emptyNxCache(root: string): void {
  fs.rmSync(path.join(root, '.nx', 'cache'), { recursive: true, force: true });
  const data = path.join(root, '.nx', 'workspace-data');
  for (const file of fs.existsSync(data) ? fs.readdirSync(data) : [])
    if (/\.db(?:-\w+)?$/.test(file)) fs.rmSync(path.join(data, file), { force: true });
}

/**
 * Removes dist/ for a cold build, except dist/lab: the lab keeps there the record of the containers and networks
 * it created (what `lab down` removes) and its run reports, which no build makes again.
 */
function removeBuildOutputs(root: string): void {
  const dist = path.join(root, 'dist');
  for (const entry of fs.existsSync(dist) ? fs.readdirSync(dist) : [])
    if (entry !== 'lab') fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
}

/** `nx run-many -t package` from an empty Nx cache and no dist/, then again fully cached. */
function nxMeasurements(root: string, runs: number): Measurement[] {
  const packageAll: Command = {
    program: path.join(root, 'node_modules', '.bin', 'nx'),
    args: ['run-many', '-t', 'package', '--outputStyle=static'],
    cwd: root,
  };
  const cold: Sample[] = [];
  const cached: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    progress(`nx run-many -t package, run ${i + 1} of ${runs}`);
    emptyNxCache(root);
    removeBuildOutputs(root);
    cold.push(timeCommand(packageAll));
    cached.push(timeCommand(packageAll));
  }
  return [
    { what: 'nx run-many -t package, cold (empty Nx cache, no build outputs in dist/)', samples: cold },
    { what: 'nx run-many -t package, fully cached', samples: cached },
  ];
}

/** One-process builds of 8, 24 and 48 stacks in a scratch copy of the committed tree with synthetic minors. */
function scalingSeries(root: string, runs: number): Measurement[] {
  progress('scaling series: cloning the committed tree');
  const clone = cloneForBuild('HEAD', root);
  try {
    const real = allProjects(clone.dir).map((p) => p.root);
    const synthetic = addSyntheticMinors(clone.dir, Math.max(...SERIES) - real.length);
    const projects = [...real, ...synthetic];
    // Not timed: the first build type-checks the stacks and leaves their records behind.
    timeCommand(csCommand(clone.dir, ['build', '--mode', 'hash', ...projects]));
    const measured = SERIES.map((count) => {
      progress(`scaling series: ${count} stacks`);
      const args = ['build', '--mode', 'hash', ...projects.slice(0, count)];
      return { count, samples: timeRuns(runs, csCommand(clone.dir, args)) };
    });
    return measured.map(({ count, samples }, i) => ({
      what: `scaling: ${count} stacks, one process`,
      samples,
      note: [
        perStack(samples, count),
        ...(i > 0 ? [perAddedStack(measured[i - 1], { count, samples })] : []),
      ].join('; '),
    }));
  } finally {
    clone.cleanup();
  }
}

function main(): void {
  const { runs, tests } = parseOptions(process.argv.slice(2));
  const root = workspaceRoot();
  const stacks = allProjects(root).length;
  const rows: Measurement[] = [];
  progress('node -e 0');
  rows.push({
    what: '`node -e 0`',
    samples: timeRuns(runs, { program: process.execPath, args: ['-e', '0'], cwd: root }),
  });

  progress(`cs build --mode hash ${ONE_STACK}`);
  const oneStack = csCommand(root, ['build', '--mode', 'hash', ONE_STACK]);
  timeCommand(oneStack); // not timed: leaves the type-check record and the compiled tools behind
  rows.push({
    what: `\`cs build --mode hash ${ONE_STACK}\` (one stack, one process)`,
    samples: timeRuns(runs, oneStack),
  });

  progress('cs build --mode hash (all stacks)');
  const allStacks = csCommand(root, ['build', '--mode', 'hash']);
  timeCommand(allStacks);
  const all = timeRuns(runs, allStacks);
  rows.push({
    what: `\`cs build --mode hash\` (all ${stacks} stacks, one process)`,
    samples: all,
    note: perStack(all, stacks),
  });

  rows.push(...nxMeasurements(root, runs));

  if (tests) {
    progress('npm test, warm (tools installed, no Nx cache)');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    rows.push({
      what: '`npm test`, warm (tools installed, Nx cache skipped)',
      samples: [timeCommand({ program: npm, args: ['test'], cwd: root, env: { NX_SKIP_NX_CACHE: 'true' } })],
    });
    // The run above stored every task in Nx's cache (skipping the cache skips only its reads): a rerun without
    // changes still runs the checks, then replays the tasks from the cache.
    progress('npm test, rerun without changes (Nx cache kept)');
    rows.push({
      what: '`npm test`, rerun without changes (Nx cache kept)',
      samples: timeRuns(runs, { program: npm, args: ['test'], cwd: root }),
    });
  }

  rows.push(...scalingSeries(root, runs));

  console.log(
    `\nBuild loop wall times, median of ${runs} runs, ${os.cpus().length} cores, Node ${process.version}\n`,
  );
  console.log(formatTable(rows));
}

try {
  main();
} catch (error) {
  const { text, code } = describeFailure(error, process.argv.includes('--debug'));
  console.error(text);
  process.exit(code);
}
