// How Nx loads this plugin (nx.json "plugins" and generators.json point here).
// Project inference runs on every Nx command, so it is loaded compiled (the nx-plugin bundle of
// tools/cli/bin/bundles.cjs, rebuilt when its sources change). The generators read their template folders next
// to their sources, so they are compiled by tsx when first used, in its own namespace, without changing how
// the rest of the Nx process loads files.
'use strict';

const { loadBundle } = require('../cli/bin/load.cjs');

const inference = loadBundle('nx-plugin');

let generators;
function generator(name) {
  return (...args) => {
    generators ??= require('tsx/cjs/api').require('./src/generators.ts', __filename);
    return generators[name](...args);
  };
}

module.exports = {
  createNodes: inference.createNodes,
  createNodesV2: inference.createNodesV2,
  minorGenerator: generator('minorGenerator'),
  providerGenerator: generator('providerGenerator'),
  stackGenerator: generator('stackGenerator'),
};
