// Builds the compiled tools: one CommonJS bundle (dist/tools/cs/cs.js) of the cs CLI, the workspace packages,
// the libraries they use and every stack project's stack.ts, compiled ahead of time with esbuild. The stack
// code is type-checked by the commands that build it (tools/cli/src/typecheck). Usage, from anywhere:
//   node tools/cli/bin/build.cjs            build when a source changed
//   node tools/cli/bin/build.cjs --force    build in any case
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { BUNDLE, BUNDLE_DIR, RECORD, stackFiles, record, isFresh } = require('./inputs.cjs');

/** The name of the generated entry in esbuild's messages and metafile (it is not a file). */
const ENTRY_NAME = '<cs-entry>';

/** Loaded when needed, not bundled: the compiler (for type checks and generators) and esbuild itself. */
const EXTERNAL = ['typescript', 'esbuild'];

/** The bundle's entry: registers a loader of every stack module, then exports the CLI (bundle-entry.ts). */
function entrySource(stacks) {
  return [
    "const { registerStackModules } = require('./tools/cli/src/stack-modules');",
    'registerStackModules({',
    ...stacks.map(
      (file) =>
        `  ${JSON.stringify(path.posix.dirname(file))}: () => require(${JSON.stringify(`./${file}`)}),`,
    ),
    '});',
    "module.exports = require('./tools/cli/src/bundle-entry');",
    '',
  ].join('\n');
}

/** Writes a file through a temporary sibling, so that a reader sees the old or the new content, never a part. */
function writeAtomically(file, content) {
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** Builds the bundle of the workspace at `root` and writes its record of inputs; returns the bundled file count. */
function build(root) {
  const esbuild = require('esbuild');
  const stacks = stackFiles(root);
  const result = esbuild.buildSync({
    stdin: { contents: entrySource(stacks), resolveDir: root, sourcefile: ENTRY_NAME, loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: EXTERNAL,
    write: false,
    metafile: true,
    outfile: path.join(root, BUNDLE),
    logLevel: 'silent',
  });
  const bundled = Object.keys(result.metafile.inputs).filter(
    (file) => !file.startsWith('node_modules/') && !file.includes('/node_modules/') && file !== ENTRY_NAME,
  );
  fs.mkdirSync(path.join(root, BUNDLE_DIR), { recursive: true });
  fs.rmSync(path.join(root, `${BUNDLE}.v8cache`), { force: true });
  writeAtomically(path.join(root, BUNDLE), result.outputFiles[0].contents);
  writeAtomically(path.join(root, RECORD), JSON.stringify(record(root, bundled), null, 2) + '\n');
  return bundled.length;
}

/** The workspace root: two folders above tools/cli/bin. */
const ROOT = path.resolve(__dirname, '..', '..', '..');

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.some((a) => a !== '--force')) {
    console.error(
      `build.cjs: unknown argument ${JSON.stringify(args.find((a) => a !== '--force'))}: it takes only --force`,
    );
    process.exit(2);
  }
  if (!args.includes('--force') && isFresh(ROOT)) {
    console.log(`${BUNDLE} is up to date`);
  } else {
    const start = Date.now();
    try {
      const count = build(ROOT);
      console.log(`built ${BUNDLE} from ${count} workspace files in ${Date.now() - start} ms`);
    } catch (error) {
      const errors = (error && error.errors) || [];
      const shown = errors.length
        ? errors
            .map(
              (e) =>
                `${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`,
            )
            .join('\n  ')
        : String(error && error.message);
      console.error(`build.cjs: compiling the tools failed; fix the sources named below:\n  ${shown}`);
      process.exit(1);
    }
  }
}

module.exports = { build, ROOT };
