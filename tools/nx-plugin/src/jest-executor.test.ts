import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { runExecutorBatch, WORKSPACE_ROOT as root } from './executor-test-support';

// The executor of the test targets (tools/executors/nx/jest.cjs), run in a scratch workspace that holds the
// executor (and the one file of the CLI it uses), a jest configuration of plain JavaScript files and three
// projects: one passing, one failing, one without tests. A batch runs them in one jest run and reports each
// project on its own files.

const PROJECTS = { good: 'packages/good', bad: 'packages/bad', empty: 'packages/empty' };

function scratchWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-executor-'));
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  };
  const copy = (file: string) => write(file, fs.readFileSync(path.join(root, file), 'utf8'));
  for (const name of fs.readdirSync(path.join(root, 'tools/executors/nx')))
    copy(`tools/executors/nx/${name}`);
  copy('tools/cli/bin/write-atomically.cjs');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  write(
    'jest.config.js',
    "module.exports = { testEnvironment: 'node', maxWorkers: 1, testMatch: ['**/*.test.js'], cacheDirectory: __dirname + '/.jest-cache' };\n",
  );
  write('packages/good/a.test.js', "test('adds', () => expect(1 + 1).toBe(2));\n");
  write('packages/good/b.test.js', "test('joins', () => expect(['a', 'b'].join()).toBe('a,b'));\n");
  write(
    'packages/bad/c.test.js',
    "test('passes', () => expect(true).toBe(true));\ntest('compares', () => expect(2).toBe(3));\n",
  );
  write('packages/empty/README.md', 'No tests here.\n');
  return dir;
}

async function runBatch(
  workspace: string,
  options: { testNamePattern?: string; updateSnapshot?: boolean } = {},
): Promise<Record<string, [boolean, string]>> {
  const reported = await runExecutorBatch(
    workspace,
    'jest.cjs',
    Object.entries(PROJECTS).map(([name, projectRoot]) => ({
      id: `${name}:test`,
      projectRoot,
      options: { resultsFile: `dist/test-results/${name}.json`, ...options },
    })),
  );
  return Object.fromEntries(reported.map((r) => [r.task, [r.success, r.terminalOutput]]));
}

function resultsFile(workspace: string, name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(workspace, `dist/test-results/${name}.json`), 'utf8'));
}

