// What a compiled tools bundle was built from, and whether it still matches the sources. Plain JavaScript: it
// runs before anything is compiled, and it never loads esbuild or TypeScript.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Files that shape every bundle without being bundled themselves. */
const BUILD_FILES = [
  'package-lock.json',
  'tsconfig.base.json',
  'tools/cli/bin/build.cjs',
  'tools/cli/bin/bundles.cjs',
  'tools/cli/bin/inputs.cjs',
];

/** Where a bundle and its record of inputs live, relative to the workspace root. */
function bundlePaths(name) {
  const dir = path.join('dist', 'tools', name);
  return { dir, bundle: path.join(dir, `${name}.js`), record: path.join(dir, 'inputs.json') };
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Size, modification time and digest of a workspace file. */
function stamp(root, file) {
  const absolute = path.join(root, file);
  const stat = fs.statSync(absolute);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(absolute) };
}

function nodeMajor() {
  return process.versions.node.split('.')[0];
}

/** The record written next to a bundle: its key and a stamp of every workspace file it was built from. */
function record(root, key, bundledFiles) {
  const files = [...new Set([...bundledFiles, ...BUILD_FILES])].sort();
  return {
    node: nodeMajor(),
    key,
    files: Object.fromEntries(files.map((file) => [file, stamp(root, file)])),
  };
}

/**
 * True when the bundle (`paths` as bundlePaths returns them) exists, its key is the same and every file it was built from is unchanged: same size and
 * modification time, or else the same content.
 */
function isFresh(root, paths, key) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(root, paths.record), 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(path.join(root, paths.bundle))) return false;
  if (recorded.node !== nodeMajor() || JSON.stringify(recorded.key) !== JSON.stringify(key)) return false;
  for (const [file, was] of Object.entries(recorded.files)) {
    const absolute = path.join(root, file);
    let stat;
    try {
      stat = fs.statSync(absolute);
    } catch {
      return false;
    }
    if (stat.size !== was.size) return false;
    if (stat.mtimeMs !== was.mtimeMs && sha256(absolute) !== was.sha256) return false;
  }
  return true;
}

module.exports = { bundlePaths, record, isFresh };
