// Builds the compiled tools (bundles.cjs): CommonJS bundles compiled ahead of time with esbuild, each in
// dist/tools/<name>/ with the record of the files it was built from. The stack code is type-checked by the
// commands that build it (tools/cli/src/typecheck). Usage, from anywhere:
//   node tools/cli/bin/build.cjs [name…]            build each named bundle (default: all) whose sources changed
//   node tools/cli/bin/build.cjs --force [name…]    build them in any case
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { BUNDLES } = require('./bundles.cjs');
const { bundlePaths, record, isFresh } = require('./inputs.cjs');
const { writeAtomically } = require('./write-atomically.cjs');

/** The name of a generated entry in esbuild's messages and metafile (it is not a file). */
const ENTRY_NAME = '<entry>';

/** The workspace root: three folders above this file. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Builds one bundle of the workspace at `root` and writes its record; returns the count of workspace files in it. */
function build(root, name) {
  const spec = BUNDLES[name];
  const paths = bundlePaths(name);
  const esbuild = require('esbuild');
  const result = esbuild.buildSync({
    stdin: { contents: spec.entry(root), resolveDir: root, sourcefile: ENTRY_NAME, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    write: false,
    metafile: true,
    outfile: path.join(root, paths.bundle),
    logLevel: 'silent',
    ...spec.options,
  });
  const bundled = Object.keys(result.metafile.inputs).filter(
    (file) => file !== ENTRY_NAME && !file.split('/').includes('node_modules'),
  );
  fs.mkdirSync(path.join(root, paths.dir), { recursive: true });
  fs.rmSync(path.join(root, `${paths.bundle}.v8cache`), { force: true });
  writeAtomically(path.join(root, paths.bundle), result.outputFiles[0].contents);
  writeAtomically(
    path.join(root, paths.record),
    JSON.stringify(record(root, spec.key(root), bundled), null, 2) + '\n',
  );
  return bundled.length;
}

/** esbuild's errors as `file:line:column: text` lines. */
function describeBuildError(error) {
  const errors = (error && error.errors) || [];
  return errors.length
    ? errors
        .map(
          (e) =>
            `${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`,
        )
        .join('\n  ')
    : String(error && error.message);
}

/**
 * Builds the named bundle unless it is up to date (the command line below, the Nx bundle step): `{ success,
 * message }`, the message saying what happened: up to date, built, or why it failed (the compile errors to fix).
 */
function buildUnlessFresh(root, name, force = false) {
  const paths = bundlePaths(name);
  if (!force && isFresh(root, paths, BUNDLES[name].key(root)))
    return { success: true, message: `${paths.bundle} is up to date` };
  const start = Date.now();
  try {
    const count = build(root, name);
    return {
      success: true,
      message: `built ${paths.bundle} from ${count} workspace files in ${Date.now() - start} ms`,
    };
  } catch (error) {
    return {
      success: false,
      message: `compiling ${paths.bundle} failed; fix the sources named below:\n  ${describeBuildError(error)}`,
    };
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const names = args.filter((a) => a !== '--force');
  const unknown = names.find((n) => !Object.hasOwn(BUNDLES, n));
  if (unknown !== undefined) {
    console.error(
      `build.cjs: unknown argument ${JSON.stringify(unknown)}: expected bundle names (${Object.keys(BUNDLES).join(', ')}) and --force`,
    );
    process.exit(2);
  }
  for (const name of names.length > 0 ? names : Object.keys(BUNDLES)) {
    const { success, message } = buildUnlessFresh(ROOT, name, force);
    if (!success) {
      console.error(`build.cjs: ${message}`);
      process.exit(1);
    }
    console.log(message);
  }
}

module.exports = { build, buildUnlessFresh, describeBuildError, ROOT };
