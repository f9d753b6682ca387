import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** Import edges between the TypeScript files of the workspace packages, by workspace-relative path. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

const SOURCE_ROOTS = ['packages', 'tools'];

function sourceFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const group of SOURCE_ROOTS) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const pkg of fs.readdirSync(dir)) {
      const src = path.join(dir, pkg, 'src');
      if (fs.existsSync(src)) walk(src);
    }
  }
  return out.sort();
}

/** `@cluster-stacks/<name>` → the package folder, from each workspace package.json. */
function workspacePackages(root: string): Map<string, string> {
  const packages = new Map<string, string>();
  for (const group of SOURCE_ROOTS) {
    const dir = path.join(root, group);
    if (!fs.existsSync(dir)) continue;
    for (const pkg of fs.readdirSync(dir)) {
      const manifest = path.join(dir, pkg, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name: string };
      packages.set(name, path.join(dir, pkg));
    }
  }
  return packages;
}

function resolveFile(candidate: string): string | undefined {
  for (const file of [`${candidate}.ts`, path.join(candidate, 'index.ts'), candidate]) {
    if (fs.existsSync(file) && fs.statSync(file).isFile() && file.endsWith('.ts')) return file;
  }
  return undefined;
}

/**
 * Every import (value and type-only, static and `import()`) between the workspace's own TypeScript files.
 * A package import (`@cluster-stacks/core`) points at the file its package.json names as `main`.
 */
export function importGraph(root: string): ImportGraph {
  const packages = workspacePackages(root);
  const graph = new Map<string, string[]>();
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName: specifier } of info.importedFiles) {
      let target: string | undefined;
      if (specifier.startsWith('.')) target = resolveFile(path.resolve(path.dirname(file), specifier));
      else {
        const name = [...packages.keys()].find((p) => specifier === p || specifier.startsWith(`${p}/`));
        if (name === undefined) continue;
        const dir = packages.get(name)!;
        const sub = specifier.slice(name.length + 1);
        if (sub) target = resolveFile(path.join(dir, sub));
        else {
          const { main } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
            main?: string;
          };
          target = resolveFile(path.join(dir, (main ?? 'src/index.ts').replace(/\.ts$/, '')));
        }
      }
      if (target) targets.add(rel(target));
    }
    graph.set(rel(file), [...targets].sort());
  }
  return graph;
}

/** The import cycles of a graph: each strongly connected group of files (or a file importing itself), sorted. */
export function importCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The package folder (`packages/core`) a workspace file belongs to. */
export function packageOf(file: string): string {
  return file.split('/').slice(0, 2).join('/');
}
