import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runExecutorBatch, WORKSPACE_ROOT as root } from './executor-test-support';

// The executor of the bundle, synth and package targets (tools/executors/nx/stack-task.cjs), run in a scratch
// workspace that holds the executor, the tools' build scripts and a CLI entry of a few lines: what the executor
// does with the bundle step, not what the real CLI builds.

const BUNDLE = '@cluster-stacks/cli:bundle';
const SYNTH = 'docker-scs-1-35:synth';

function scratchWorkspace(entry: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-task-executor-'));
  const copy = (folder: string, only: RegExp) => {
    fs.mkdirSync(path.join(dir, folder), { recursive: true });
    for (const name of fs.readdirSync(path.join(root, folder)).filter((n) => only.test(n)))
      fs.copyFileSync(path.join(root, folder, name), path.join(dir, folder, name));
  };
  copy('tools/cli/bin', /\.cjs$/);
  copy('tools/executors/nx', /\.(cjs|json)$/);
  for (const file of ['package-lock.json', 'tsconfig.base.json'])
    fs.copyFileSync(path.join(root, file), path.join(dir, file));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(dir, 'tools/cli/src'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'tools/cli/src/stack-modules.ts'),
    'export function registerSharedModules(_modules: Record<string, () => unknown>): void {}\n',
  );
  fs.writeFileSync(path.join(dir, 'tools/cli/src/bundle-entry.ts'), entry);
  return dir;
}

async function runBatch(workspace: string): Promise<Array<[string, boolean, string]>> {
  const reported = await runExecutorBatch(workspace, 'stack-task.cjs', [
    { id: BUNDLE, projectRoot: 'tools/cli', options: { step: 'bundle' } },
    { id: SYNTH, projectRoot: 'providers/docker/scs/1-35', dependsOn: [BUNDLE], options: { step: 'synth' } },
  ]);
  return reported.map((r) => [r.task, r.success, r.terminalOutput]);
}

describe('the stack-task executor with the bundle step in its batch', () => {
  let workspace: string | undefined;
  afterEach(() => {
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('GIVEN tools that compile WHEN a batch runs the bundle and a stack step THEN it compiles them once, then runs the step with them', async () => {
    // GIVEN a CLI entry whose stack steps report what they ran
    workspace = scratchWorkspace(
      'export function runStackTasks(tasks: { id: string; target: string }[]) {\n' +
        "  return tasks.map((t) => ({ id: t.id, success: true, output: 'ran ' + t.target }));\n" +
        '}\n',
    );

    // WHEN the batch runs twice
    const first = await runBatch(workspace);
    const second = await runBatch(workspace);

    // THEN the first run compiles the tools, the second finds them up to date, and both run the step
    expect(first.map(([task, ok, out]) => [task, ok, out.replace(/ in \d+ ms/, ' in <n> ms')])).toEqual([
      [BUNDLE, true, 'built dist/tools/cs/cs.js from 2 workspace files in <n> ms\n'],
      [SYNTH, true, 'ran synth\n'],
    ]);
    expect(second).toEqual([
      [BUNDLE, true, 'dist/tools/cs/cs.js is up to date\n'],
      [SYNTH, true, 'ran synth\n'],
    ]);
  });

  test('GIVEN tools that do not compile WHEN a batch runs THEN the bundle step fails naming the source and the stack step is not run', async () => {
    // GIVEN a CLI entry with a syntax error
    workspace = scratchWorkspace('export const broken = ;\n');

    // WHEN the batch runs
    const results = await runBatch(workspace);

    // THEN the bundle step names the file, line and column, and the stack step says why it did not run
    expect(results).toEqual([
      [
        BUNDLE,
        false,
        'compiling dist/tools/cs/cs.js failed; fix the sources named below:\n' +
          '  tools/cli/src/bundle-entry.ts:1:22: Unexpected ";"\n',
      ],
      [SYNTH, false, `not run: ${BUNDLE} failed\n`],
    ]);
    expect(fs.existsSync(path.join(workspace, 'dist/tools/cs/cs.js'))).toBe(false);
  });
});
