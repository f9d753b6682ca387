// What the compiled tools bundle was built from, and whether it still matches the sources. Plain JavaScript:
// it runs before anything is compiled, and it never loads esbuild or TypeScript.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** The bundle and its record of inputs, relative to the workspace root. */
const BUNDLE_DIR = path.join('dist', 'tools', 'cs');
const BUNDLE = path.join(BUNDLE_DIR, 'cs.js');
const RECORD = path.join(BUNDLE_DIR, 'inputs.json');

/** Files that shape the bundle without being bundled themselves. */
const BUILD_FILES = [
  'package-lock.json',
  'tsconfig.base.json',
  'tools/cli/bin/build.cjs',
  'tools/cli/bin/inputs.cjs',
];

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

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Size, modification time and digest of a workspace file. */
function stamp(root, file) {
  const absolute = path.join(root, file);
  const stat = fs.statSync(absolute);
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(absolute) };
}

/** The record written next to the bundle: the stack files and a stamp of every workspace file it was built from. */
function record(root, bundledFiles) {
  const files = [...new Set([...bundledFiles, ...BUILD_FILES])].sort();
  return {
    node: process.versions.node.split('.')[0],
    stacks: stackFiles(root),
    files: Object.fromEntries(files.map((file) => [file, stamp(root, file)])),
  };
}

/**
 * True when the bundle exists and every file it was built from is unchanged: same size and modification time,
 * or else the same content. A new or removed stack project makes it stale too.
 */
function isFresh(root) {
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(root, RECORD), 'utf8'));
  } catch {
    return false;
  }
  if (!fs.existsSync(path.join(root, BUNDLE))) return false;
  if (recorded.node !== process.versions.node.split('.')[0]) return false;
  if (JSON.stringify(recorded.stacks) !== JSON.stringify(stackFiles(root))) return false;
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

module.exports = { BUNDLE, BUNDLE_DIR, RECORD, stackFiles, record, isFresh };
