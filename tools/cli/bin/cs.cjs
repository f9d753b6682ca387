#!/usr/bin/env node
// The `cs` command line, run from the compiled tools bundle (built on first use and whenever a source changed).
'use strict';

const { loadTools } = require('./load.cjs');

let tools;
try {
  tools = loadTools();
} catch (error) {
  // A compile error of the sources is the user's to fix: its message names the files, without a stack trace.
  console.error(error && error.isUserError ? `cs: ${error.message}` : error);
  process.exit(1);
}
tools.runMain(process.argv.slice(2));
