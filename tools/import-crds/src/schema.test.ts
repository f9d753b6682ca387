import type { Crd } from './crd';
import { chooseSchemaSources, crdVersionSchema, schemaPath, stableJson, toStrictSchema } from './schema';

describe('toStrictSchema', () => {
  it('closes objects that declare properties, at every level', () => {
    // GIVEN an object with a nested object and an array of objects
    const schema = {
      type: 'object',
      description: 'dropped',
      properties: {
        ref: { type: 'object', properties: { name: { type: 'string', maxLength: 253 } }, required: ['name'] },
        items: {
          type: 'array',
          maxItems: 3,
          items: { type: 'object', properties: { key: { type: 'string' } } },
        },
      },
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN every object with properties is closed and validation keywords survive, annotations do not
    expect(strict).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        ref: {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 253 } },
          required: ['name'],
        },
        items: {
          type: 'array',
          maxItems: 3,
          items: { type: 'object', additionalProperties: false, properties: { key: { type: 'string' } } },
        },
      },
    });
  });

  it('keeps an existing additionalProperties (maps) and converts its schema', () => {
    // GIVEN a map of objects with properties
    const schema = {
      type: 'object',
      additionalProperties: { type: 'object', properties: { value: { type: 'string' } } },
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN the map stays a map and its value objects are closed
    expect(strict).toEqual({
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { value: { type: 'string' } },
      },
    });
  });

  it('leaves objects with x-kubernetes-preserve-unknown-fields open and marks them', () => {
    // GIVEN an object that keeps unknown fields, with and without declared properties
    const schema = {
      type: 'object',
      properties: {
        value: { 'x-kubernetes-preserve-unknown-fields': true },
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'string' } },
        },
      },
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN neither gets additionalProperties: false; the parent does
    expect(strict).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        value: { 'x-kubernetes-preserve-unknown-fields': true },
        config: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'string' } },
        },
      },
    });
  });

  it('turns x-kubernetes-int-or-string into type [integer, string]', () => {
    // GIVEN an int-or-string field as controller-gen writes it
    const schema = {
      anyOf: [{ type: 'integer' }, { type: 'string' }],
      'x-kubernetes-int-or-string': true,
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN it accepts integers and strings only
    expect(strict).toEqual({ type: ['integer', 'string'], anyOf: [{ type: 'integer' }, { type: 'string' }] });
  });

  it('adds null to the type and the enum of nullable fields', () => {
    // GIVEN a nullable string, a nullable enum and a nullable int-or-string
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string', nullable: true },
        mode: { type: 'string', enum: ['a', 'b'], nullable: true },
        port: { 'x-kubernetes-int-or-string': true, nullable: true },
      },
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN null is accepted by each of them
    expect(strict['properties']).toEqual({
      name: { type: ['string', 'null'] },
      mode: { type: ['string', 'null'], enum: ['a', 'b', null] },
      port: { type: ['integer', 'string', 'null'] },
    });
  });

  it('does not close objects inside allOf/anyOf/oneOf/not', () => {
    // GIVEN a structural object with a oneOf that requires one of two properties, and a not
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      oneOf: [{ properties: { a: { minLength: 1 } }, required: ['a'] }, { required: ['b'] }],
      not: { properties: { a: { enum: ['x'] } } },
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN only the outer object is closed
    expect(strict).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      oneOf: [{ properties: { a: { minLength: 1 } }, required: ['a'] }, { required: ['b'] }],
      not: { properties: { a: { enum: ['x'] } } },
    });
  });

  it('treats keyword-like property names as names', () => {
    // GIVEN an object whose properties are called like schema keywords (as in ClusterClass variable schemas)
    const schema = {
      type: 'object',
      properties: {
        properties: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        required: { type: 'array', items: { type: 'string' } },
        description: { type: 'string' },
      },
    };

    // WHEN it is converted
    const strict = toStrictSchema(schema);

    // THEN all three are kept as properties
    expect(Object.keys(strict['properties'] as object)).toEqual(['properties', 'required', 'description']);
    expect(strict['additionalProperties']).toBe(false);
  });
});

describe('crdVersionSchema', () => {
  it('pins apiVersion and kind and requires them', () => {
    // GIVEN a CRD version with a spec
    const crd: Crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, versions: [] },
    };
    const version = {
      name: 'v1',
      served: true,
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: { type: 'object' },
            spec: { type: 'object', properties: { size: { type: 'integer', minimum: 0 } } },
          },
          required: ['spec'],
        },
      },
    };

    // WHEN its schema is built
    const schema = crdVersionSchema(crd, version, 'Generated by tools/import-crds from test v0.');

    // THEN the root is closed, pins apiVersion/kind, and declares draft 4
    expect(JSON.parse(stableJson(schema))).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      additionalProperties: false,
      description: 'Generated by tools/import-crds from test v0.',
      properties: {
        apiVersion: { enum: ['example.com/v1'], type: 'string' },
        kind: { enum: ['Widget'], type: 'string' },
        metadata: { type: 'object' },
        spec: {
          additionalProperties: false,
          properties: { size: { minimum: 0, type: 'integer' } },
          type: 'object',
        },
      },
      required: ['spec', 'apiVersion', 'kind'],
      type: 'object',
    });
  });
});

describe('stableJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    // GIVEN an object with unsorted keys and an array
    const value = { b: 1, a: { d: [3, 1], c: true } };

    // WHEN it is serialised
    const text = stableJson(value);

    // THEN keys are sorted, arrays unchanged, 2-space indented with a final newline
    expect(text).toBe(
      '{\n  "a": {\n    "c": true,\n    "d": [\n      3,\n      1\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});

describe('schemaPath', () => {
  it('lowercases the kind like kubeconform {{ .ResourceKind }}', () => {
    // GIVEN / WHEN / THEN
    expect(schemaPath('cluster.x-k8s.io', 'ClusterClass', 'v1beta1')).toBe(
      'cluster.x-k8s.io/clusterclass_v1beta1.json',
    );
  });
});

describe('chooseSchemaSources', () => {
  function twoVersionCrd(deprecatedV1beta1: boolean): Crd {
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        versions: [
          { name: 'v1alpha1', served: true },
          { name: 'v1beta1', served: true, deprecated: deprecatedV1beta1 },
          ...(deprecatedV1beta1 ? [{ name: 'v1beta2', served: true }] : []),
        ],
      },
    };
  }

  it('takes each version from the release pinned for it, otherwise from the last release', () => {
    // GIVEN an old release pinned for v1beta1 and a new one pinned for v1beta2, both serving v1alpha1 and v1beta1
    const origins = [
      { releaseId: 'old', primaryVersion: 'v1beta1', crds: [twoVersionCrd(false)] },
      { releaseId: 'new', primaryVersion: 'v1beta2', crds: [twoVersionCrd(true)] },
    ];

    // WHEN the sources are chosen
    const chosen = chooseSchemaSources(origins);

    // THEN v1beta1 comes from the old release, v1beta2 and v1alpha1 from the new one
    expect([...chosen].map(([file, source]) => [file, source.releaseId])).toEqual([
      ['example.com/widget_v1alpha1.json', 'new'],
      ['example.com/widget_v1beta1.json', 'old'],
      ['example.com/widget_v1beta2.json', 'new'],
    ]);
  });
});
