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
    `${HEADER}${body}\n// keep the imports used\nvoid AddonHook; void ClusterAddon;\n`,
  );

const TYPE_ERROR = `const replicas: number = 'three';
export default dockerScsStack(KubernetesVersion.V1_35);
void replicas;`;

const typeErrorMessage = () =>
  `error: docker-scs-1-35: the stack code does not type-check (1 error); fix it before building:\n  ${P}/stack.ts:3:7: TS2322: Type 'string' is not assignable to type 'number'.`;

export const STACK_CASES: BadInputCase[] = [
  ...['synth', 'build', 'render', 'package', 'release'].map((command): BadInputCase => ({
    name: `GIVEN a type error in stack.ts WHEN ${command} runs THEN it fails with file:line before building anything`,
    arrange: stackFile(TYPE_ERROR),
    tool: 'cs',
    args: [command, P],
    code: 2,
    stderr: typeErrorMessage(),
  })),
  {
    name: 'GIVEN stack.ts naming an undeclared KubernetesVersion constant WHEN synthesized THEN the type error names it',
    arrange: stackFile('export default dockerScsStack(KubernetesVersion.V1_37);'),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr: `error: docker-scs-1-35: the stack code does not type-check (1 error); fix it before building:\n  ${P}/stack.ts:3:49: TS2551: Property 'V1_37' does not exist on type 'typeof KubernetesVersion'. Did you mean 'V1_33'?`,
  },
  {
    name: 'GIVEN a syntax error in stack.ts WHEN synthesized THEN it is reported with file:line',
    arrange: stackFile('export default dockerScsStack(KubernetesVersion.V1_35;'),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr: `error: docker-scs-1-35: the stack code does not type-check (1 error); fix it before building:\n  ${P}/stack.ts:3:54: TS1005: ')' expected.`,
  },
  {
    name: 'GIVEN an undeclared KubernetesVersion constant read past the types (JavaScript) WHEN synthesized THEN the declared ones are listed',
    arrange: stackFile(
      'export default dockerScsStack((KubernetesVersion as unknown as Record<string, KubernetesVersion>).V1_37);',
    ),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: KubernetesVersion.V1_37 is not declared: the declared constants are V1_33, V1_34, V1_35, V1_36. Add V1_37 (with the patch release to build) to packages/core/src/kubernetes-version.ts, or use KubernetesVersion.of("1.37.0").',
  },
  {
    name: 'GIVEN an addon whose hooks are strings (JavaScript) WHEN synthesized THEN it is refused instead of packaged into no stage',
    arrange: stackFile(`const stack = dockerScsStack(KubernetesVersion.V1_35);
new ClusterAddon(stack, 'Extra', { name: 'extra', version: '1.0.0', description: 'x', appliedAt: ['AfterControlPlaneInitialized'] as unknown as AddonHook[] });
export default stack;`),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: docker-scs-1-35/Extra: appliedAt ["AfterControlPlaneInitialized"] is invalid: expected a list of AddonHook values (AddonHook.AFTER_CONTROL_PLANE_INITIALIZED, AddonHook.BEFORE_CLUSTER_UPGRADE or AddonHook.ALWAYS). Strings are not hooks: use the AddonHook constants.',
  },
  {
    name: 'GIVEN an addon hook that is a single value instead of a list (JavaScript) WHEN synthesized THEN it is refused',
    arrange: stackFile(`const stack = dockerScsStack(KubernetesVersion.V1_35);
new ClusterAddon(stack, 'Extra', { name: 'extra', version: '1.0.0', description: 'x', appliedAt: AddonHook.BEFORE_CLUSTER_UPGRADE as unknown as AddonHook[] });
export default stack;`),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: docker-scs-1-35/Extra: appliedAt {"name":"BeforeClusterUpgrade"} is invalid: expected a list of AddonHook values (AddonHook.AFTER_CONTROL_PLANE_INITIALIZED, AddonHook.BEFORE_CLUSTER_UPGRADE or AddonHook.ALWAYS). Strings are not hooks: use the AddonHook constants.',
  },
  {
    name: 'GIVEN a node image without a digest WHEN synthesized THEN it is refused',
    arrange: stackFile(`const stack = dockerScsStack(KubernetesVersion.V1_35);
stack.nodeImages.add({ kubernetesVersion: KubernetesVersion.of('1.34.9'), image: 'kindest/node:v1.34.9' });
export default stack;`),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: docker-scs-1-35/NodeImages: image "kindest/node:v1.34.9" is invalid: expected a reference pinned by digest, "<repository>:<tag>@sha256:<64 hex digits>". Without a digest, clusters of the same release could run different images; disk images give url instead.',
  },
  {
    name: 'GIVEN a node image for a release that already has one WHEN synthesized THEN it is refused',
    arrange: stackFile(`const stack = dockerScsStack(KubernetesVersion.V1_35);
stack.nodeImages.add({ kubernetesVersion: KubernetesVersion.V1_35, image: stack.nodeImages.forVersion(KubernetesVersion.V1_35).image });
export default stack;`),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr: 'error: docker-scs-1-35/NodeImages: a node image for v1.35.1 is already added.',
  },
  {
    name: 'GIVEN an addon name that is no DNS label WHEN synthesized THEN the prop and the expected form are named',
    arrange: stackFile(`const stack = dockerScsStack(KubernetesVersion.V1_35);
new ClusterAddon(stack, 'Extra', { name: 'My_Addon', version: '1.0.0', description: 'x' });
export default stack;`),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: docker-scs-1-35/Extra: name "My_Addon" is invalid: expected a lowercase DNS label such as "metrics-server". It names a directory in the addon archive.',
  },
  {
    name: 'GIVEN a default export that is no ClusterStack WHEN synthesized THEN the expected export is shown',
    arrange: stackFile('export default { kubernetesVersion: KubernetesVersion.V1_35, dockerScsStack };'),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: providers/docker/scs/1-35/stack.ts: the default export must be a ClusterStack (e.g. "export default dockerScsStack(KubernetesVersion.V1_35)").',
  },
  {
    name: 'GIVEN a stack of another minor in the 1-35 folder WHEN synthesized THEN the mismatch is named',
    arrange: stackFile('export default dockerScsStack(KubernetesVersion.V1_34);'),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: providers/docker/scs/1-35/stack.ts: defines docker-scs-1-34, but its folder says docker-scs-1-35: provider, stack name and Kubernetes minor must match the folder.',
  },
  {
    name: 'GIVEN a malformed Kubernetes release WHEN synthesized THEN the expected form is named',
    arrange: stackFile("export default dockerScsStack(KubernetesVersion.of('1.35'));"),
    tool: 'cs',
    args: ['synth', P],
    code: 2,
    stderr:
      'error: KubernetesVersion.of: version "1.35" is invalid: expected a release like "1.35.1" or "v1.35.1".',
  },
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
