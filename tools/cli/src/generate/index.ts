import * as path from 'node:path';
import {
  findVariableSources,
  generateVariableModules,
  GeneratedModule,
  writeOrCheck,
} from '../variables/generate';
import { renderTemplateSchemas } from './template-schemas';
import { workspaceRoot } from '../util/files';

/** Every generated TypeScript module derived from sources in this repository. */
export function generatedModules(root: string): GeneratedModule[] {
  return [
    ...generateVariableModules(findVariableSources(root)),
    {
      file: path.join(root, 'packages/core/src/imports/template-schemas.ts'),
      content: renderTemplateSchemas(path.join(root, 'schemas')),
    },
  ];
}

/** Regenerates them, or with `check` returns the stale ones (relative paths) without writing. */
export function generate(root: string, check: boolean): string[] {
  return writeOrCheck(generatedModules(root), check).map((f) =>
    path.relative(root, f).split(path.sep).join('/'),
  );
}

/** `generate [--check]`: regenerates the modules (or lists the stale ones) and returns the exit code. */
export function runGenerate(check: boolean, root = workspaceRoot()): number {
  const stale = generate(root, check);
  if (check && stale.length > 0) {
    console.error(
      `generated files are out of date: ${stale.join(', ')}\nrun "npm run generate" and commit the result.`,
    );
    return 1;
  }
  if (!check)
    console.log(stale.length > 0 ? `regenerated ${stale.join(', ')}` : 'generated files are up to date');
  return 0;
}
