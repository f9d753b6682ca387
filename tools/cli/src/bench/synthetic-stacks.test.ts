import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addSyntheticMinors } from './synthetic-stacks';

const MATRIX = 'packages/provider-docker/src/scs/releases.json';
const ROW_1_36 = {
  kubernetes: '1.36.1',
  capi: 'v1beta1',
  kubernetesSchema: 'v1.36.0',
  clusterApiMinimum: 'v1.13',
  nodeImage: `kindest/node:v1.36.1@sha256:${'36'.repeat(32)}`,
  coreDNS: 'v1.14.2',
};

describe('synthetic minors of the scaling series', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synthetic-'));
    fs.mkdirSync(path.dirname(path.join(scratch, MATRIX)), { recursive: true });
    fs.writeFileSync(path.join(scratch, MATRIX), JSON.stringify({ '1.36': ROW_1_36 }));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  test('GIVEN a scratch copy with the 1.36 row WHEN two minors are added THEN each has a row copied from 1.36 and a stack project', () => {
    // WHEN
    const added = addSyntheticMinors(scratch, 2);

    // THEN
    expect(added).toEqual(['providers/docker/scs/1-37', 'providers/docker/scs/1-38']);
    const rows = JSON.parse(fs.readFileSync(path.join(scratch, MATRIX), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(rows)).toEqual(['1.36', '1.37', '1.38']);
    expect(rows['1.38']).toEqual({
      ...ROW_1_36,
      kubernetes: '1.38.0',
      kubernetesSchema: 'v1.38.0',
      nodeImage: `kindest/node:v1.38.0@sha256:${'ab'.repeat(32)}`,
    });
    expect(fs.readFileSync(path.join(scratch, 'providers/docker/scs/1-38/stack.ts'), 'utf8')).toBe(
      "// A synthetic minor for the benchmark's scaling series.\n" +
        "import { dockerScsStack } from '@cluster-stacks/provider-docker';\n\n" +
        "export default dockerScsStack('1.38');\n",
    );
  });
});
