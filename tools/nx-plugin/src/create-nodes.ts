import {
  createNodesFromFiles,
  type CreateNodes,
  type CreateNodesResult,
  type TargetConfiguration,
} from '@nx/devkit';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The files this plugin reads: every stack entry point, the release matrix of every stack (checked against the
 * stack's folders), and the package.json of every workspace package (whose project Nx's own package.json
 * inference creates; this plugin only adds targets to it).
 */
export const PROJECT_FILES_GLOB =
  '{providers/*/*/*/stack.ts,packages/provider-*/src/*/releases.json,packages/*/package.json,tools/*/package.json}';

const STACK_FILE = /^providers\/([^/]+)\/([^/]+)\/([^/]+)\/stack\.ts$/;
const PACKAGE_FILE = /^((?:packages|tools)\/[^/]+)\/package\.json$/;
const MATRIX_FILE = /^packages\/provider-([^/]+)\/src\/([^/]+)\/releases\.json$/;

/** Command line of the workspace CLI (compiled, see tools/cli/bin/cs.cjs), run from the workspace root. */
const CLI = 'node tools/cli/bin/cs.cjs';
const CLI_INPUTS = [
  'production',
  '^production',
  '{workspaceRoot}/tools/cli/src/**/*.ts',
  '{workspaceRoot}/tools/cli/bin/*.cjs',
  // The executors (tools/executors) are in every target's inputs through nx.json's sharedGlobals.
];

/** The project of the CLI, whose `bundle` target compiles the tools that the stack targets run. */
export const CLI_PROJECT = '@cluster-stacks/cli';
const CLI_ROOT = 'tools/cli';

/**
 * The compiled tools (tools/cli/bin/build.cjs): one bundle of the CLI, the packages and the libraries they use,
 * built once per change of any of them and cached.
 */
const BUNDLE_TARGET: TargetConfiguration = {
  // Run by the stack targets' executor, so that a cold build compiles the tools and builds the stacks in one
  // process (`node tools/cli/bin/build.cjs cs` does the same by hand).
  ...stackTask('bundle', 'Compiles the CLI and the packages into dist/tools/cs.'),
  // The CLI's own files and those of the packages it imports (the stacks are compiled by their own targets).
  inputs: [
    'production',
    '^production',
    '{workspaceRoot}/package-lock.json',
    '{workspaceRoot}/tsconfig.base.json',
  ],
  outputs: ['{workspaceRoot}/dist/tools/cs'],
};

/** A cached target run by one of the workspace's executors (tools/executors/nx), batched by Nx. */
function executorTarget(
  name: 'stack-task' | 'jest' | 'lint',
  description: string,
  options?: Record<string, string>,
): TargetConfiguration {
  return {
    executor: `./tools/executors/nx:${name}`,
    ...(options && { options }),
    cache: true,
    metadata: { description },
  };
}

/** A bundle, synth or package target: run in process, the bundle and all stacks of a batch in one process. */
function stackTask(step: 'bundle' | 'synth' | 'package', description: string): TargetConfiguration {
  return executorTarget('stack-task', description, { step });
}
const VALIDATE_INPUTS = [
  ...CLI_INPUTS,
  '{workspaceRoot}/schemas/**/*',
  '{workspaceRoot}/tools/toolchain/pins.env',
  '{workspaceRoot}/tools/release-check/src/**/*',
  '{workspaceRoot}/tools/toolchain/src/**/*',
  // The Go sources of the CAPI v1.14 dry run (tools/topology-plan) the validate tiers run.
  '{workspaceRoot}/tools/topology-plan/*.go',
  '{workspaceRoot}/tools/topology-plan/go.*',
  '{projectRoot}/rendered/**/*',
];

function command(line: string, description: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    options: { command: line, cwd: '{workspaceRoot}' },
    cache: true,
    metadata: { description },
  };
}

/** Where each test target writes its jest results as JSON; CI sums these files for its closing line. */
const JEST_RESULTS_DIR = 'dist/test-results';

/**
 * Jest over the project's folder (tools/executors/nx/jest.cjs; Nx runs the test targets of a command as one batch,
 * in one jest run). The results also go to `dist/test-results/<root with dashes>.json`, a declared output, so
 * that a cached run restores them.
 */
function jestTarget(root: string): TargetConfiguration {
  const resultsFile = `${JEST_RESULTS_DIR}/${root.replace(/\//g, '-')}.json`;
  return {
    ...executorTarget('jest', `Runs the jest tests under ${root}.`, { resultsFile }),
    // The executor is a shared input (nx.json); the one file of the CLI it uses is not.
    inputs: [
      'default',
      '^production',
      '{workspaceRoot}/jest.config.js',
      '{workspaceRoot}/tools/cli/bin/write-atomically.cjs',
    ],
    outputs: [`{workspaceRoot}/${resultsFile}`],
  };
}

