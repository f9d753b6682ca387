import { generateFiles, logger, type GeneratorCallback, type Tree } from '@nx/devkit';
import * as path from 'path';
import { providerPackageName, providerPackageRoot, validateName } from '../shared/names';

export interface ProviderGeneratorSchema {
  provider: string;
}

/** Creates the construct package `packages/provider-<provider>`. */
export async function providerGenerator(
  tree: Tree,
  options: ProviderGeneratorSchema,
): Promise<GeneratorCallback> {
  const provider = validateName('provider', options.provider);
  const packageRoot = providerPackageRoot(provider);
  const packageName = providerPackageName(provider);

  if (tree.exists(`${packageRoot}/package.json`)) {
    throw new Error(
      `${packageRoot}/package.json already exists: the ${provider} provider is already a package.`,
    );
  }

  generateFiles(tree, path.join(__dirname, 'files'), packageRoot, { provider, packageName });

  return () => {
    logger.info(`Run npm install to link ${packageName} into node_modules before importing it from a stack.`);
  };
}

export default providerGenerator;
