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
export function checkPatchPath(root: SchemaNode, path: string, op: 'add' | 'replace' | 'remove'): string | undefined {
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
        if (!last || op !== 'add') return `"-" is only allowed as the last segment of an add (at ${at || '/'})`;
        return undefined;
      }
      if (!/^\d+$/.test(segment)) return `${at} is a list: expected an index or "-", got "${segment}"`;
      if (op === 'add' && last && segment !== '0') return `CAPI only adds to a list at index 0 or "-" (at ${at})`;
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
