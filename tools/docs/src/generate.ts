import { allProjects, loadStack, workspaceRoot, writeFileAtomically } from '@cluster-stacks/cli';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFERENCE_DIR, referenceFiles } from './reference';

/** The reference files of the workspace's stacks, from their stack definitions. */
export function workspaceReferences(root = workspaceRoot()): Map<string, string> {
  return referenceFiles(allProjects(root).map((project) => loadStack(project, root)));
}

/**
 * Compares the committed references with fresh ones: `path: reason` per stale, missing or extra file
 * (an extra file is a reference of a stack that no longer exists).
 */
export function staleReferences(root = workspaceRoot(), fresh = workspaceReferences(root)): string[] {
  const dir = path.join(root, REFERENCE_DIR);
  const committed = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => `${REFERENCE_DIR}/${f}`)
    : [];
  const names = [...new Set([...fresh.keys(), ...committed])].sort();
  return names.flatMap((name) => {
    const expected = fresh.get(name);
    const file = path.join(root, name);
    if (expected === undefined) return [`${name}: no stack has this reference any more`];
    if (!fs.existsSync(file)) return [`${name}: missing`];
    return fs.readFileSync(file, 'utf8') === expected ? [] : [`${name}: out of date`];
  });
}

/** Writes the references (and removes those of stacks that no longer exist); returns the paths written. */
export function writeReferences(root = workspaceRoot(), fresh = workspaceReferences(root)): string[] {
  const dir = path.join(root, REFERENCE_DIR);
  for (const [name, content] of fresh) writeFileAtomically(path.join(root, name), content);
  for (const file of fs.readdirSync(dir)) {
    if (file.endsWith('.md') && !fresh.has(`${REFERENCE_DIR}/${file}`)) fs.rmSync(path.join(dir, file));
  }
  return [...fresh.keys()];
}
