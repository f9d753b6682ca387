import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { stackGenerator } from './generator';

const EMPTY_INDEX = `// The docker provider: stack definitions shared by the Kubernetes minors under providers/docker/.
export {};
`;

describe('stack generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('packages/provider-docker/package.json', '{ "name": "@cluster-stacks/provider-docker" }');
    tree.write('packages/provider-docker/src/index.ts', EMPTY_INDEX);
  });

  it('creates the stack definition and exports its factory from the package', async () => {
    // GIVEN a docker provider package without stacks
    // WHEN the stack generator runs for docker/scs
    await stackGenerator(tree, { provider: 'docker', stack: 'scs' });

    // THEN src/scs/index.ts defines dockerScsStack(minor) on the core API, from an empty release matrix
    expect(tree.read('packages/provider-docker/src/scs/index.ts', 'utf-8')).toBe(
      `// The docker/scs cluster stack, shared by every Kubernetes minor under providers/docker/scs/.
import { ClusterStack, field, KubernetesVersion, ReleaseMatrix, ReleaseRow } from '@cluster-stacks/core';
import rows from './releases.json';

/** The version matrix of docker/scs: one row per Kubernetes minor in releases.json (add fields that vary by minor). */
export const RELEASES = ReleaseMatrix.fromData<ReleaseRow>('docker/scs', rows, {
  kubernetes: field.kubernetesRelease(),
  capi: field.capiVersion(),
  kubernetesSchema: field.releaseTag(),
  clusterApiMinimum: field.releaseLine(),
});

/** Builds the docker/scs cluster stack for one Kubernetes minor (\`1.35\`) from its matrix row. */
export function dockerScsStack(minor: string | KubernetesVersion): ClusterStack {
  const release = RELEASES.row(minor);
  return new ClusterStack({
    provider: 'docker',
    name: 'scs',
    kubernetesVersion: release.kubernetes,
    capiVersion: release.capi,
  });
}
`,
    );
    expect(tree.read('packages/provider-docker/src/scs/releases.json', 'utf-8')).toBe('{}\n');
    // AND the package index exports it in place of the empty-module placeholder
    expect(tree.read('packages/provider-docker/src/index.ts', 'utf-8')).toBe(
      `// The docker provider: stack definitions shared by the Kubernetes minors under providers/docker/.
export { dockerScsStack } from './scs';
`,
    );
  });

  it('appends the export of a second stack after the first', async () => {
    // GIVEN a docker provider package that already defines scs
    await stackGenerator(tree, { provider: 'docker', stack: 'scs' });

    // WHEN the stack generator runs for docker/minimal2
    await stackGenerator(tree, { provider: 'docker', stack: 'minimal2' });

    // THEN the index exports both factories
    expect(tree.read('packages/provider-docker/src/index.ts', 'utf-8')).toBe(
      `// The docker provider: stack definitions shared by the Kubernetes minors under providers/docker/.
export { dockerScsStack } from './scs';
export { dockerMinimal2Stack } from './minimal2';
`,
    );
  });

  it('creates the package index when the package has none', async () => {
    // GIVEN a docker provider package without src/index.ts
    tree.delete('packages/provider-docker/src/index.ts');

    // WHEN the stack generator runs for docker/scs
    await stackGenerator(tree, { provider: 'docker', stack: 'scs' });

    // THEN the index consists of the export
    expect(tree.read('packages/provider-docker/src/index.ts', 'utf-8')).toBe(
      `export { dockerScsStack } from './scs';
`,
    );
  });

  it('refuses a stack that already exists', async () => {
    // GIVEN a docker provider package that already defines scs
    await stackGenerator(tree, { provider: 'docker', stack: 'scs' });

    // WHEN the stack generator runs for docker/scs again
    const run = stackGenerator(tree, { provider: 'docker', stack: 'scs' });

    // THEN it fails naming the existing file
    await expect(run).rejects.toThrow(
      'packages/provider-docker/src/scs/index.ts already exists: the docker/scs stack is already defined.',
    );
  });

  it('refuses a stack of a provider package that does not exist', async () => {
    // GIVEN a workspace without packages/provider-openstack
    // WHEN the stack generator runs for openstack/scs
    const run = stackGenerator(tree, { provider: 'openstack', stack: 'scs' });

    // THEN it says how to create the provider
    await expect(run).rejects.toThrow(
      'Cannot add stack openstack/scs: packages/provider-openstack does not exist. ' +
        'Create it first: npx nx g @cluster-stacks/nx-plugin:provider --provider openstack.',
    );
    expect(tree.exists('packages/provider-openstack')).toBe(false);
  });

  it.each([
    ['stack', { provider: 'docker', stack: 'my-stack' }, '"my-stack"', '"mystack"'],
    ['stack', { provider: 'docker', stack: 'SCS' }, '"SCS"', '"scs"'],
    ['stack', { provider: 'docker', stack: '2fast' }, '"2fast"', '"fast"'],
    ['provider', { provider: 'Docker', stack: 'scs' }, '"Docker"', '"docker"'],
  ])('refuses the %s name in %j', async (prop, options, value, suggestion) => {
    // GIVEN a workspace with a docker provider package
    // WHEN the stack generator runs with a name that is not one lowercase word
    const run = stackGenerator(tree, options);

    // THEN it names the property, the value and the fix, and writes nothing
    await expect(run).rejects.toThrow(
      `Invalid ${prop} ${value}: use lowercase letters and digits only, starting with a letter ` +
        `(no "-", no upper case), e.g. ${suggestion}. ` +
        `Release tags are split on "-", so a "-" inside the ${prop} would be read as a new name part.`,
    );
    expect(tree.read('packages/provider-docker/src/index.ts', 'utf-8')).toBe(EMPTY_INDEX);
  });
});
