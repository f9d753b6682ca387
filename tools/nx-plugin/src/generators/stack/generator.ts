import { generateFiles, type Tree } from '@nx/devkit';
import * as path from 'path';
import { providerPackageRoot, stackFactoryName, validateName } from '../shared/names';

export interface StackGeneratorSchema {
  provider: string;
  stack: string;
}

/** Adds the shared definition of stack `<stack>` to `packages/provider-<provider>` and exports its factory. */
export async function stackGenerator(tree: Tree, options: StackGeneratorSchema): Promise<void> {
  const provider = validateName('provider', options.provider);
  const stack = validateName('stack', options.stack);
  const packageRoot = providerPackageRoot(provider);
  const definition = `${packageRoot}/src/${stack}/index.ts`;
  const factory = stackFactoryName(provider, stack);

  if (!tree.exists(`${packageRoot}/package.json`)) {
    throw new Error(
      `Cannot add stack ${provider}/${stack}: ${packageRoot} does not exist. ` +
        `Create it first: npx nx g @cluster-stacks/nx-plugin:provider --provider ${provider}.`,
    );
  }
  if (tree.exists(definition)) {
    throw new Error(`${definition} already exists: the ${provider}/${stack} stack is already defined.`);
  }

  generateFiles(tree, path.join(__dirname, 'files'), `${packageRoot}/src`, { stack, provider, factory });
  addExport(tree, `${packageRoot}/src/index.ts`, `export { ${factory} } from './${stack}';`);
}

/** Appends `line` to the package index (once), replacing the `export {};` placeholder of an empty package. */
function addExport(tree: Tree, indexFile: string, line: string): void {
  const current = tree.read(indexFile, 'utf-8') ?? '';
  const lines = current.split('\n').filter((existing) => existing.trim() !== 'export {};');
  if (lines.includes(line)) {
    return;
  }
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') {
    lines.pop();
  }
  lines.push(line);
  tree.write(indexFile, `${lines.join('\n')}\n`);
}

export default stackGenerator;