/** The project of one `providers/<provider>/<stack>/<minor>/stack.ts`. */
export function stackProject(file: string): CreateNodesResult {
  const match = STACK_FILE.exec(file);
  if (!match) {
    return {};
  }
  const [, provider, stack, minor] = match;
  const root = `providers/${provider}/${stack}/${minor}`;
  const name = `${provider}-${stack}-${minor}`;
  return {
    projects: {
      [root]: {
        name,
        root,
        projectType: 'application',
        tags: [`provider:${provider}`, `stack:${stack}`, `k8s:${minor}`, 'type:stack'],
        targets: {
          synth: {
            ...stackTask('synth', `Synthesizes the ${name} manifests into dist/synth/${name}.`),
            dependsOn: [{ projects: [CLI_PROJECT], target: 'bundle' }],
            inputs: CLI_INPUTS,
            outputs: [`{workspaceRoot}/dist/synth/${name}`],
          },
          package: {
            ...stackTask('package', `Packages the ${name} release into dist/releases.`),
            dependsOn: ['synth'],
            inputs: CLI_INPUTS,
            outputs: [
              `{workspaceRoot}/dist/releases/${name}-*`,
              `{workspaceRoot}/dist/packaged/${name}.json`,
            ],
          },
          validate: {
            ...command(`${CLI} validate ${root}`, `Validates the packaged ${name} release.`),
            dependsOn: ['package'],
            // The upgrade dry run also builds the previous minor of the same stack. Its shared definition is an input
            // (a dependency); its few-line stack.ts is not, so that a change in one minor's folder affects only that
            // project (nx affected). Editing that file alone therefore does not re-run the next minor's validate.
            inputs: VALIDATE_INPUTS,
            outputs: [`{workspaceRoot}/dist/reports/${name}`],
          },
          release: {
            ...command(
              `${CLI} release ${root}`,
              `Builds the ${name} release from its version lock with release notes.`,
            ),
            dependsOn: ['validate'],
            inputs: VALIDATE_INPUTS,
            outputs: [
              `{workspaceRoot}/dist/releases/${name}-*`,
              `{workspaceRoot}/dist/release-notes/${name}-*`,
            ],
          },
          test: jestTarget(root),
          lint: lintTarget(root),
        },
      },
    },
  };
}

/**
 * ESLint over a project folder (for stacks this checks the `type:stack` module boundary too), batched: one process
 * lints every requested project.
 */
function lintTarget(root: string): TargetConfiguration {
  return {
    ...executorTarget('lint', `Lints ${root}.`),
    inputs: ['default', '^production', '{workspaceRoot}/eslint.config.mjs'],
  };
}

/** The `test` and `lint` targets of one workspace package, merged into the project Nx infers from its package.json. */
export function packageTargets(file: string): CreateNodesResult {
  const match = PACKAGE_FILE.exec(file);
  if (!match) {
    return {};
  }
  const root = match[1];
  return {
    projects: {
      [root]: {
        targets: {
          test: jestTarget(root),
          lint: lintTarget(root),
          ...(root === CLI_ROOT ? { bundle: BUNDLE_TARGET } : {}),
        },
      },
    },
  };
}

/**
 * Where a stack's release matrix and its project folders disagree: a row without its
 * `providers/<provider>/<stack>/<1-NN>/stack.ts`, or a project without a row. Empty when they agree.
 */
export function matrixDisagreements(file: string, workspaceRoot: string): string[] {
  const match = MATRIX_FILE.exec(file);
  if (!match) return [];
  const [, provider, stack] = match;
  const folder = `providers/${provider}/${stack}`;
  const rows = Object.keys(JSON.parse(fs.readFileSync(path.join(workspaceRoot, file), 'utf8')) as object);
  const absolute = path.join(workspaceRoot, folder);
  const projects = fs.existsSync(absolute)
    ? fs
        .readdirSync(absolute)
        .filter((minor) => fs.existsSync(path.join(absolute, minor, 'stack.ts')))
        .map((minor) => minor.replace('-', '.'))
    : [];
  return [
    ...rows
      .filter((minor) => !projects.includes(minor))
      .map((minor) => `${file}: row "${minor}" has no project ${folder}/${minor.replace('.', '-')}/stack.ts`),
    ...projects
      .filter((minor) => !rows.includes(minor))
      .map((minor) => `${folder}/${minor.replace('.', '-')}/stack.ts: ${file} has no row "${minor}"`),
  ].sort();
}

/** Checks a release matrix against its stack's folders; it adds no project of its own. */
function checkMatrix(file: string, workspaceRoot: string): CreateNodesResult {
  const problems = matrixDisagreements(file, workspaceRoot);
  if (problems.length > 0) {
    throw new Error(
      `the release matrix and the stack projects disagree (the minor generator adds both):\n${problems.join('\n')}`,
    );
  }
  return {};
}

/** Batched project inference (the Nx 23 `createNodes` API). The plugin takes no options. */
export const createNodes: CreateNodes = [
  PROJECT_FILES_GLOB,
  (files, options, context) =>
    createNodesFromFiles(
      (file) =>
        STACK_FILE.test(file)
          ? stackProject(file)
          : MATRIX_FILE.test(file)
            ? checkMatrix(file, context.workspaceRoot)
            : packageTargets(file),
      files,
      options,
      context,
    ),
];

/** The same function under its deprecated Nx 21/22 name. */
export const createNodesV2: CreateNodes = createNodes;
