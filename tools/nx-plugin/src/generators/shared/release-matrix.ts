import type { Tree } from '@nx/devkit';
import type { Minor } from './names';

/** `docker`, `scs` → `packages/provider-docker/src/scs/releases.json`: the version matrix of a stack. */
export function releaseMatrixFile(provider: string, stack: string): string {
  return `packages/provider-${provider}/src/${stack}/releases.json`;
}

/** The field a prefilled row lists its unverified fields in (as `UNVERIFIED_FIELD` of @cluster-stacks/core). */
export const UNVERIFIED = 'unverified';

type Row = Record<string, unknown>;

const DIGEST = /sha256:[0-9a-f]{64}/;

/** The fields of a row whose value holds a digest or checksum: a new minor needs real ones. */
function digestFields(row: Row): string[] {
  return Object.entries(row)
    .filter(([, value]) => typeof value === 'string' && DIGEST.test(value))
    .map(([name]) => name);
}

/**
 * The row of a new minor, prefilled from the previous row: the Kubernetes release and schema pin of the new
 * minor's first patch release, every other field as before, and the digest fields listed as unverified
 * (the stack refuses the row until they are filled in and the list is removed).
 */
export function prefilledRow(previous: Row | undefined, minor: Minor): Row {
  const copied = Object.fromEntries(Object.entries(previous ?? {}).filter(([name]) => name !== UNVERIFIED));
  const row: Row = {
    ...copied,
    kubernetes: `${minor.dotted}.0`,
    capi: copied.capi ?? 'v1beta1',
    kubernetesSchema: `v${minor.dotted}.0`,
  };
  const unverified = digestFields(row);
  return unverified.length > 0 ? { ...row, [UNVERIFIED]: unverified } : row;
}

/**
 * Appends the row of `minor` to the stack's matrix, prefilled from the newest row before it. Returns the
 * fields it marked as unverified. Throws when the matrix is missing or already has the minor.
 */
export function appendRow(tree: Tree, file: string, minor: Minor): string[] {
  const text = tree.read(file, 'utf-8');
  if (text === null) {
    throw new Error(
      `${file} does not exist: the stack has no release matrix. Add it with the stack generator, or create it as {}.`,
    );
  }
  const rows = JSON.parse(text) as Record<string, Row>;
  if (minor.dotted in rows) throw new Error(`${file} already has a row for ${minor.dotted}.`);
  const number = Number(minor.dotted.slice(2));
  const older = Object.keys(rows).filter((m) => Number(m.slice(2)) < number);
  if (older.length !== Object.keys(rows).length) {
    throw new Error(`${file} has rows after ${minor.dotted}: a new minor is appended after the newest one.`);
  }
  const previous = older.length > 0 ? rows[older[older.length - 1]] : undefined;
  const row = prefilledRow(previous, minor);
  tree.write(file, formatJson({ ...rows, [minor.dotted]: row }));
  return (row[UNVERIFIED] as string[] | undefined) ?? [];
}

/** JSON as the workspace's formatter writes it: two-space indent, short lists of values on one line. */
export function formatJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2).replace(
    /\[\n\s+([^[\]{}]*?)\n\s*\]/g,
    (_, items: string) => `[${items.split(/,\n\s+/).join(', ')}]`,
  );
  return `${text}\n`;
}

/** The pins.env line that installs the schemas of a minor, added after the last schema pin when missing. */
export function addSchemaPin(tree: Tree, file: string, minor: Minor): boolean {
  const text = tree.read(file, 'utf-8');
  if (text === null) return false;
  const key = `K8S_SCHEMA_${minor.dashed.replace('-', '_')}`;
  if (new RegExp(`^${key}=`, 'm').test(text)) return false;
  const lines = text.split('\n');
  const last = lines
    .map((l, i) => (l.startsWith('K8S_SCHEMA_') ? i : -1))
    .filter((i) => i >= 0)
    .pop();
  if (last === undefined) return false;
  lines.splice(last + 1, 0, `${key}=v${minor.dotted}.0`);
  tree.write(file, lines.join('\n'));
  return true;
}
