// Bad stack definitions: type errors (caught before any build), and what JavaScript callers get past the types.
import { BadInputCase } from '../runner';
import { Sandbox } from '../sandbox';

const P = 'providers/docker/scs/1-35';
const HEADER = `import { AddonHook, ClusterAddon, KubernetesVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
`;

/** Replaces the project's stack.ts; `body` follows the imports. */
const stackFile = (body: string) => (sandbox: Sandbox) =>
  sandbox.write(
    `${P}/stack.ts`,
    `${HEADER}${body}\n// keep the imports used\nvoid AddonHook; void ClusterAddon; void KubernetesVersion;\n`,
  );

const TYPE_ERROR = `const replicas: number = 'three';
export default dockerScsStack('1.35');
void replicas;`;

const typeErrorMessage = () =>
  `error: docker-scs-1-35: the stack code does not type-check (1 error); fix it before building:\n  ${P}/stack.ts:3:7: TS2322: Type 'string' is not assignable to type 'number'.`;

/** A stack.ts that `synth` must refuse with exactly `stderr`. */
const refused = (name: string, body: string, stderr: string): BadInputCase => ({
  name,
  arrange: stackFile(body),
  tool: 'cs',
  args: ['synth', P],
  code: 2,
  stderr,
});

export const STACK_CASES: BadInputCase[] = [
  ...['synth', 'build', 'render', 'package', 'release'].map((command): BadInputCase => ({
    name: `GIVEN a type error in stack.ts WHEN ${command} runs THEN it fails with file:line before building anything`,
    arrange: stackFile(TYPE_ERROR),
    tool: 'cs',
    args: [command, P],
    code: 2,
    stderr: typeErrorMessage(),
  })),
  refused(
    'GIVEN stack.ts naming a minor without a row in the release matrix WHEN synthesized THEN the rows and the generator are named',
    "export default dockerScsStack('1.37');",
    'error: docker/scs: Kubernetes 1.37 has no row in the release matrix (rows: 1.33, 1.34, 1.35, 1.36). Add it with npx nx g @cluster-stacks/nx-plugin:minor --provider docker --stack scs --minor 1-37, then fill in the row.',
  ),
  refused(
    'GIVEN a syntax error in stack.ts WHEN synthesized THEN it is reported with file:line',
    "export default dockerScsStack('1.35';",
    `error: docker-scs-1-35: the stack code does not type-check (1 error); fix it before building:\n  ${P}/stack.ts:3:37: TS1005: ')' expected.`,
  ),
  refused(
    'GIVEN a patch release where the minor belongs WHEN synthesized THEN the expected form is named',
    "export default dockerScsStack('1.35.1');",
    'error: docker/scs: minor "1.35.1" is invalid: expected a Kubernetes minor like "1.35".',
  ),
  refused(
    'GIVEN an addon whose hooks are strings (JavaScript) WHEN synthesized THEN it is refused instead of packaged into no stage',
    `const stack = dockerScsStack('1.35');
new ClusterAddon(stack, 'Extra', { name: 'extra', version: '1.0.0', description: 'x', appliedAt: ['AfterControlPlaneInitialized'] as unknown as AddonHook[] });
export default stack;`,
    'error: docker-scs-1-35/Extra: appliedAt ["AfterControlPlaneInitialized"] is invalid: expected a list of AddonHook values (AddonHook.AFTER_CONTROL_PLANE_INITIALIZED, AddonHook.BEFORE_CLUSTER_UPGRADE or AddonHook.ALWAYS). Strings are not hooks: use the AddonHook constants.',
  ),
  refused(
    'GIVEN an addon hook that is a single value instead of a list (JavaScript) WHEN synthesized THEN it is refused',
    `const stack = dockerScsStack('1.35');
new ClusterAddon(stack, 'Extra', { name: 'extra', version: '1.0.0', description: 'x', appliedAt: AddonHook.BEFORE_CLUSTER_UPGRADE as unknown as AddonHook[] });
export default stack;`,
    'error: docker-scs-1-35/Extra: appliedAt {"name":"BeforeClusterUpgrade"} is invalid: expected a list of AddonHook values (AddonHook.AFTER_CONTROL_PLANE_INITIALIZED, AddonHook.BEFORE_CLUSTER_UPGRADE or AddonHook.ALWAYS). Strings are not hooks: use the AddonHook constants.',
  ),
  refused(
    'GIVEN a node image without a digest WHEN synthesized THEN it is refused',
    `const stack = dockerScsStack('1.35');
stack.nodeImages.add({ kubernetesVersion: KubernetesVersion.of('1.34.9'), image: 'kindest/node:v1.34.9' });
export default stack;`,
    'error: docker-scs-1-35/NodeImages: image "kindest/node:v1.34.9" is invalid: expected a reference pinned by digest, "<repository>:<tag>@sha256:<64 hex digits>". Without a digest, clusters of the same release could run different images; disk images give url instead.',
  ),
  refused(
    'GIVEN a node image for a release that already has one WHEN synthesized THEN it is refused',
    `const stack = dockerScsStack('1.35');
stack.nodeImages.add({ kubernetesVersion: KubernetesVersion.of('1.35.1'), image: stack.nodeImages.forVersion(KubernetesVersion.of('1.35.1')).image });
export default stack;`,
    'error: docker-scs-1-35/NodeImages: a node image for v1.35.1 is already added.',
  ),
  refused(
    'GIVEN an addon name that is no DNS label WHEN synthesized THEN the prop and the expected form are named',
    `const stack = dockerScsStack('1.35');
new ClusterAddon(stack, 'Extra', { name: 'My_Addon', version: '1.0.0', description: 'x' });
export default stack;`,
    'error: docker-scs-1-35/Extra: name "My_Addon" is invalid: expected a lowercase DNS label such as "metrics-server". It names a directory in the addon archive.',
  ),
  refused(
    'GIVEN a default export that is no ClusterStack WHEN synthesized THEN the expected export is shown',
    "export default { kubernetesVersion: KubernetesVersion.of('1.35.1'), dockerScsStack };",
    `error: providers/docker/scs/1-35/stack.ts: the default export must be a ClusterStack (e.g. "export default dockerScsStack('1.35')").`,
  ),
  refused(
    'GIVEN a stack of another minor in the 1-35 folder WHEN synthesized THEN the mismatch is named',
    "export default dockerScsStack('1.34');",
    'error: providers/docker/scs/1-35/stack.ts: defines docker-scs-1-34, but its folder says docker-scs-1-35: provider, stack name and Kubernetes minor must match the folder.',
  ),
  refused(
    'GIVEN a malformed Kubernetes release WHEN synthesized THEN the expected form is named',
    "export default dockerScsStack(KubernetesVersion.of('1.35').minorDotted);",
    'error: KubernetesVersion.of: version "1.35" is invalid: expected a release like "1.35.1" or "v1.35.1".',
  ),
  {
    name: 'GIVEN a folder without stack.ts WHEN synthesized THEN it is no stack project',
    arrange: (sandbox) => sandbox.write('providers/docker/scs/1-39/README.md', 'soon\n'),
    tool: 'cs',
    args: ['synth', 'providers/docker/scs/1-39'],
    code: 2,
    stderr:
      'error: providers/docker/scs/1-39: not a stack project: expected providers/<provider>/<stack>/<k8s-minor>/stack.ts.',
  },
];
