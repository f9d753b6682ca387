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

/** Every `providers/<provider>/<stack>/<minor>/stack.ts`, relative to the root, sorted. */
function stackFiles(root) {
  const files = [];
  for (const provider of listDir(path.join(root, 'providers')))
    for (const stack of listDir(path.join(root, 'providers', provider)))
      for (const minor of listDir(path.join(root, 'providers', provider, stack))) {
        const file = `providers/${provider}/${stack}/${minor}/stack.ts`;
        if (fs.existsSync(path.join(root, file))) files.push(file);
      }
  return files;
}

/** The cs bundle's entry: registers a loader of every stack module, then exports the CLI (bundle-entry.ts). */
function csEntry(stacks) {
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

/**
 * Each bundle: `entry(root)` is its generated entry module; `key(root)` is what besides its files makes it stale
 * (the set of stack projects for cs); `external` are the imports left to Node (loaded when used).
 */
const BUNDLES = {
  // The CLI with the packages, the libraries they use and every stack (the compiler loads only for checks).
  cs: {
    entry: (root) => csEntry(stackFiles(root)),
    key: (root) => stackFiles(root),
    options: { external: ['typescript', 'esbuild'] },
  },
  // The Nx plugin's project inference (its generators read template folders and stay TypeScript).
  'nx-plugin': {
    entry: () => "module.exports = require('./tools/nx-plugin/src/create-nodes');\n",
    key: () => [],
    options: { packages: 'external' },
  },
};

module.exports = { BUNDLES, stackFiles };
