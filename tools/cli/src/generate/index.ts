import * as path from 'node:path';
import {
  findVariableSources,
  generateVariableModules,
  GeneratedModule,
  writeOrCheck,
} from '../variables/generate';
import { renderTemplateSchemas } from './template-schemas';

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
