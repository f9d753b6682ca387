import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { providerGenerator } from './generator';

describe('provider generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('creates the construct package of a provider', async () => {
    // GIVEN a workspace without a docker provider
    // WHEN the provider generator runs for docker
    await providerGenerator(tree, { provider: 'docker' });

    // THEN packages/provider-docker holds a package.json tagged type:construct and an empty index
    expect(tree.read('packages/provider-docker/package.json', 'utf-8')).toBe(
      `{
  "name": "@cluster-stacks/provider-docker",
  "version": "0.0.0",
  "private": true,
  "description": "The docker provider: templates and stack definitions shared by the Kubernetes minors under providers/docker/.",
  "main": "src/index.ts",
  "types": "src/index.ts",
  "nx": {
    "tags": [
      "type:construct"
    ]
  }
}
`,
    );
    expect(tree.read('packages/provider-docker/src/index.ts', 'utf-8')).toBe(
      `// The docker provider: stack definitions shared by the Kubernetes minors under providers/docker/.
export {};
`,
    );
  });

  it('reminds to link the new workspace package once the files are written', async () => {
    // GIVEN a workspace without an openstack provider
    const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);

    // WHEN the provider generator runs and Nx calls its callback
    const callback = await providerGenerator(tree, { provider: 'openstack' });
    callback();

    // THEN it asks for npm install
    expect(info).toHaveBeenCalledWith(
      'Run npm install to link @cluster-stacks/provider-openstack into node_modules before importing it from a stack.',
    );
    info.mockRestore();
  });

  it('refuses a provider that already exists', async () => {
    // GIVEN a workspace with packages/provider-docker
    tree.write('packages/provider-docker/package.json', '{}');

    // WHEN the provider generator runs for docker
    const run = providerGenerator(tree, { provider: 'docker' });

    // THEN it fails and leaves the package alone
    await expect(run).rejects.toThrow(
      'packages/provider-docker/package.json already exists: the docker provider is already a package.',
    );
    expect(tree.read('packages/provider-docker/package.json', 'utf-8')).toBe('{}');
  });

  it('refuses a provider name with a dash', async () => {
    // GIVEN a workspace
    // WHEN the provider generator runs for "open-stack"
    const run = providerGenerator(tree, { provider: 'open-stack' });

    // THEN it names the property, the value and the fix
    await expect(run).rejects.toThrow(
      'Invalid provider "open-stack": use lowercase letters and digits only, starting with a letter ' +
        '(no "-", no upper case), e.g. "openstack". ' +
        'Release tags are split on "-", so a "-" inside the provider would be read as a new name part.',
    );
    expect(tree.exists('packages/provider-open-stack')).toBe(false);
  });
});
