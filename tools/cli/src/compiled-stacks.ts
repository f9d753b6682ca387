// Stack modules for the compiled CLI: each project's stack.ts (and what it imports from its folder) compiled on
// its own with esbuild into dist/tools/stacks/<project>/stack.js, rebuilt when one of its files changed, and run
// with the construct packages and libraries of the CLI's bundle.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';
import { StackDefinitionError } from '@cluster-stacks/core';
import { sharedModule } from './stack-modules';

interface BundlePaths {
  readonly dir: string;
  readonly bundle: string;
  readonly record: string;
}

/** The record of inputs shared with the tools bundles (plain JavaScript, bundled with the CLI). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const inputs = require('../bin/inputs.cjs') as {
  record(root: string, key: unknown, files: readonly string[]): unknown;
  isFresh(root: string, paths: BundlePaths, key: unknown): boolean;
};

/** A stack project as this module needs it: its Nx name and its folder. */
interface StackFolder {
  readonly name: string;
  readonly root: string;
}

function stackPaths(project: StackFolder): BundlePaths {
  const dir = path.join('dist', 'tools', 'stacks', project.name);
  return { dir, bundle: path.join(dir, 'stack.js'), record: path.join(dir, 'inputs.json') };
}

function writeAtomically(file: string, content: string | Uint8Array): void {
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** Compiles a project's stack.ts; imports of packages stay imports, resolved when the module runs. */
function compile(project: StackFolder, root: string, paths: BundlePaths): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof Esbuild;
  let result: Esbuild.BuildResult<{ write: false; metafile: true }>;
  try {
    result = esbuild.buildSync({
      entryPoints: [path.join(root, project.root, 'stack.ts')],
      absWorkingDir: root,
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      metafile: true,
      outfile: path.join(root, paths.bundle),
      logLevel: 'silent',
    });
  } catch (error) {
    const errors = (error as { errors?: Esbuild.Message[] }).errors ?? [];
    const lines = errors.map(
      (e) => `${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`,
    );
    throw new StackDefinitionError(
      `${project.root}/stack.ts does not compile; fix it before building:\n  ${lines.join('\n  ') || String(error)}`,
    );
  }
  fs.mkdirSync(path.join(root, paths.dir), { recursive: true });
  writeAtomically(path.join(root, paths.bundle), result.outputFiles[0].contents);
  const files = Object.keys(result.metafile.inputs);
  writeAtomically(
    path.join(root, paths.record),
    JSON.stringify(inputs.record(root, [], files), null, 2) + '\n',
  );
}

/** The exports of a project's compiled stack.ts, compiled first when missing or stale. */
export function loadCompiledStack(project: StackFolder, root: string): unknown {
  const paths = stackPaths(project);
  if (!inputs.isFresh(root, paths, [])) compile(project, root, paths);
  const file = path.join(root, paths.bundle);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${fs.readFileSync(file, 'utf8')}\n})`;
  const run = vm.runInThisContext(wrapped, { filename: file }) as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  const fromFile = createRequire(file);
  const requireShared = (name: string): unknown => sharedModule(name) ?? fromFile(name);
  run.call(module.exports, module.exports, requireShared, module, file, path.dirname(file));
  return module.exports;
}
