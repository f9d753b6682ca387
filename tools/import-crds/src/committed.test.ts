// Checks the committed outputs (schemas/ and packages/<package>/src/imports/) without the upstream CRDs.
import * as fs from 'fs';
import * as path from 'path';
import { isGeneratedByThisTool } from './output';
import { JSON_SCHEMA_DRAFT } from './schema';
import { PINNED_RELEASES, generatedHeader } from './sources';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SCHEMAS = path.join(REPO_ROOT, 'schemas');
const importsOf = (pkg: string) => path.join(REPO_ROOT, 'packages', pkg, 'src', 'imports');
const PACKAGES = [...new Set(PINNED_RELEASES.flatMap((r) => (r.bindings ? [r.bindings.package] : [])))];

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

describe.each(PACKAGES)('committed packages/%s/src/imports/', (pkg) => {
  const IMPORTS = importsOf(pkg);
  const sets = PINNED_RELEASES.filter(
    (r) => r.bindings?.package === pkg && fs.existsSync(path.join(IMPORTS, r.bindings.set)),
  );

  it('has the binding sets that are always generated', () => {
    // GIVEN the committed import folders WHEN listed THEN every set not marked skipUnlessServed is there
    const required = PINNED_RELEASES.filter(
      (r) => r.bindings?.package === pkg && r.bindings.skipUnlessServed !== true,
    );
    expect(sets.map((r) => r.id)).toEqual(required.map((r) => r.id));
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

  it('loads, with each kind under its plain name and the pinned apiVersion', () => {
    // GIVEN the committed bindings
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const imports = require(path.join(IMPORTS, 'index.ts')) as Record<
      string,
      Record<string, { GVK: unknown }>
    >;

    // WHEN / THEN every listed kind is a class whose GVK names the set's version
    for (const release of sets) {
      for (const module of release.bindings!.modules) {
        for (const kind of module.kinds) {
          expect(imports[module.namespace][kind].GVK).toEqual({
            apiVersion: `${module.group}/${release.bindings!.version}`,
            kind,
          });
        }
      }
    }
  });
});

describe('committed packages/core/src/imports/', () => {
  it('holds no CRD bindings (only what the workspace generates from its own sources)', () => {
    const files = fs.readdirSync(path.join(REPO_ROOT, 'packages', 'core', 'src', 'imports'));
    expect(files).toEqual(['template-schemas.ts']);
  });
});