describe('the jest executor with a batch of projects', () => {
  let workspace: string | undefined;
  afterEach(() => {
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  test('GIVEN a passing, a failing and an empty project WHEN one batch runs them THEN each passes or fails on its own files and gets its own results file', async () => {
    // GIVEN
    workspace = scratchWorkspace();

    // WHEN (the progress lines the batch prints are kept, not shown among this suite's own output)
    const progress: string[] = [];
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      progress.push(String(chunk));
      return true;
    });
    const results = await runBatch(workspace).finally(() => stderr.mockRestore());

    // THEN each project is reported on its own files
    expect(Object.keys(results).sort()).toEqual(['bad:test', 'empty:test', 'good:test']);
    expect(results['good:test']).toEqual([true, 'packages/good/: 2 files; tests: 2 passed, 0 failed\n']);
    expect(results['empty:test']).toEqual([true, 'no tests under packages/empty/\n']);
    // (jest colours its failure messages when the terminal, or Nx, asks for colour)
    const [badSuccess, badOutput] = [
      results['bad:test'][0],
      stripVTControlCharacters(results['bad:test'][1]),
    ];
    expect(badSuccess).toBe(false);
    expect(badOutput.split('\n')[0]).toBe('FAIL packages/bad/c.test.js');
    expect(badOutput).toContain('● compares');
    expect(badOutput.endsWith('packages/bad/: 1 file; tests: 1 passed, 1 failed\n')).toBe(true);

    // THEN a line per file showed the progress
    expect(progress.map((line) => line.replace(/ \(.*\)/, '')).sort()).toEqual([
      'FAIL packages/bad/c.test.js\n',
      'PASS packages/good/a.test.js\n',
      'PASS packages/good/b.test.js\n',
      'jest: 3 test files\n',
    ]);

    // THEN the results files are jest's JSON of each project's files alone
    const summary = (name: string) => {
      const r = resultsFile(workspace!, name);
      return [r.success, r.numTotalTestSuites, r.numPassedTests, r.numFailedTests];
    };
    expect(summary('good')).toEqual([true, 2, 2, 0]);
    expect(summary('bad')).toEqual([false, 1, 1, 1]);
    expect(summary('empty')).toEqual([true, 0, 0, 0]);
    expect(
      (resultsFile(workspace, 'bad').testResults as { name: string }[]).map((r) =>
        path.relative(workspace!, r.name),
      ),
    ).toEqual(['packages/bad/c.test.js']);
  });

  test('GIVEN a test name pattern WHEN a batch runs THEN each project runs only the tests it matches', async () => {
    // GIVEN
    workspace = scratchWorkspace();

    // WHEN
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const results = await runBatch(workspace, { testNamePattern: '^(adds|passes)$' }).finally(() =>
      stderr.mockRestore(),
    );

    // THEN the failing test of packages/bad is skipped with the others that do not match
    expect(results).toEqual({
      'good:test': [true, 'packages/good/: 2 files; tests: 1 passed, 0 failed, 1 skipped\n'],
      'bad:test': [true, 'packages/bad/: 1 file; tests: 1 passed, 0 failed, 1 skipped\n'],
      'empty:test': [true, 'no tests under packages/empty/\n'],
    });
  });

  test('GIVEN a snapshot that no longer matches WHEN a batch runs without, then with updateSnapshot THEN it fails, then is rewritten and passes', async () => {
    // GIVEN a test whose committed snapshot holds an old value
    workspace = scratchWorkspace();
    const snapshotFile = path.join(workspace, 'packages/good/__snapshots__/a.test.js.snap');
    fs.writeFileSync(
      path.join(workspace, 'packages/good/a.test.js'),
      "test('renders', () => expect({ replicas: 2 }).toMatchSnapshot());\n",
    );
    fs.mkdirSync(path.dirname(snapshotFile));
    fs.writeFileSync(
      snapshotFile,
      '// Jest Snapshot v1, https://goo.gl/fbAQLP\n\nexports[`renders 1`] = `\n{\n  "replicas": 1,\n}\n`;\n',
    );
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // WHEN it runs as it is
      const stale = await runBatch(workspace);
      // THEN the project fails on the snapshot
      expect(stale['good:test'][0]).toBe(false);
      expect(stale['good:test'][1].endsWith('packages/good/: 2 files; tests: 1 passed, 1 failed\n')).toBe(
        true,
      );

      // WHEN it runs with updateSnapshot
      const updated = await runBatch(workspace, { updateSnapshot: true });
      // THEN the snapshot holds the new value and the project passes
      expect(updated['good:test']).toEqual([true, 'packages/good/: 2 files; tests: 2 passed, 0 failed\n']);
      expect(fs.readFileSync(snapshotFile, 'utf8')).toContain('"replicas": 2,');
    } finally {
      stderr.mockRestore();
    }
  });

  test('GIVEN a name pattern that is no regular expression WHEN a batch runs THEN every task fails with one line naming it, and no results file is written', async () => {
    // GIVEN
    workspace = scratchWorkspace();

    // WHEN
    const results = await runBatch(workspace, { testNamePattern: '(' });

    // THEN
    const line =
      'jest could not run: --testNamePattern "(" is not a regular expression (Invalid regular expression: /(/: Unterminated group); give one such as "^renders"\n';
    expect(results).toEqual({
      'good:test': [false, line],
      'bad:test': [false, line],
      'empty:test': [false, line],
    });
    expect(fs.existsSync(path.join(workspace, 'dist'))).toBe(false);
  });

  test('GIVEN a workspace without its jest configuration WHEN a batch runs THEN every task fails with one line naming the file', async () => {
    // GIVEN
    workspace = scratchWorkspace();
    fs.rmSync(path.join(workspace, 'jest.config.js'));

    // WHEN
    const results = await runBatch(workspace);

    // THEN
    const line = `jest could not run: the workspace's jest configuration ${path.join(workspace, 'jest.config.js')} is missing; restore it from git\n`;
    expect(results['good:test']).toEqual([false, line]);
    expect(Object.values(results).every(([success]) => !success)).toBe(true);
    expect(fs.existsSync(path.join(workspace, 'dist'))).toBe(false);
  });

  test('GIVEN a test file that does not parse WHEN a batch runs THEN its project fails and says the file failed to run', async () => {
    // GIVEN
    workspace = scratchWorkspace();
    fs.writeFileSync(path.join(workspace, 'packages/bad/c.test.js'), "test('broken', () => {\n");

    // WHEN
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const results = await runBatch(workspace).finally(() => stderr.mockRestore());

    // THEN
    const [success, output] = results['bad:test'];
    expect(success).toBe(false);
    expect(stripVTControlCharacters(output).split('\n').slice(-2)).toEqual([
      'packages/bad/: 1 file; tests: 0 passed, 0 failed; 1 file failed to run',
      '',
    ]);
    expect(results['good:test']).toEqual([true, 'packages/good/: 2 files; tests: 2 passed, 0 failed\n']);
  });
});
