// How Nx loads this plugin (nx.json "plugins" and generators.json point here).
// Nx can only load a TypeScript plugin through @swc-node/register or ts-node (or the native type stripping
// of Node >= 22.18); the workspace has neither installed but pins tsx, so tsx compiles src/index.ts here,
// in its own namespace, without changing how the rest of the Nx process loads files.
'use strict';

const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./src/index.ts', __filename);
