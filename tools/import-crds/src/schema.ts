// Converts a CRD version's OpenAPI v3 schema into a strict, self-contained JSON schema (draft 4, what
// kubeconform compiles schemas as) for `kubeconform -strict`.
//
// - An object schema that declares `properties` is closed with `additionalProperties: false`, unless it keeps
//   unknown fields (`x-kubernetes-preserve-unknown-fields: true`), is an embedded resource
//   (`x-kubernetes-embedded-resource: true`, whose apiVersion/kind/metadata are implicit), already declares
//   `additionalProperties`, or sits inside `allOf`/`anyOf`/`oneOf`/`not` (those only add value validations to
//   the structure declared outside them; closing them would reject the fields declared outside).
// - `x-kubernetes-int-or-string: true` becomes `type: [integer, string]`.
// - `nullable: true` adds `null` to `type` (and to `enum`).
// - The validation keywords are kept, and `x-kubernetes-preserve-unknown-fields: true` as a marker (draft 4
//   ignores it); annotations (`description`, `default`, `example`, the other `x-kubernetes-*`, `nullable`) are
//   dropped.
// - The root pins `apiVersion` and `kind` with a one-value `enum` and requires both.
import type { Crd, CrdVersion, JsonObject } from './crd';

export type JsonSchema = JsonObject;

/** Validation keywords copied unchanged from the OpenAPI schema. */
const COPIED_KEYWORDS = [
  'enum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'format',
  'maxItems',
  'maxLength',
  'maxProperties',
  'maximum',
  'minItems',
  'minLength',
  'minProperties',
  'minimum',
  'multipleOf',
  'pattern',
  'required',
  'uniqueItems',
] as const;

const JUNCTORS = ['allOf', 'anyOf', 'oneOf'] as const;

export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-04/schema#';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function withNull(type: unknown): unknown {
  if (typeof type === 'string') return type === 'null' ? type : [type, 'null'];
  if (Array.isArray(type)) return type.includes('null') ? type : [...type, 'null'];
  return type;
}

/**
 * Converts one OpenAPI v3 schema node (and everything below it) into a strict JSON schema.
 * `inJunctor` is true below `allOf`/`anyOf`/`oneOf`/`not`, where objects are never closed.
 */
export function toStrictSchema(schema: JsonObject, inJunctor = false): JsonSchema {
  const out: JsonSchema = {};

  for (const keyword of COPIED_KEYWORDS) {
    if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
  }

  if (schema['x-kubernetes-int-or-string'] === true) {
    out['type'] = ['integer', 'string'];
  } else if (schema['type'] !== undefined) {
    out['type'] = schema['type'];
  }
  if (schema['nullable'] === true) {
    if (out['type'] !== undefined) out['type'] = withNull(out['type']);
    if (Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  }

  // Kept as a marker (draft 4 ignores unknown keywords): consumers can tell open objects from closed ones.
  if (schema['x-kubernetes-preserve-unknown-fields'] === true)
    out['x-kubernetes-preserve-unknown-fields'] = true;

  const properties = schema['properties'];
  if (isObject(properties)) {
    const converted: JsonSchema = {};
    for (const [name, child] of Object.entries(properties)) {
      converted[name] = isObject(child) ? toStrictSchema(child, inJunctor) : child;
    }
    out['properties'] = converted;
  }

  const additional = schema['additionalProperties'];
  if (isObject(additional)) {
    out['additionalProperties'] = toStrictSchema(additional, inJunctor);
  } else if (typeof additional === 'boolean') {
    out['additionalProperties'] = additional;
  } else if (
    isObject(properties) &&
    !inJunctor &&
    schema['x-kubernetes-preserve-unknown-fields'] !== true &&
    schema['x-kubernetes-embedded-resource'] !== true
  ) {
    out['additionalProperties'] = false;
  }

  const items = schema['items'];
  if (isObject(items)) {
    out['items'] = toStrictSchema(items, inJunctor);
  } else if (Array.isArray(items)) {
    out['items'] = items.map((item: unknown) => (isObject(item) ? toStrictSchema(item, inJunctor) : item));
  }

  for (const junctor of JUNCTORS) {
    const branches = schema[junctor];
    if (Array.isArray(branches)) {
      out[junctor] = branches.map((branch: unknown) =>
        isObject(branch) ? toStrictSchema(branch, true) : branch,
      );
    }
  }
  const not = schema['not'];
  if (isObject(not)) out['not'] = toStrictSchema(not, true);

  return out;
}

/** The strict JSON schema of one version of a CRD, as kubeconform reads it; `description` goes on the root. */
export function crdVersionSchema(crd: Crd, version: CrdVersion, description?: string): JsonSchema {
  const source = version.schema?.openAPIV3Schema ?? {
    type: 'object',
    'x-kubernetes-preserve-unknown-fields': true,
  };
  const root = toStrictSchema(source);
  const properties = isObject(root['properties']) ? root['properties'] : {};
  root['properties'] = {
    ...properties,
    apiVersion: { type: 'string', enum: [`${crd.spec.group}/${version.name}`] },
    kind: { type: 'string', enum: [crd.spec.names.kind] },
  };
  const required = Array.isArray(root['required']) ? (root['required'] as unknown[]) : [];
  root['required'] = [...required, ...['apiVersion', 'kind'].filter((name) => !required.includes(name))];
  root['$schema'] = JSON_SCHEMA_DRAFT;
  if (description !== undefined) root['description'] = description;
  return root;
}

/** Recursively sorts object keys (array order is kept), so serialisation is byte-stable. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** 2-space JSON with sorted keys and a final newline. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

/** `<group>/<kind lowercased>_<version>.json`, matching kubeconform's `{{ .ResourceKind }}` (lowercased). */
export function schemaPath(group: string, kind: string, version: string): string {
  return `${group}/${kind.toLowerCase()}_${version}.json`;
}

/** A release offering CRDs for the schemas: its id, the API version it is pinned for, and its CRDs. */
export interface SchemaOrigin {
  readonly releaseId: string;
  readonly primaryVersion: string;
  readonly crds: Iterable<Crd>;
}

export interface SchemaSource {
  readonly releaseId: string;
  readonly crd: Crd;
  readonly version: CrdVersion;
}

/**
 * Chooses, for every served group/kind/version of the given releases, the release its schema is taken from:
 * the release whose primary version it is, otherwise the last release (in list order) that serves it.
 * Keyed by `schemaPath`, sorted.
 */
export function chooseSchemaSources(origins: readonly SchemaOrigin[]): Map<string, SchemaSource> {
  const chosen = new Map<string, SchemaSource & { primary: boolean }>();
  for (const origin of origins) {
    for (const crd of origin.crds) {
      for (const version of crd.spec.versions) {
        if (version.served !== true) continue;
        const key = schemaPath(crd.spec.group, crd.spec.names.kind, version.name);
        const primary = version.name === origin.primaryVersion;
        const previous = chosen.get(key);
        if (previous === undefined || primary || !previous.primary) {
          chosen.set(key, { releaseId: origin.releaseId, crd, version, primary });
        }
      }
    }
  }
  return new Map(
    [...chosen.keys()].sort().map((key) => {
      const { releaseId, crd, version } = chosen.get(key)!;
      return [key, { releaseId, crd, version }];
    }),
  );
}
