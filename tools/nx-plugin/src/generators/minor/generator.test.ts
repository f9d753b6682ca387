import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { minorGenerator } from './generator';

const STACK_1_37 = `// Kubernetes 1.37 of the docker/scs cluster stack; everything else comes from the shared stack definition.
import { KubernetesVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';

export default dockerScsStack(KubernetesVersion.V1_37);
`;

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
    });

    it.each(['1.37', '1-37', 1.37])('adds the minor written as %p', async (minor) => {
      // GIVEN docker/scs with Kubernetes 1.36 (no provider package needed: the stack already builds)
      // WHEN the minor generator runs for 1.37 in any accepted spelling
      await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor });

      // THEN providers/docker/scs/1-37/stack.ts builds the shared stack with KubernetesVersion.V1_37
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

    it('warns when @cluster-stacks/core has no constant for the minor yet', async () => {
      // GIVEN a core package that declares KubernetesVersion.V1_36 only
      tree.write(
        'packages/core/src/kubernetes-version.ts',
        "export class KubernetesVersion { static readonly V1_36 = KubernetesVersion.of('1.36.1'); }\n",
      );

      // WHEN the minor generator runs for 1.37
      await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

      // THEN it still writes the stack and says which constant to add
      expect(tree.read('providers/docker/scs/1-37/stack.ts', 'utf-8')).toBe(STACK_1_37);
      expect(warn).toHaveBeenCalledWith(
        'providers/docker/scs/1-37/stack.ts uses KubernetesVersion.V1_37, which packages/core/src/kubernetes-version.ts ' +
          'does not declare yet: add the constant (with the patch release to build) before synthesizing.',
      );
    });

    it('stays quiet when @cluster-stacks/core declares the constant', async () => {
      // GIVEN a core package that declares KubernetesVersion.V1_37
      tree.write(
        'packages/core/src/kubernetes-version.ts',
        "export class KubernetesVersion { static readonly V1_37 = KubernetesVersion.of('1.37.0'); }\n",
      );

      // WHEN the minor generator runs for 1.37
      await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

      // THEN it warns about nothing
      expect(warn).not.toHaveBeenCalled();
    });
  });

  it('adds the first minor of a stack whose provider package exists', async () => {
    // GIVEN packages/provider-docker and no providers/docker/scs folder
    tree.write('packages/provider-docker/package.json', '{ "name": "@cluster-stacks/provider-docker" }');

    // WHEN the minor generator runs for 1.37
    await minorGenerator(tree, { provider: 'docker', stack: 'scs', minor: '1.37' });

    // THEN the stack folder gets its first project
    expect(tree.read('providers/docker/scs/1-37/stack.ts', 'utf-8')).toBe(STACK_1_37);
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
