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
import { addSchemaPin, appendRow, releaseMatrixFile } from '../shared/release-matrix';

export interface MinorGeneratorSchema {
  provider: string;
  stack: string;
  /** `1.37` or `1-37` (the Nx command line passes `--minor 1.37` as a number). */
  minor: string | number;
}

/** The toolchain pins, whose `K8S_SCHEMA_<minor>` lines say which Kubernetes schemas the installer fetches. */
const PINS_FILE = 'tools/toolchain/pins.env';

/**
 * Adds Kubernetes `<1.NN>` to a stack: `providers/<provider>/<stack>/<1-NN>/stack.ts` (which the plugin infers as
 * project `<provider>-<stack>-1-NN`), the row of the minor in the stack's release matrix, prefilled from the
 * previous row with its digest fields marked unverified, and the schema pin of the minor when missing.
 */
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

  const matrix = releaseMatrixFile(provider, stack);
  const unverified = appendRow(tree, matrix, minor);
  generateFiles(tree, path.join(__dirname, 'files'), folder, {
    minor: minor.dashed,
    minorDotted: minor.dotted,
    provider,
    stack,
    factory: stackFactoryName(provider, stack),
    providerPackage: providerPackageName(provider),
  });
  addSchemaPin(tree, PINS_FILE, minor);
  if (unverified.length > 0) {
    logger.warn(
      `${matrix}: the ${minor.dotted} row is prefilled from the previous minor; fill in real values for ` +
        `${unverified.join(', ')} and remove "unverified" before synthesizing.`,
    );
  }
}

export default minorGenerator;
