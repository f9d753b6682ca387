// One helper of the plain JavaScript tools (build.cjs, load.cjs and the Nx executors), which run without the
// compiled bundle and so cannot use tools/cli/src/util/atomic.ts.
'use strict';

const fs = require('node:fs');

/** Writes a file through a temporary sibling, so that a reader sees the old or the new content, never a part. */
function writeAtomically(file, content) {
  const temporary = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

module.exports = { writeAtomically };
