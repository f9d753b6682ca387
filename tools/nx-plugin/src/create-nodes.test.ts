import type { CreateNodesContext, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodes, createNodesV2, matrixDisagreements, PROJECT_FILES_GLOB } from './create-nodes';

const context: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot: '/virtual' };

async function infer(files: string[]): Promise<Record<string, CreateNodesResult>> {
  const [, createNodesFunction] = createNodes;
  const results = await createNodesFunction(files, undefined, context);
  return Object.fromEntries(results);
}

function command(line: string, description: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    options: { command: line, cwd: '{workspaceRoot}' },
    cache: true,
    metadata: { description },
  };
}

describe('createNodes', () => {
  it('reads stack entry points, release matrices and workspace package manifests', () => {
    // GIVEN the plugin
    // WHEN Nx asks which files it reads
    // THEN it names the stack.ts of every minor, every stack's releases.json and the package.json of packages/* and tools/*
    expect(PROJECT_FILES_GLOB).toBe(
      '{providers/*/*/*/stack.ts,packages/provider-*/src/*/releases.json,packages/*/package.json,tools/*/package.json}',
    );
    expect(createNodes[0]).toBe(PROJECT_FILES_GLOB);
  });

  it('exports the same batched function under the deprecated createNodesV2 name', () => {
    // GIVEN / WHEN the plugin module is loaded
    // THEN both names point at one tuple
    expect(createNodesV2).toBe(createNodes);
  });

  it('infers one project per providers/<provider>/<stack>/<minor>/stack.ts with its tags and targets', async () => {
    // GIVEN the stack entry point of docker/scs for Kubernetes 1.35
    const file = 'providers/docker/scs/1-35/stack.ts';

    // WHEN the plugin infers projects from it
    const results = await infer([file]);

    // THEN it declares the project docker-scs-1-35 with the synth → package → validate chain and test
    const cli = 'node tools/cli/bin/cs.cjs';
    const cliInputs = [
      'production',
      '^production',
      '{workspaceRoot}/tools/cli/src/**/*.ts',
      '{workspaceRoot}/tools/cli/bin/*.cjs',
    ];
    const stackTask = (step: string, description: string): TargetConfiguration => ({
      executor: './tools/executors/nx:stack-task',
      options: { step },
      cache: true,
      metadata: { description },
    });
    expect(results).toEqual({
      [file]: {
        projects: {
          'providers/docker/scs/1-35': {
            name: 'docker-scs-1-35',
            root: 'providers/docker/scs/1-35',
            projectType: 'application',
            tags: ['provider:docker', 'stack:scs', 'k8s:1-35', 'type:stack'],
            targets: {
              synth: {
                ...stackTask(
                  'synth',
                  'Synthesizes the docker-scs-1-35 manifests into dist/synth/docker-scs-1-35.',
                ),
                dependsOn: [{ projects: ['@cluster-stacks/cli'], target: 'bundle' }],
                inputs: cliInputs,
                outputs: ['{workspaceRoot}/dist/synth/docker-scs-1-35'],
              },
              package: {
                ...stackTask('package', 'Packages the docker-scs-1-35 release into dist/releases.'),
                dependsOn: ['synth'],
                inputs: cliInputs,
                outputs: [
                  '{workspaceRoot}/dist/releases/docker-scs-1-35-*',
                  '{workspaceRoot}/dist/packaged/docker-scs-1-35.json',
                ],
              },
              validate: {
                ...command(
                  `${cli} validate providers/docker/scs/1-35`,
                  'Validates the packaged docker-scs-1-35 release.',
                ),
                dependsOn: ['package'],
                inputs: [
                  ...cliInputs,
                  '{workspaceRoot}/schemas/**/*',
                  '{workspaceRoot}/tools/toolchain/pins.env',
                  '{workspaceRoot}/tools/release-check/src/**/*',
                  '{workspaceRoot}/tools/toolchain/src/**/*',
                  '{workspaceRoot}/tools/topology-plan/*.go',
                  '{workspaceRoot}/tools/topology-plan/go.*',
                  '{projectRoot}/rendered/**/*',
                ],
                outputs: ['{workspaceRoot}/dist/reports/docker-scs-1-35'],
              },
              release: {
                ...command(
                  `${cli} release providers/docker/scs/1-35`,
                  'Builds the docker-scs-1-35 release from its version lock with release notes.',
                ),
                dependsOn: ['validate'],
                inputs: [
                  ...cliInputs,
                  '{workspaceRoot}/schemas/**/*',
                  '{workspaceRoot}/tools/toolchain/pins.env',
                  '{workspaceRoot}/tools/release-check/src/**/*',
                  '{workspaceRoot}/tools/toolchain/src/**/*',
                  '{workspaceRoot}/tools/topology-plan/*.go',
                  '{workspaceRoot}/tools/topology-plan/go.*',
                  '{projectRoot}/rendered/**/*',
                ],
                outputs: [
                  '{workspaceRoot}/dist/releases/docker-scs-1-35-*',
                  '{workspaceRoot}/dist/release-notes/docker-scs-1-35-*',
                ],
              },
              test: {
                executor: './tools/executors/nx:jest',
                options: { resultsFile: 'dist/test-results/providers-docker-scs-1-35.json' },
                cache: true,
                metadata: { description: 'Runs the jest tests under providers/docker/scs/1-35.' },
                inputs: [
                  'default',
                  '^production',
                  '{workspaceRoot}/jest.config.js',
                  '{workspaceRoot}/tools/cli/bin/write-atomically.cjs',
                ],
                outputs: ['{workspaceRoot}/dist/test-results/providers-docker-scs-1-35.json'],
              },
              lint: {
                executor: './tools/executors/nx:lint',
                cache: true,
                metadata: { description: 'Lints providers/docker/scs/1-35.' },
                inputs: ['default', '^production', '{workspaceRoot}/eslint.config.mjs'],
              },
            },
          },
        },
      },
    });
  });

  it('names each minor of each stack apart', async () => {
    // GIVEN two minors of docker/scs and one of openstack/scs
    const files = [
      'providers/docker/scs/1-34/stack.ts',
      'providers/docker/scs/1-35/stack.ts',
      'providers/openstack/scs/1-35/stack.ts',
    ];

    // WHEN the plugin infers projects from them
    const results = await infer(files);

    // THEN every file yields its own project, named and tagged after its folder
    const summary = files.map((file) =>
      Object.entries(results[file].projects ?? {}).map(([root, project]) => [
        root,
        project.name,
        project.tags,
      ]),
    );
    expect(summary).toEqual([
      [
        [
          'providers/docker/scs/1-34',
          'docker-scs-1-34',
          ['provider:docker', 'stack:scs', 'k8s:1-34', 'type:stack'],
        ],
      ],
      [
        [
          'providers/docker/scs/1-35',
          'docker-scs-1-35',
          ['provider:docker', 'stack:scs', 'k8s:1-35', 'type:stack'],
        ],
      ],
      [
        [
          'providers/openstack/scs/1-35',
          'openstack-scs-1-35',
          ['provider:openstack', 'stack:scs', 'k8s:1-35', 'type:stack'],
        ],
      ],
    ]);
  });

  it('adds test and lint targets to the project of a workspace package without naming it, and the bundle target to the CLI', async () => {
    // GIVEN the manifests of a construct package and of a tool
    const files = ['packages/core/package.json', 'tools/cli/package.json'];

    // WHEN the plugin infers projects from them
    const results = await infer(files);

    // THEN it contributes only targets, so Nx merges them into the project its package.json inference names; the
    // CLI also gets the target that compiles the tools
    expect(results).toEqual({
      'packages/core/package.json': {
        projects: {
          'packages/core': {
            targets: {
              test: {
                executor: './tools/executors/nx:jest',
                options: { resultsFile: 'dist/test-results/packages-core.json' },
                cache: true,
                metadata: { description: 'Runs the jest tests under packages/core.' },
                inputs: [
                  'default',
                  '^production',
                  '{workspaceRoot}/jest.config.js',
                  '{workspaceRoot}/tools/cli/bin/write-atomically.cjs',
                ],
                outputs: ['{workspaceRoot}/dist/test-results/packages-core.json'],
              },
              lint: {
                executor: './tools/executors/nx:lint',
                cache: true,
                metadata: { description: 'Lints packages/core.' },
                inputs: ['default', '^production', '{workspaceRoot}/eslint.config.mjs'],
              },
            },
          },
        },
      },
      'tools/cli/package.json': {
        projects: {
          'tools/cli': {
            targets: {
              test: {
                executor: './tools/executors/nx:jest',
                options: { resultsFile: 'dist/test-results/tools-cli.json' },
                cache: true,
                metadata: { description: 'Runs the jest tests under tools/cli.' },
                inputs: [
                  'default',
                  '^production',
                  '{workspaceRoot}/jest.config.js',
                  '{workspaceRoot}/tools/cli/bin/write-atomically.cjs',
                ],
                outputs: ['{workspaceRoot}/dist/test-results/tools-cli.json'],
              },
              lint: {
                executor: './tools/executors/nx:lint',
                cache: true,
                metadata: { description: 'Lints tools/cli.' },
                inputs: ['default', '^production', '{workspaceRoot}/eslint.config.mjs'],
              },
              bundle: {
                executor: './tools/executors/nx:stack-task',
                options: { step: 'bundle' },
                cache: true,
                metadata: { description: 'Compiles the CLI and the packages into dist/tools/cs.' },
                inputs: [
                  'production',
                  '^production',
                  '{workspaceRoot}/package-lock.json',
                  '{workspaceRoot}/tsconfig.base.json',
                ],
                outputs: ['{workspaceRoot}/dist/tools/cs'],
              },
            },
          },
        },
      },
    });
  });

  it('ignores files outside the shapes it knows', async () => {
    // GIVEN a stack.ts one folder too deep and a nested package manifest
    const files = ['providers/docker/scs/1-35/examples/stack.ts', 'packages/core/src/package.json'];

    // WHEN the plugin infers projects from them
    const results = await infer(files);

    // THEN it declares nothing for them
    expect(results).toEqual({
      'providers/docker/scs/1-35/examples/stack.ts': {},
      'packages/core/src/package.json': {},
    });
  });

  describe('release matrices', () => {
    const MATRIX = 'packages/provider-docker/src/scs/releases.json';
    let root: string;
    const write = (file: string, content: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), content);
    };

    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'matrix-'));
      write(MATRIX, '{ "1.35": {}, "1.36": {} }\n');
      write('providers/docker/scs/1-35/stack.ts', '');
    });

    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('names each row without a project and each project without a row', () => {
      // GIVEN rows 1.35 and 1.36, and projects 1-35 and 1-34
      write('providers/docker/scs/1-34/stack.ts', '');

      // WHEN the matrix is compared with the folders
      // THEN both disagreements are named
      expect(matrixDisagreements(MATRIX, root)).toEqual([
        `${MATRIX}: row "1.36" has no project providers/docker/scs/1-36/stack.ts`,
        `providers/docker/scs/1-34/stack.ts: ${MATRIX} has no row "1.34"`,
      ]);
    });

    it('fails project inference while they disagree, and adds no project for the matrix', async () => {
      // GIVEN a matrix whose 1.36 row has no project
      const [, createNodesFunction] = createNodes;
      const infer = (ctx: CreateNodesContext) => createNodesFunction([MATRIX], undefined, ctx);

      // WHEN / THEN inference fails naming the row, and passes once the project exists
      const failure = (await Promise.resolve(infer({ ...context, workspaceRoot: root })).catch(
        (e: unknown) => e,
      )) as {
        errors: [string, Error][];
      };
      expect(failure.errors.map(([file, error]) => [file, error.message])).toEqual([
        [
          MATRIX,
          'the release matrix and the stack projects disagree (the minor generator adds both):\n' +
            `${MATRIX}: row "1.36" has no project providers/docker/scs/1-36/stack.ts`,
        ],
      ]);
      write('providers/docker/scs/1-36/stack.ts', '');
      expect(await infer({ ...context, workspaceRoot: root })).toEqual([[MATRIX, {}]]);
    });
  });
});
