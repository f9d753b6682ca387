// Checks shared by the addon constructs. Each returns a verdict; the constructs build the error message
// (with their path and prop name) through `invalidProp` from the core.

/** An image reference split into its parts. */
export interface ImageReference {
  /** Registry and repository, e.g. `registry.k8s.io/metrics-server/metrics-server`. */
  readonly name: string;
  /** The tag, e.g. `v0.8.1`. @default - none (pinned by digest only) */
  readonly tag?: string;
  /** The digest, `sha256:<hex>`. @default - none (pinned by tag only) */
  readonly digest?: string;
}

// Registry host (optionally with a port) and path components as the distribution reference grammar allows
// them, then an optional tag and an optional digest.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE = new RegExp(
  `^((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?${COMPONENT}(?:/${COMPONENT})*)` +
    '(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?' +
    '(?:@(sha256:[0-9a-f]{64}))?$',
);

/** Parses an image reference that is pinned by a tag, a digest or both; undefined for anything else. */
export function parsePinnedImage(reference: string): ImageReference | undefined {
  const match = IMAGE.exec(reference);
  if (!match) return undefined;
  const [, name, tag, digest] = match;
  if (tag === undefined && digest === undefined) return undefined;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** The expectation named in error messages about image references. */
export function imageExpectation(example: string): string {
  return `an image reference pinned by tag or digest, such as ${JSON.stringify(example)}`;
}

// A Kubernetes resource quantity: a decimal number with an optional binary (Ki, Mi…), decimal (m, k, M…)
// or exponent suffix.
const QUANTITY = /^\+?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** True for a non-negative Kubernetes resource quantity such as `100m` or `200Mi`. */
export function isQuantity(value: string): boolean {
  return QUANTITY.test(value);
}

function isIPv4(address: string): boolean {
  const parts = address.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIPv6(address: string): boolean {
  if (!/^[0-9a-fA-F:]+$/.test(address)) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? groups.length < 8 : groups.length === 8;
}

/** True for an IPv4 or IPv6 CIDR such as `10.244.0.0/16` or `fd00:10:244::/56`. */
export function isCidr(value: string): boolean {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return false;
  const [, address, bits] = match;
  const prefix = Number(bits);
  if (isIPv4(address)) return prefix <= 32;
  if (isIPv6(address)) return prefix <= 128;
  return false;
}
