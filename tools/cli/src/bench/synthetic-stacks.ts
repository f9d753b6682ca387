import * as fs from 'node:fs';
import * as path from 'node:path';

/** The stack the synthetic minors are added to, and the row each is copied from. */
const PROVIDER = 'docker';
const STACK = 'scs';
const TEMPLATE_MINOR = '1.36';
/** A fixture digest: the synthetic node images are never pulled. */
const FIXTURE_DIGEST = `sha256:${'ab'.repeat(32)}`;

/**
 * Adds `count` synthetic Kubernetes minors (1.37, 1.38, …) to the docker/scs stack of a scratch copy of the
 * workspace: a release-matrix row copied from the 1.36 row with the new minor's release and node image, and a
 * `providers/docker/scs/1-NN/stack.ts`. Returns the new project folders. Never run on the real workspace.
 */
export function addSyntheticMinors(scratch: string, count: number): string[] {
  const matrixFile = path.join(scratch, 'packages', `provider-${PROVIDER}`, 'src', STACK, 'releases.json');
  const rows = JSON.parse(fs.readFileSync(matrixFile, 'utf8')) as Record<string, Record<string, string>>;
  const template = rows[TEMPLATE_MINOR];
  const added: string[] = [];
  for (let i = 0; i < count; i++) {
    const minor = 37 + i;
    const release = `1.${minor}.0`;
    rows[`1.${minor}`] = {
      ...template,
      kubernetes: release,
      kubernetesSchema: `v${release}`,
      nodeImage: `kindest/node:v${release}@${FIXTURE_DIGEST}`,
    };
    const folder = `providers/${PROVIDER}/${STACK}/1-${minor}`;
    fs.mkdirSync(path.join(scratch, folder), { recursive: true });
    fs.writeFileSync(
      path.join(scratch, folder, 'stack.ts'),
      `// A synthetic minor for the benchmark's scaling series.\nimport { ${PROVIDER}ScsStack } from '@cluster-stacks/provider-${PROVIDER}';\n\nexport default ${PROVIDER}ScsStack('1.${minor}');\n`,
    );
    added.push(folder);
  }
  fs.writeFileSync(matrixFile, JSON.stringify(rows, null, 2) + '\n');
  return added;
}
