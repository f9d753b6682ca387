// Checks the committed outputs (schemas/ and packages/core/src/imports/) without the upstream CRDs.
import * as fs from 'fs';
import * as path from 'path';
import { isGeneratedByThisTool } from './output';
import { JSON_SCHEMA_DRAFT } from './schema';
import { PINNED_RELEASES, generatedHeader } from './sources';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SCHEMAS = path.join(REPO_ROOT, 'schemas');
const IMPORTS = path.join(REPO_ROOT, 'packages', 'core', 'src', 'imports');

function schemaFiles(): string[] {
  return fs
    .readdirSync(SCHEMAS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((group) => fs.readdirSync(path.join(SCHEMAS, group.name)).map((file) => `${group.name}/${file}`))
    .sort();
}

describe('committed schemas/', () => {
  const files = schemaFiles();

  it('has a schema for ClusterClass v1beta1 and v1beta2', () => {
    // GIVEN the committed schema files WHEN listed THEN both ClusterClass versions are there
    expect(files).toEqual(
      expect.arrayContaining([
        'cluster.x-k8s.io/clusterclass_v1beta1.json',
        'cluster.x-k8s.io/clusterclass_v1beta2.json',
      ]),
    );
  });

  it.each(files)('%s is a strict, generated schema named after its group, kind and version', (file) => {
    // GIVEN a committed schema file
    const text = fs.readFileSync(path.join(SCHEMAS, file), 'utf8');

    // WHEN it is parsed
    const schema = JSON.parse(text) as {
      $schema: string;
      additionalProperties: unknown;
      properties: {
        apiVersion: { enum: string[] };
        kind: { enum: string[] };
        spec?: { additionalProperties: unknown };
      };
    };

    // THEN it is draft 4, closed at the root and at spec, and its path matches apiVersion and kind
    const [group, version] = schema.properties.apiVersion.enum[0]!.split('/');
    const kind = schema.properties.kind.enum[0]!;
    expect(isGeneratedByThisTool(text)).toBe(true);
    expect(schema.$schema).toBe(JSON_SCHEMA_DRAFT);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.spec?.additionalProperties).toBe(false);
    expect(file).toBe(`${group}/${kind.toLowerCase()}_${version}.json`);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('committed packages/core/src/imports/', () => {
  const sets = PINNED_RELEASES.filter(
    (r) => r.bindings !== undefined && fs.existsSync(path.join(IMPORTS, r.bindings.set)),
  );

  it('has the binding sets that are always generated', () => {
    // GIVEN the committed import folders WHEN listed THEN every set not marked skipUnlessServed is there
    const required = PINNED_RELEASES.filter(
      (r) => r.bindings !== undefined && r.bindings.skipUnlessServed !== true,
    );
    expect(sets.map((r) => r.id)).toEqual(expect.arrayContaining(required.map((r) => r.id)));
  });

  it('index.ts re-exports every generated module under its namespace', () => {
    // GIVEN the committed index
    const index = fs.readFileSync(path.join(IMPORTS, 'index.ts'), 'utf8');

    // WHEN its export lines are read
    const exports = index.split('\n').filter((line) => line.startsWith('export '));

    // THEN they are exactly the modules of the generated sets, and each module file has the generated header
    const expected = sets.flatMap((r) =>
      r.bindings!.modules.map((m) => `export * as ${m.namespace} from './${r.bindings!.set}/${m.group}';`),
    );
    expect(exports).toEqual(expected);
    for (const release of sets) {
      for (const module of release.bindings!.modules) {
        const source = fs.readFileSync(
          path.join(IMPORTS, release.bindings!.set, `${module.group}.ts`),
          'utf8',
        );
        expect(source.split('\n').slice(0, 2)).toEqual([generatedHeader(release), '/* eslint-disable */']);
      }
    }
  });

  it('loads, and generates ClusterClass v1beta1 under its plain name', () => {
    // GIVEN the committed bindings
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const imports = require(path.join(IMPORTS, 'index.ts')) as {
      capiV1beta1Core: { ClusterClass: { GVK: unknown } };
      capiV1beta2Core: { ClusterClass: { GVK: unknown } };
    };

    // WHEN / THEN the plain class names carry the pinned apiVersion
    expect(imports.capiV1beta1Core.ClusterClass.GVK).toEqual({
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'ClusterClass',
    });
    expect(imports.capiV1beta2Core.ClusterClass.GVK).toEqual({
      apiVersion: 'cluster.x-k8s.io/v1beta2',
      kind: 'ClusterClass',
    });
  });
});
