#!/usr/bin/env node
// The `cs` command line, run from the compiled tools bundle (built on first use and whenever a source changed).
'use strict';

const { loadTools } = require('./load.cjs');

loadTools().runMain(process.argv.slice(2));
