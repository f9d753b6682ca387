// Checks of the GitHub workflows that need no GitHub: actionlint finds nothing, every command they run exists
// in this repository, and every third-party action is pinned to a commit.
import { workspaceRoot } from '@cluster-stacks/cli';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const root = workspaceRoot();
const WORKFLOWS = path.join(root, '.github', 'workflows');
const ACTIONS = path.join(root, '.github', 'actions');

/** Workflow files and local composite actions, relative to the root. */
function githubFiles(): string[] {
  const workflows = fs
    .readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => `.github/workflows/${f}`);
  const actions = fs.existsSync(ACTIONS)
    ? fs.readdirSync(ACTIONS).map((dir) => `.github/actions/${dir}/action.yml`)
    : [];
  return [...workflows, ...actions].sort();
}

function read(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

/** Every `run:` script of a workflow's jobs or a composite action's steps. */
function runScripts(file: string): string[] {
  const document = parse(read(file)) as {
    jobs?: Record<string, { steps?: { run?: string }[] }>;
    runs?: { steps?: { run?: string }[] };
  };
  const steps = [
    ...Object.values(document.jobs ?? {}).flatMap((job) => job.steps ?? []),
    ...(document.runs?.steps ?? []),
  ];
  return steps.map((s) => s.run).filter((r): r is string => typeof r === 'string');
}

function actionlintVersion(): string {
  const pinned = /^ACTIONLINT_VERSION=(\S+)$/m.exec(read('tools/toolchain/pins.env'))?.[1];
  return pinned ?? 'v1.7.12';
}

describe('GitHub workflows', () => {
  test('GIVEN the workflows WHEN actionlint checks them THEN it reports nothing', () => {
    const binary = path.join(root, '.tools', 'bin', 'actionlint');
    if (!fs.existsSync(binary)) {
      throw new Error(
        `${binary} is missing: run "npm run tools", or install it with ` +
          `"GOBIN=${path.dirname(binary)} go install github.com/rhysd/actionlint/cmd/actionlint@${actionlintVersion()}"`,
      );
    }
    // actionlint also runs shellcheck on every run: script when shellcheck is on PATH (as on GitHub's runners).
    const result = spawnSync(binary, ['-no-color'], { cwd: root, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  test('GIVEN every run: script WHEN it calls npm run, npx tsx, bash or npx nx run THEN the script, file or project exists', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const packages = new Set(
      ['packages', 'tools'].flatMap((dir) =>
        fs.readdirSync(path.join(root, dir)).flatMap((name) => {
          const file = path.join(root, dir, name, 'package.json');
          return fs.existsSync(file)
            ? [(JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string }).name]
            : [];
        }),
      ),
    );
    const missing: string[] = [];
    const references: string[] = [];
    for (const file of githubFiles()) {
      for (const script of runScripts(file)) {
        for (const [command, name] of script.matchAll(/\bnpm (?:run ([a-z][\w:-]*)|test\b)/g)) {
          const scriptName = name ?? 'test';
          references.push(command);
          if (!(scriptName in scripts)) missing.push(`${file}: ${command} (no such script in package.json)`);
        }
        for (const [, command, target] of script.matchAll(
          /\b(npx tsx|bash) ((?:tools|\.github)\/[\w./-]+)/g,
        )) {
          references.push(`${command} ${target}`);
          if (!fs.existsSync(path.join(root, target)))
            missing.push(`${file}: ${command} ${target} (no such file)`);
        }
        for (const [, project] of script.matchAll(/\bnx run (@[\w-]+\/[\w-]+):/g)) {
          references.push(`nx run ${project}`);
          if (!packages.has(project)) missing.push(`${file}: nx run ${project} (no such project)`);
        }
      }
      for (const [, local] of read(file).matchAll(/uses:\s*(\.\/\S+)/g)) {
        references.push(`uses ${local}`);
        if (!fs.existsSync(path.join(root, local, 'action.yml')))
          missing.push(`${file}: uses ${local} (no action.yml there)`);
      }
    }
    expect(missing).toEqual([]);
    // The checks above found the commands the workflows are built on, so they are not vacuous.
    expect(references).toEqual(
      expect.arrayContaining([
        'npm run tools',
        'npm run check',
        'npm run render',
        'npx tsx tools/e2e/src/main.ts',
        'bash tools/e2e/scripts/management-cluster.sh',
        'uses ./.github/actions/setup',
      ]),
    );
  });

  test('GIVEN every uses: of a third-party action WHEN read THEN it is pinned to a 40-character commit with its version as a comment', () => {
    const unpinned: string[] = [];
    let pinned = 0;
    for (const file of githubFiles()) {
      for (const [line, index] of read(file)
        .split('\n')
        .map((l, i) => [l, i + 1] as const)) {
        const match = /^\s*(?:-\s*)?uses:\s*(\S+)(.*)$/.exec(line);
        if (!match || match[1].startsWith('./')) continue;
        const ok =
          /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(match[1]) && /^\s+#\s*v\d+(\.\d+)*\s*$/.test(match[2]);
        if (ok) pinned += 1;
        else unpinned.push(`${file}:${index}: ${line.trim()}`);
      }
    }
    expect(unpinned).toEqual([]);
    expect(pinned).toBeGreaterThan(0);
  });
});
