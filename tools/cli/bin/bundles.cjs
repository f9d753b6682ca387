// The bundles of the compiled tools: what each is built from. Plain JavaScript (see load.cjs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function listDir(dir) {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Libraries a stack may import that must be the very instances the CLI uses (its constructs are checked by class). */
const SHARED_LIBRARIES = ['cdk8s', 'cdk8s-plus-30', 'constructs', 'yaml'];

/** The names of the workspace's construct packages (packages/*), sorted. */
function constructPackages(root) {
  return listDir(path.join(root, 'packages'))
    .map((dir) => path.join(root, 'packages', dir, 'package.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')).name)
    .sort();
}

/**
 * The registration of every module a compiled stack may share with the tools (the construct packages and the
 * libraries they build on), the first lines of each bundle that may load stacks.
 */
function sharedModules(packages) {
  return [
    "require('./tools/cli/src/stack-modules').registerSharedModules({",
    ...[...packages, ...SHARED_LIBRARIES].map(
      (name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(name)}),`,
    ),
    '});',
  ];
}

/** The cs bundle's entry: the shared modules, then the CLI's exports (bundle-entry.ts). */
function csEntry(packages) {
  return [...sharedModules(packages), "module.exports = require('./tools/cli/src/bundle-entry');", ''].join(
    '\n',
  );
}

/**
 * A command line's bundle: the shared modules (it may load stacks), then its module, which runs the command when
 * loaded (the compiler and esbuild load when used).
 */
function script(module) {
  return {
    script: true,
    entry: (root) =>
      [...sharedModules(constructPackages(root)), `require(${JSON.stringify(`./${module}`)});`, ''].join(
        '\n',
      ),
    key: (root) => constructPackages(root),
    options: { external: ['typescript', 'esbuild'] },
  };
}

/**
 * Each bundle: `entry(root)` is its generated entry module; `key(root)` is what besides its files makes it stale
 * (the set of construct packages for cs); `external` are the imports left to Node (loaded when used).
 */
const BUNDLES = {
  // The CLI with the packages and the libraries they use (the compiler and esbuild load only when used). Each
  // stack is compiled on its own (tools/cli/src/compiled-stacks.ts) and shares these modules.
  cs: {
    entry: (root) => csEntry(constructPackages(root)),
    key: (root) => constructPackages(root),
    options: { external: ['typescript', 'esbuild'] },
  },
  // Command lines run by tools/cli/bin/run.cjs: each module runs its command when loaded.
  generate: script('tools/cli/src/generate/main'),
  docs: script('tools/docs/src/main'),
  bench: script('tools/cli/src/bench'),
  // Publishing loads no stack: its bundle is the publish tool alone.
  publish: {
    script: true,
    entry: () => "require('./tools/publish/src/cli');\n",
    key: () => [],
    options: {},
  },
  // The Nx plugin's project inference (its generators read template folders and stay TypeScript).
  'nx-plugin': {
    entry: () => "module.exports = require('./tools/nx-plugin/src/create-nodes');\n",
    key: () => [],
    options: { packages: 'external' },
  },
};

module.exports = { BUNDLES };
