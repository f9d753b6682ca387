import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { importCycles, importGraph, packageOf } from './import-graph';
import { workspaceRoot } from './util/files';

const graph = importGraph(workspaceRoot());
const isTest = (file: string) => /\.test\.ts$|\/test-support\.ts$|\/testing\//.test(file);

describe('imports of the workspace', () => {
  test('GIVEN every TypeScript file of packages/ and tools/ WHEN its imports are followed THEN no file reaches itself', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(importCycles(graph)).toEqual([]);
  });

  test('GIVEN production code WHEN it imports a generated file (imports/) THEN that file is its own package’s', () => {
    const foreign = [...graph].flatMap(([file, targets]) =>
      isTest(file)
        ? []
        : targets
            .filter((t) => t.includes('/imports/') && packageOf(t) !== packageOf(file))
            .map((t) => `${file} → ${t}`),
    );
    expect(foreign).toEqual([]);
  });

  test('GIVEN a package whose generated file imports the package index WHEN the graph is built THEN the cycle is found', () => {
    // GIVEN a workspace with the shape the core package once had
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'imports-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    try {
      write('packages/core/package.json', '{ "name": "@cluster-stacks/core", "main": "src/index.ts" }');
      write(
        'packages/core/src/index.ts',
        "export * from './schema';\nexport { v } from './hardening/imports/variables';\n",
      );
      write('packages/core/src/schema.ts', 'export interface VariableDefinition { name: string }\n');
      write(
        'packages/core/src/hardening/imports/variables.ts',
        "import type { VariableDefinition } from '@cluster-stacks/core';\nexport const v: VariableDefinition[] = [];\n",
      );

      // WHEN / THEN
      expect(importCycles(importGraph(root))).toEqual([
        ['packages/core/src/hardening/imports/variables.ts', 'packages/core/src/index.ts'],
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
