/**
 * The shape of a template's schema, reduced to what JSON-patch paths need: which properties exist, which
 * values are lists or maps, and where anything goes. Generated from the CRDs into `imports/`.
 */
export interface SchemaNode {
  /** Properties of an object; `1` marks a scalar. */
  readonly p?: { readonly [name: string]: SchemaNode | 1 };
  /** Items of a list; `1` when they are scalars. */
  readonly i?: SchemaNode | 1;
  /** Values of a map (`additionalProperties`); `1` when any value is allowed. */
  readonly m?: SchemaNode | 1;
  /** `x-kubernetes-preserve-unknown-fields`: any content below. */
  readonly x?: 1;
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Checks a JSON-patch path against a schema; returns undefined when it can exist, else why not.
 * CAPI only accepts paths below `/spec/`, and for lists only `add` at `-` or at index 0 (or an index for
 * replace/remove).
 */
export function checkPatchPath(
  root: SchemaNode,
  path: string,
  op: 'add' | 'replace' | 'remove',
): string | undefined {
  if (!path.startsWith('/spec/')) return 'paths must start with "/spec/"';
  const segments = path.slice(1).split('/').map(decodeSegment);
  let node: SchemaNode | 1 = root;
  let at = '';
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    if (node === 1) return `${at} is a scalar and has no field "${segment}"`;
    if (node.x) return undefined;
    if (node.i) {
      if (segment === '-') {
        if (!last || op !== 'add')
          return `"-" is only allowed as the last segment of an add (at ${at || '/'})`;
        return undefined;
      }
      if (!/^\d+$/.test(segment)) return `${at} is a list: expected an index or "-", got "${segment}"`;
      if (op === 'add' && last && segment !== '0')
        return `CAPI only adds to a list at index 0 or "-" (at ${at})`;
      node = node.i;
    } else if (node.p && segment in node.p) {
      node = node.p[segment];
    } else if (node.m) {
      node = node.m;
    } else {
      const known = node.p ? Object.keys(node.p).sort().join(', ') : 'none';
      return `unknown field "${segment}" at ${at || '/'} (known: ${known})`;
    }
    at += `/${segment}`;
  }
  return undefined;
}

/** The value at a JSON pointer in a document, or undefined. */
export function valueAtPointer(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const segment of pointer.slice(1).split('/').map(decodeSegment)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (current !== null && typeof current === 'object')
      current = (current as Record<string, unknown>)[segment];
    else return undefined;
  }
  return current;
}

/**
 * Why an `add` cannot apply to the base template, or undefined. CAPI decodes templates into Go structs before
 * patching, so empty lists and maps (`omitempty`) disappear: adding below them, or appending to them, fails
 * with "doc is missing path". `created` holds the paths earlier operations add.
 */
export function checkAddParent(
  root: SchemaNode,
  base: unknown,
  path: string,
  created: ReadonlySet<string>,
): string | undefined {
  const parent = path.slice(0, path.lastIndexOf('/'));
  if (parent === '' || created.has(parent)) return undefined;
  const value = valueAtPointer(base, parent);
  if (value === undefined)
    return `its parent ${parent} is not in the template: declare it in the template or add it first`;
  const isEmptyList = Array.isArray(value) && value.length === 0;
  const isEmptyMap =
    !Array.isArray(value) &&
    value !== null &&
    typeof value === 'object' &&
    Object.keys(value).length === 0 &&
    schemaAt(root, parent)?.m !== undefined;
  if (isEmptyList || isEmptyMap) {
    return `its parent ${parent} is empty in the template and CAPI drops empty ${isEmptyList ? 'lists' : 'maps'}: give it an entry, or add the whole ${isEmptyList ? 'list' : 'map'}`;
  }
  return undefined;
}

function schemaAt(root: SchemaNode, pointer: string): SchemaNode | undefined {
  let node: SchemaNode | 1 | undefined = root;
  for (const segment of pointer.slice(1).split('/').map(decodeSegment)) {
    if (node === undefined || node === 1) return undefined;
    node = node.i ?? node.p?.[segment] ?? (node.m === 1 ? undefined : node.m);
  }
  return node === 1 ? undefined : node;
}
