#!/usr/bin/env node
// Runs one of the workspace's command lines from its compiled bundle (bundles.cjs, built on first use and
// whenever a source changed): `node tools/cli/bin/run.cjs <generate|docs|bench|publish> [arguments…]`.
'use strict';

const { BUNDLES } = require('./bundles.cjs');
const { loadBundle } = require('./load.cjs');

const SCRIPTS = Object.keys(BUNDLES).filter((name) => BUNDLES[name].script);
const name = process.argv[2];
if (!SCRIPTS.includes(name)) {
  console.error(
    `run.cjs: unknown command line ${JSON.stringify(name)}: expected one of ${SCRIPTS.join(', ')}`,
  );
  process.exit(2);
}
// The script reads its own arguments from process.argv.slice(2).
process.argv.splice(2, 1);
try {
  loadBundle(name);
} catch (error) {
  // A compile error of the sources is the user's to fix: its message names the files, without a stack trace.
  console.error(error && error.isUserError ? `${name}: ${error.message}` : error);
  process.exit(1);
}
