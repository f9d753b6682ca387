// Loads a compiled tools bundle (bundles.cjs), building it first when it is missing or a source changed since.
// Each bundle is compiled with V8's code cache (`<bundle>.v8cache`, written after the first run that lacks
// it), so that later processes skip parsing and compiling most of its functions.
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');
const { BUNDLES } = require('./bundles.cjs');
const { bundlePaths, isFresh } = require('./inputs.cjs');
const { writeAtomically } = require('./write-atomically.cjs');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function readCache(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the code cache when the process ends, so that it holds every function this run compiled. */
function writeCacheOnExit(script, file) {
  process.once('exit', () => {
    try {
      writeAtomically(file, script.createCachedData());
    } catch {
      // A missing cache only costs time; the next run tries again.
    }
  });
}

/** Runs a CommonJS file as `require` would, with its V8 code cache; returns its exports. */
function requireCached(file) {
  const cacheFile = `${file}.v8cache`;
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) writeCacheOnExit(script, cacheFile);
  const module_ = new Module(file, module);
  module_.filename = file;
  module_.paths = Module._nodeModulePaths(path.dirname(file));
  const requireFromBundle = Module.createRequire(file);
  script
    .runInThisContext()
    .call(module_.exports, module_.exports, requireFromBundle, module_, file, path.dirname(file));
  module_.loaded = true;
  return module_.exports;
}

const loaded = new Map();

/** The exports of the named bundle, built first when stale. */
function loadBundle(name) {
  if (!loaded.has(name)) {
    if (!isFresh(ROOT, bundlePaths(name), BUNDLES[name].key(ROOT))) {
      const { build, describeBuildError } = require('./build.cjs');
      try {
        build(ROOT, name);
      } catch (error) {
        if (!error || !error.errors) throw error;
        const failure = new Error(
          `compiling the tools failed; fix the sources named below:\n  ${describeBuildError(error)}`,
        );
        failure.isUserError = true;
        throw failure;
      }
    }
    loaded.set(name, requireCached(path.join(ROOT, bundlePaths(name).bundle)));
  }
  return loaded.get(name);
}

/** The CLI bundle's exports (tools/cli/src/bundle-entry.ts). */
function loadTools() {
  return loadBundle('cs');
}

module.exports = { loadBundle, loadTools };
