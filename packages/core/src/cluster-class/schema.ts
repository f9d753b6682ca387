/**
 * The subset of OpenAPI v3 that ClusterClass variables use (CAPI's `JSONSchemaProps`), and a validator
 * for it so defaults and examples are checked at synth instead of by the management cluster.
 */
export interface VariableSchema {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  readonly description?: string;
  readonly default?: unknown;
  readonly example?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly items?: VariableSchema;
  readonly properties?: { readonly [name: string]: VariableSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: VariableSchema | boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  /**
   * CEL rules on the value (`self`), evaluated by CAPI when it validates a Cluster's variables; the checks
   * below leave them to CAPI, so a default or example that breaks one shows in the topology dry run.
   */
  readonly 'x-kubernetes-validations'?: readonly {
    readonly rule: string;
    readonly message: string;
  }[];
}

/** A ClusterClass variable: its name, whether a Cluster must set it, and its schema. */
export interface VariableDefinition {
  readonly name: string;
  readonly required: boolean;
  readonly schema: VariableSchema;
}

const FORMAT_CHECKS: Record<string, (value: string) => boolean> = {
  cidr: (v) => isIPv4Cidr(v) || isIPv6Cidr(v),
  ipv4: (v) => isIPv4(v),
  uuid: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  uuid4: (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(v),
  hostname: (v) => /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(v),
  uri: (v) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(v),
};

function isIPv4(v: string): boolean {
  const parts = v.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIPv4Cidr(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  return (
    rest.length === 0 && bits !== undefined && isIPv4(ip) && /^\d{1,2}$/.test(bits) && Number(bits) <= 32
  );
}

function isIPv6Cidr(v: string): boolean {
  const [ip, bits, ...rest] = v.split('/');
  return (
    rest.length === 0 &&
    bits !== undefined &&
    /^[0-9a-f:]+$/i.test(ip) &&
    ip.includes(':') &&
    Number(bits) <= 128
  );
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/**
 * Validates a value against a schema; returns one message per violation, each starting with the JSON path
 * of the offending value (`$.podSecurityStandard.enforce`).
 */
export function validateAgainstSchema(schema: VariableSchema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type) {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) return [`${path}: expected ${schema.type}, got ${actual} ${JSON.stringify(value)}`];
  }
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(
      `${path}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`,
    );
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value))
      errors.push(`${path}: does not match ${schema.pattern}`);
    const check = schema.format ? FORMAT_CHECKS[schema.format] : undefined;
    // CAPI checks formats on empty strings too ("" is not a valid cidr).
    if (check && !check(value))
      errors.push(`${path}: ${JSON.stringify(value)} is not a valid ${schema.format}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      errors.push(`${path}: ${value} is less than ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      errors.push(`${path}: ${value} is greater than ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      errors.push(`${path}: more than ${schema.maxItems} items`);
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      errors.push(`${path}: items are not unique`);
    if (schema.items)
      value.forEach((item, i) => errors.push(...validateAgainstSchema(schema.items!, item, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object)) errors.push(`${path}: missing required property "${name}"`);
    }
    for (const [name, propertyValue] of Object.entries(object)) {
      const propertySchema = schema.properties?.[name];
      if (propertySchema) {
        errors.push(...validateAgainstSchema(propertySchema, propertyValue, `${path}.${name}`));
      } else if (typeof schema.additionalProperties === 'object') {
        errors.push(...validateAgainstSchema(schema.additionalProperties, propertyValue, `${path}.${name}`));
      } else if (
        schema.properties &&
        schema.additionalProperties !== true &&
        !schema['x-kubernetes-preserve-unknown-fields']
      ) {
        errors.push(`${path}: unknown property "${name}"`);
      }
    }
  }
  return errors;
}

/**
 * Applies the structural defaults of a schema the way the API server does (nested `default`s), so a
 * default at one level can be checked together with the defaults beneath it.
 */
export function applyDefaults(schema: VariableSchema, value: unknown): unknown {
  const withDefault = value === undefined ? schema.default : value;
  if (withDefault === undefined || typeOf(withDefault) !== 'object' || !schema.properties) return withDefault;
  const object = { ...(withDefault as Record<string, unknown>) };
  for (const [name, propertySchema] of Object.entries(schema.properties)) {
    const defaulted = applyDefaults(propertySchema, object[name]);
    if (defaulted !== undefined) object[name] = defaulted;
  }
  return object;
}

/** Marks a number variable as a whole number in a variables interface (the schema gets `type: integer`). */
export type Integer = number;
