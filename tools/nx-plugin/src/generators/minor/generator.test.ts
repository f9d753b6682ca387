import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { minorGenerator } from './generator';

const STACK_1_37 = `// Kubernetes 1.37 of the docker/scs cluster stack: its versions are the 1.37 row of the stack's release matrix.
import { dockerScsStack } from '@cluster-stacks/provider-docker';

export default dockerScsStack('1.37');
`;

const MATRIX = 'packages/provider-docker/src/scs/releases.json';
const DIGEST_36 = `sha256:${'3'.repeat(64)}`;
const ROW_1_36 = {
  kubernetes: '1.36.1',
  capi: 'v1beta1',
  kubernetesSchema: 'v1.36.0',
  nodeImage: `kindest/node:v1.36.1@${DIGEST_36}`,
  cilium: '1.20.0',
};
const PINS = 'tools/toolchain/pins.env';

describe('minor generator', () => {
  let tree: Tree;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    warn.mockRestore();
  });

  describe('given a stack with a minor', () => {
    beforeEach(() => {
      tree.write('providers/docker/scs/1-36/stack.ts', 'export default {};\n');
      tree.write(MATRIX, `${JSON.stringify({ '1.36': ROW_1_36 }, null, 2)}\n`);
    });

    it.each(['1.37', '1-37', 1.37])('adds the minor written as %p', async (minor) => {
      // GIVEN docker/scs with Kubernetes 1.36 (no provider package needed: the stack already builds)
      // WHEN the minor generator runs for 1.37 in any accepted spelling
      await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor });

      // THEN providers/docker/scs/1-37/stack.ts builds the shared stack from the 1.37 row
      expect(tree.read('providers/docker/scs/1-37/stack.ts', 'utf-8')).toBe(STACK_1_37);
      expect(tree.children('providers/docker/scs/1-37')).toEqual(['stack.ts']);
    });

    it('refuses a minor that already exists', async () => {
      // GIVEN docker/scs with Kubernetes 1.36
      // WHEN the minor generator runs for 1.36
      const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.36' });

      // THEN it fails naming the file and the project, and leaves the file alone
      await expect(run).rejects.toThrow(
        'providers/docker/scs/1-36/stack.ts already exists: Kubernetes 1.36 of docker/scs is already the project docker-scs-1-36.',
      );
      expect(tree.read('providers/docker/scs/1-36/stack.ts', 'utf-8')).toBe('export default {};\n');
    });

    it('appends the row of the minor, prefilled from the previous one, with its digests marked unverified', async () => {
      // GIVEN docker/scs whose release matrix has the 1.36 row, and the schema pins of 1.36
      tree.write(PINS, '# schemas\nK8S_SCHEMA_1_36=v1.36.0\n\n# other\n');

      // WHEN the minor generator runs for 1.37
      await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

      // THEN the matrix gets a 1.37 row: the new release and schema pin, the rest copied, the digest marked
      expect(JSON.parse(tree.read(MATRIX, 'utf-8')!)).toEqual({
        '1.36': ROW_1_36,
        '1.37': {
          kubernetes: '1.37.0',
          capi: 'v1beta1',
          kubernetesSchema: 'v1.37.0',
          nodeImage: `kindest/node:v1.36.1@${DIGEST_36}`,
          cilium: '1.20.0',
          unverified: ['nodeImage'],
        },
      });
      // AND the schema pin of 1.37 follows the last one
      expect(tree.read(PINS, 'utf-8')).toBe(
        '# schemas\nK8S_SCHEMA_1_36=v1.36.0\nK8S_SCHEMA_1_37=v1.37.0\n\n# other\n',
      );
      // AND it says which fields need real values
      expect(warn).toHaveBeenCalledWith(
        `${MATRIX}: the 1.37 row is prefilled from the previous minor; fill in real values for nodeImage ` +
          'and remove "unverified" before synthesizing.',
      );
    });

    it('refuses a minor older than the newest row', async () => {
      // GIVEN docker/scs whose matrix has the 1.36 row
      // WHEN the minor generator runs for 1.35 (whose folder does not exist)
      const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.35' });

      // THEN it refuses to insert before the newest row and writes nothing
      await expect(run).rejects.toThrow(
        `${MATRIX} has rows after 1.35: a new minor is appended after the newest one.`,
      );
      expect(tree.exists('providers/docker/scs/1-35')).toBe(false);
    });
  });

  it('refuses a stack without a release matrix', async () => {
    // GIVEN docker/scs with a 1.36 project but no releases.json
    tree.write('providers/docker/scs/1-36/stack.ts', 'export default {};\n');

    // WHEN the minor generator runs for 1.37
    const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

    // THEN it names the missing file and writes no project
    await expect(run).rejects.toThrow(
      `${MATRIX} does not exist: the stack has no release matrix. Add it with the stack generator, or create it as {}.`,
    );
    expect(tree.exists('providers/docker/scs/1-37')).toBe(false);
  });

  it('adds the first minor of a stack whose provider package exists', async () => {
    // GIVEN packages/provider-docker and no providers/docker/scs folder
    tree.write('packages/provider-docker/package.json', '{ "name": "@cluster-stacks/provider-docker" }');
    tree.write(MATRIX, '{}\n');

    // WHEN the minor generator runs for 1.37
    await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

    // THEN the stack folder gets its first project, and the matrix its first row with the common fields
    expect(tree.read('providers/docker/scs/1-37/stack.ts', 'utf-8')).toBe(STACK_1_37);
    expect(JSON.parse(tree.read(MATRIX, 'utf-8')!)).toEqual({
      '1.37': { kubernetes: '1.37.0', capi: 'v1beta1', kubernetesSchema: 'v1.37.0' },
    });
  });

  it('refuses the first minor of a stack without a provider package', async () => {
    // GIVEN neither providers/docker/scs/<minor>/stack.ts nor packages/provider-docker
    tree.write('providers/docker/scs/README.md', 'notes\n');

    // WHEN the minor generator runs for 1.37
    const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

    // THEN it says which generators to run first
    await expect(run).rejects.toThrow(
      'Cannot add Kubernetes 1.37 to docker/scs: providers/docker/scs/ has no minor yet and packages/provider-docker ' +
        'does not exist. Create the provider package and the stack definition first: ' +
        'npx nx g @cluster-stacks/nx-plugin:provider --provider docker, then ' +
        'npx nx g @cluster-stacks/nx-plugin:stack --provider docker --stack scs.',
    );
    expect(tree.exists('providers/docker/scs/1-37')).toBe(false);
  });

  it.each(['1.37.2', 'v1.37', '1_37', '2.1', '1.', '137', '', '1.370', '1-037'])(
    'refuses the minor %p',
    async (minor) => {
      // GIVEN docker/scs with Kubernetes 1.36
      tree.write('providers/docker/scs/1-36/stack.ts', 'export default {};\n');

      // WHEN the minor generator runs with something that is not 1.NN or 1-NN
      const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor });

      // THEN it shows the accepted spellings
      await expect(run).rejects.toThrow(
        `Invalid minor ${JSON.stringify(minor)}: give a Kubernetes minor like "1.37" or "1-37" (no patch release, no "v", at most two digits).`,
      );
    },
  );

  it('refuses --minor 1.370 although the command line turned it into the number 1.37', async () => {
    // GIVEN docker/scs with Kubernetes 1.36 and the command line `nx g …:minor --minor 1.370`
    tree.write('providers/docker/scs/1-36/stack.ts', 'export default {};\n');
    const argv = process.argv;
    process.argv = [...argv, '--minor', '1.370'];

    // WHEN the generator gets the parsed number
    const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: 1.37 });

    // THEN it judges what was typed and writes nothing
    try {
      await expect(run).rejects.toThrow(
        'Invalid minor "1.370": give a Kubernetes minor like "1.37" or "1-37" (no patch release, no "v", at most two digits).',
      );
    } finally {
      process.argv = argv;
    }
    expect(tree.exists('providers/docker/scs/1-37')).toBe(false);
  });

  it('refuses a minor whose trailing zero the command line dropped', async () => {
    // GIVEN docker/scs with Kubernetes 1.36
    tree.write('providers/docker/scs/1-36/stack.ts', 'export default {};\n');

    // WHEN `--minor 1.40` reaches the generator as the number 1.4
    const run = minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: 1.4 });

    // THEN it asks for the dash spelling instead of guessing
    await expect(run).rejects.toThrow(
      'Ambiguous minor 1.4: the command line read it as a number, so "1.40" and "1.4" look the same. ' +
        'Pass it with a dash instead, e.g. --minor 1-40.',
    );
    expect(tree.exists('providers/docker/scs/1-4')).toBe(false);
  });

  it('refuses a stack name with a dash', async () => {
    // GIVEN a workspace
    // WHEN the minor generator runs for stack "my-stack"
    const run = minorGenerator(tree, { provider: 'docker', stack: 'my-stack', minor: '1.37' });

    // THEN it names the property, the value and the fix
    await expect(run).rejects.toThrow(
      'Invalid stack "my-stack": use lowercase letters and digits only, starting with a letter ' +
        '(no "-", no upper case), e.g. "mystack". ' +
        'Release tags are split on "-", so a "-" inside the stack would be read as a new name part.',
    );
  });
});
