import { applyDefaults, validateAgainstSchema, VariableSchema } from './schema';
import { checkAddParent, checkPatchPath, SchemaNode } from './schema-paths';

const pss: VariableSchema = {
  type: 'object',
  default: {},
  properties: {
    enabled: { type: 'boolean', default: true },
    enforce: { type: 'string', enum: ['privileged', 'baseline', 'restricted'], default: 'baseline' },
  },
};

describe('variable schema validation', () => {
  test('GIVEN an object default of {} WHEN nested defaults apply THEN the result is the structural default', () => {
    expect(applyDefaults(pss, undefined)).toEqual({ enabled: true, enforce: 'baseline' });
  });

  test('GIVEN a value outside an enum THEN the message names the path and the allowed values', () => {
    expect(validateAgainstSchema(pss, { enforce: 'strict' })).toEqual([
      '$.enforce: "strict" is not one of "privileged", "baseline", "restricted"',
    ]);
  });

  test('GIVEN wrong types, unknown properties, bad CIDRs and bounds THEN each is reported', () => {
    const schema: VariableSchema = {
      type: 'object',
      properties: {
        cidr: { type: 'string', format: 'cidr' },
        pods: { type: 'integer', minimum: 10 },
        name: { type: 'string' },
      },
      required: ['name'],
    };
    expect(validateAgainstSchema(schema, { cidr: '10.0.0.0/33', pods: 5, extra: 1 })).toEqual([
      '$: missing required property "name"',
      '$.cidr: "10.0.0.0/33" is not a valid cidr',
      '$.pods: 5 is less than 10',
      '$: unknown property "extra"',
    ]);
    expect(validateAgainstSchema({ type: 'integer' }, 1.5)).toEqual(['$: expected integer, got number 1.5']);
  });
});

describe('JSON-patch paths against a template schema', () => {
  const root: SchemaNode = {
    p: {
      spec: {
        p: {
          template: {
            p: {
              spec: {
                p: {
                  customImage: 1,
                  extraMounts: { i: { p: { hostPath: 1 } } },
                  extraArgs: { m: 1 },
                  free: { x: 1 },
                },
              },
            },
          },
        },
      },
    },
  };

  test.each([
    ['/spec/template/spec/customImage', 'add'],
    ['/spec/template/spec/extraMounts/-', 'add'],
    ['/spec/template/spec/extraMounts/0/hostPath', 'replace'],
    ['/spec/template/spec/extraArgs/admission-control-config-file', 'add'],
    ['/spec/template/spec/free/anything/below', 'add'],
  ] as const)('GIVEN %s (%s) THEN it fits', (path, op) => {
    expect(checkPatchPath(root, path, op)).toBeUndefined();
  });

  test.each([
    ['/metadata/labels', 'add', 'paths must start with "/spec/"'],
    [
      '/spec/template/spec/customimage',
      'add',
      'unknown field "customimage" at /spec/template/spec (known: customImage, extraArgs, extraMounts, free)',
    ],
    [
      '/spec/template/spec/extraMounts/2',
      'add',
      'CAPI only adds to a list at index 0 or "-" (at /spec/template/spec/extraMounts)',
    ],
    [
      '/spec/template/spec/extraMounts/x',
      'add',
      '/spec/template/spec/extraMounts is a list: expected an index or "-", got "x"',
    ],
    [
      '/spec/template/spec/customImage/tag',
      'add',
      '/spec/template/spec/customImage is a scalar and has no field "tag"',
    ],
  ] as const)('GIVEN %s (%s) THEN it is refused: %s', (path, op, message) => {
    expect(checkPatchPath(root, path, op)).toBe(message);
  });
});

describe('adds against the base template', () => {
  const root: SchemaNode = {
    p: { spec: { p: { files: { i: { p: { path: 1 } } }, args: { m: 1 }, dns: { p: { tag: 1 } } } } },
  };

  test('GIVEN an empty list in the template WHEN a patch appends THEN it is refused because CAPI drops empty lists', () => {
    expect(checkAddParent(root, { spec: { files: [] } }, '/spec/files/-', new Set())).toBe(
      'its parent /spec/files is empty in the template and CAPI drops empty lists: give it an entry, or add the whole list',
    );
  });

  test('GIVEN an empty map WHEN a key is added THEN it is refused; an empty struct is fine', () => {
    expect(checkAddParent(root, { spec: { args: {}, dns: {} } }, '/spec/args/x', new Set())).toContain(
      'CAPI drops empty maps',
    );
    expect(checkAddParent(root, { spec: { args: {}, dns: {} } }, '/spec/dns/tag', new Set())).toBeUndefined();
  });

  test('GIVEN a parent an earlier operation adds WHEN a later add builds on it THEN it fits', () => {
    expect(checkAddParent(root, { spec: {} }, '/spec/files/-', new Set(['/spec/files']))).toBeUndefined();
    expect(checkAddParent(root, { spec: {} }, '/spec/files/-', new Set())).toBe(
      'its parent /spec/files is not in the template: declare it in the template or add it first',
    );
  });
});
