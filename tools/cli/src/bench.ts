/**
 * Benchmark: wall time to synthesize and package every stack, cold (empty Nx cache, no dist/) and from the
 * Nx cache, plus the in-process synth and package time of each stack. Prints a table.
 *
 *   npm run bench [-- --runs 5]
 */
import { synthesizeStack } from '@cluster-stacks/core';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildRelease } from './package/release';
import { allProjects, loadStack } from './project';
import { workspaceRoot } from './util/files';
import { option, parseArgs } from './cli/args';
import { CommandError } from './util/errors';
import { describeFailure } from './util/fail';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeCommand(command: string, args: string[], root: string): number {
  const start = performance.now();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  return performance.now() - start;
}

function main(): void {
  const root = workspaceRoot();
  const parsed = parseArgs('bench', process.argv.slice(2), [
    { name: 'runs', value: '<positive integer>' },
    { name: 'debug' },
  ]);
  if (parsed.positionals.length > 0)
    throw new CommandError(
      `bench: unexpected argument ${JSON.stringify(parsed.positionals[0])}: it takes only --runs`,
    );
  const runsText = option(parsed, 'runs') ?? '3';
  if (!/^[1-9]\d{0,2}$/.test(runsText))
    throw new CommandError(
      `bench: --runs must be a whole number from 1 to 999, got ${JSON.stringify(runsText)}`,
    );
  const runs = Number(runsText);
  const nx = path.join(root, 'node_modules', '.bin', 'nx');
  const packageAll = ['run-many', '-t', 'package', '--outputStyle=static'];

  const cold: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < runs; i++) {
    timeCommand(nx, ['reset', '--only-cache'], root);
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    cold.push(timeCommand(nx, packageAll, root));
    cached.push(timeCommand(nx, packageAll, root));
  }

  const rows: [string, string, string, string][] = [];
  for (const project of allProjects(root)) {
    const loadStart = performance.now();
    loadStack(project, root);
    const load = performance.now() - loadStart;
    const synthTimes: number[] = [];
    const packageTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      // A fresh stack each run: synthesis includes building the construct tree.
      delete require.cache[require.resolve(path.join(root, project.root, 'stack.ts'))];
      const s0 = performance.now();
      const files = synthesizeStack(loadStack(project, root)).files;
      const s1 = performance.now();
      buildRelease(new Map(files));
      packageTimes.push(performance.now() - s1);
      synthTimes.push(s1 - s0);
    }
    rows.push([
      project.name,
      load.toFixed(0),
      median(synthTimes).toFixed(1),
      median(packageTimes).toFixed(1),
    ]);
  }

  console.log(
    `\nAll stacks (${allProjects(root).length}), nx run-many -t package, median of ${runs} runs on ${os.cpus().length} cores`,
  );
  console.log('| measurement | wall time (ms) |');
  console.log('|---|---:|');
  console.log(`| cold (empty Nx cache, no dist/) | ${median(cold).toFixed(0)} |`);
  console.log(`| from the Nx cache | ${median(cached).toFixed(0)} |`);
  console.log('\nPer stack, in process (median)');
  console.log('| stack | first load incl. module compile (ms) | synth (ms) | package (ms) |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

try {
  main();
} catch (error) {
  const { text, code } = describeFailure(error, process.argv.includes('--debug'));
  console.error(text);
  process.exit(code);
}
