import { generateFiles, logger, type Tree } from '@nx/devkit';
import * as path from 'path';
import {
  parseMinor,
  rawFlag,
  providerPackageName,
  providerPackageRoot,
  stackFactoryName,
  stackFolder,
  validateName,
} from '../shared/names';

export interface MinorGeneratorSchema {
  provider: string;
  stack: string;
  /** `1.37` or `1-37` (the Nx command line passes `--minor 1.37` as a number). */
  minor: string | number;
}

const CORE_VERSIONS_FILE = 'packages/core/src/kubernetes-version.ts';

/** Adds `providers/<provider>/<stack>/<1-NN>/stack.ts`, which the plugin infers as project `<provider>-<stack>-1-NN`. */
export async function minorGenerator(tree: Tree, options: MinorGeneratorSchema): Promise<void> {
  const provider = validateName('provider', options.provider);
  const stack = validateName('stack', options.stack);
  const raw = typeof options.minor === 'number' ? rawFlag(process.argv, 'minor') : undefined;
  const minor = parseMinor(raw !== undefined && Number(raw) === options.minor ? raw : options.minor);
  const folder = stackFolder(provider, stack);
  const target = `${folder}/${minor.dashed}/stack.ts`;

  if (tree.exists(target)) {
    throw new Error(
      `${target} already exists: Kubernetes ${minor.dotted} of ${provider}/${stack} is already the project ` +
        `${provider}-${stack}-${minor.dashed}.`,
    );
  }
  const existingMinors = tree.exists(folder)
    ? tree.children(folder).filter((child) => tree.exists(`${folder}/${child}/stack.ts`))
    : [];
  const providerRoot = providerPackageRoot(provider);
  if (existingMinors.length === 0 && !tree.exists(`${providerRoot}/package.json`)) {
    throw new Error(
      `Cannot add Kubernetes ${minor.dotted} to ${provider}/${stack}: ${folder}/ has no minor yet and ` +
        `${providerRoot} does not exist. Create the provider package and the stack definition first: ` +
        `npx nx g @cluster-stacks/nx-plugin:provider --provider ${provider}, then ` +
        `npx nx g @cluster-stacks/nx-plugin:stack --provider ${provider} --stack ${stack}.`,
    );
  }

  generateFiles(tree, path.join(__dirname, 'files'), folder, {
    minor: minor.dashed,
    minorDotted: minor.dotted,
    provider,
    stack,
    factory: stackFactoryName(provider, stack),
    providerPackage: providerPackageName(provider),
    versionConstant: minor.constant,
  });

  if (tree.exists(CORE_VERSIONS_FILE)) {
    const versions = tree.read(CORE_VERSIONS_FILE, 'utf-8') ?? '';
    if (!new RegExp(`\\b${minor.constant}\\b`).test(versions)) {
      logger.warn(
        `${target} uses KubernetesVersion.${minor.constant}, which ${CORE_VERSIONS_FILE} does not declare yet: ` +
          `add the constant (with the patch release to build) before synthesizing.`,
      );
    }
  }
}

export default minorGenerator;
