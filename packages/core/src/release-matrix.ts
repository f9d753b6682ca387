import { CapiVersion } from './capi-version';
import { describeValue, invalidProp, StackDefinitionError } from './errors';
import { KubernetesVersion } from './kubernetes-version';

/** What every row of a stack's version matrix holds, whatever the provider. */
export interface ReleaseRow {
  /** The Kubernetes patch release the minor is built and tested with. */
  readonly kubernetes: KubernetesVersion;
  /** The Cluster API version the release ships its ClusterClass in. */
  readonly capi: CapiVersion;
  /** The Kubernetes JSON-schema release the manifests are validated against, e.g. `v1.35.0`. */
  readonly kubernetesSchema: string;
  /**
   * The oldest Cluster API release whose support matrix includes the minor as a workload cluster, e.g.
   * `v1.13` (from the Cluster API release notes); the stack's management-cluster requirement.
   */
  readonly clusterApiMinimum: string;
}

/**
 * Reads one field of a data row: returns the typed value or throws a message ending in what was expected
 * (the matrix prefixes the stack, the row and the field).
 */
export type FieldReader<T> = (value: unknown) => T;

/** How to read each field of a row type. */
export type RowSpec<R> = { readonly [K in keyof R]-?: FieldReader<R[K]> };

/** The field a minor generator marks on a row it prefilled from the previous one. */
export const UNVERIFIED_FIELD = 'unverified';

class FieldProblem extends Error {}

function expect(ok: boolean, value: unknown, expected: string): void {
  if (!ok) throw new FieldProblem(`is ${describeValue(value)}: expected ${expected}`);
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The readers of the common field kinds; provider rows combine them. */
export const field = {
  /** A Kubernetes patch release, `1.35.1`. */
  kubernetesRelease: (): FieldReader<KubernetesVersion> => (value) => {
    expect(typeof value === 'string' && /^\d+\.\d+\.\d+$/.test(value), value, 'a release like "1.35.1"');
    return KubernetesVersion.of(value as string);
  },
  /** A Cluster API version, `v1beta1` or `v1beta2`. */
  capiVersion: (): FieldReader<CapiVersion> => (value) => {
    const found = CapiVersion.ALL.find((c) => c.version === value);
    expect(found !== undefined, value, CapiVersion.ALL.map((c) => `"${c.version}"`).join(' or '));
    return found!;
  },
  /** A string matching a pattern. */
  text:
    (pattern: RegExp, expected: string): FieldReader<string> =>
    (value) => {
      expect(typeof value === 'string' && pattern.test(value), value, expected);
      return value as string;
    },
  /** A release tag, `v1.35.0`. */
  releaseTag: (): FieldReader<string> => field.text(/^v\d+\.\d+\.\d+$/, 'a release tag like "v1.35.0"'),
  /** A release line, `v1.13`. */
  releaseLine: (): FieldReader<string> => field.text(/^v\d+\.\d+$/, 'a release line like "v1.13"'),
  /** A version without "v", `1.19.6`. */
  version: (): FieldReader<string> => field.text(/^\d+\.\d+\.\d+$/, 'a version like "1.19.6"'),
  /** A content digest, `sha256:<64 hex digits>`. */
  digest: (): FieldReader<string> => field.text(DIGEST, '"sha256:" and 64 hex digits'),
  /** An image reference pinned by digest, `<repository>:<tag>@sha256:<64 hex digits>`. */
  pinnedImage: (): FieldReader<string> =>
    field.text(
      /^[^\s@]+:[^\s@:/]+@sha256:[0-9a-f]{64}$/,
      'an image like "<repository>:<tag>@sha256:<64 hex digits>"',
    ),
  /** A digest, or `null` where upstream publishes none (stated, never left out). */
  digestOrNone: (): FieldReader<string | undefined> => (value) => {
    if (value === null) return undefined;
    expect(typeof value === 'string' && DIGEST.test(value), value, '"sha256:" and 64 hex digits, or null');
    return value as string;
  },
  /** An object of fields read by their own readers. */
  record:
    <T>(spec: RowSpec<T>): FieldReader<T> =>
    (value) => {
      expect(typeof value === 'object' && value !== null && !Array.isArray(value), value, 'an object');
      return readFields(spec, value as Record<string, unknown>, '');
    },
};

function readFields<T>(spec: RowSpec<T>, data: Record<string, unknown>, prefix: string): T {
  const out: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(spec) as [string, FieldReader<unknown>][]) {
    const path = `${prefix}${name}`;
    if (!(name in data)) throw new FieldProblem(`field "${path}" is missing`);
    try {
      out[name] = read(data[name]);
    } catch (e) {
      if (!(e instanceof FieldProblem)) throw e;
      const nested = e.message.startsWith('field "');
      throw new FieldProblem(
        nested ? `field "${path}.${e.message.slice(7)}` : `field "${path}" ${e.message}`,
      );
    }
  }
  const unknown = Object.keys(data).filter((k) => !(k in spec) && !(prefix === '' && k === UNVERIFIED_FIELD));
  if (unknown.length > 0)
    throw new FieldProblem(`field "${prefix}${unknown[0]}" is not a field of this matrix`);
  return out as T;
}

const MINOR_KEY = /^1\.[1-9]\d?$/;

/**
 * The version matrix of one stack: a typed row per Kubernetes minor, everything that varies by minor in one
 * place. Rows are data (`releases.json` next to the stack definition); this class reads them once, and a
 * missing or malformed field is an error naming the stack, the row and the field.
 */
export class ReleaseMatrix<R extends ReleaseRow> {
  /** Reads the rows of `data` (`{ "1.35": { … }, … }`) with the readers of `spec`. */
  public static fromData<R extends ReleaseRow>(
    stack: string,
    data: unknown,
    spec: RowSpec<R>,
    /** A check across the fields of a row: the problem (`field "x" is …`), or undefined. */
    check?: (row: R) => string | undefined,
  ): ReleaseMatrix<R> {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw new StackDefinitionError(
        `${stack} release matrix: expected an object of rows by minor ("1.35": { … }).`,
      );
    }
    const rows = new Map<string, R>();
    const unverified = new Map<string, readonly string[]>();
    let last = 0;
    for (const [minor, raw] of Object.entries(data as Record<string, unknown>)) {
      const where = `${stack} release matrix, row "${minor}"`;
      if (!MINOR_KEY.test(minor))
        throw new StackDefinitionError(`${where}: the key must be a minor like "1.35".`);
      const number = Number(minor.slice(2));
      if (number <= last)
        throw new StackDefinitionError(`${where}: rows must be in ascending order of minor.`);
      last = number;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
        throw new StackDefinitionError(`${where}: ${describeValue(raw)} is not a row object.`);
      let row: R;
      try {
        row = readFields(spec, raw as Record<string, unknown>, '');
      } catch (e) {
        if (e instanceof FieldProblem) throw new StackDefinitionError(`${where}: ${e.message}.`);
        throw e;
      }
      if (row.kubernetes.minorDotted !== minor)
        throw new StackDefinitionError(
          `${where}: field "kubernetes" is ${row.kubernetes.semver}, not a ${minor} release.`,
        );
      const marked = (raw as Record<string, unknown>)[UNVERIFIED_FIELD];
      // A prefilled row may still name the previous release; row() refuses it until it is filled in.
      const problem = marked === undefined ? check?.(row) : undefined;
      if (problem) throw new StackDefinitionError(`${where}: ${problem}.`);
      if (marked !== undefined) {
        if (!Array.isArray(marked) || marked.some((m) => typeof m !== 'string'))
          throw new StackDefinitionError(`${where}: field "${UNVERIFIED_FIELD}" must list field names.`);
        unverified.set(minor, marked as string[]);
      }
      rows.set(minor, Object.freeze(row));
    }
    return new ReleaseMatrix(stack, rows, unverified);
  }

  private constructor(
    /** `<provider>/<stack>`, for messages. */
    public readonly stack: string,
    private readonly rows: ReadonlyMap<string, R>,
    private readonly unverified: ReadonlyMap<string, readonly string[]>,
  ) {}

  /** The minors of the matrix, oldest first (`1.33`, …). */
  public get minors(): readonly string[] {
    return [...this.rows.keys()];
  }

  /**
   * The row of a minor (`1.35`, `1-35`, or the row's own release as a `KubernetesVersion`). An error names the
   * minors there are, or the fields a minor generator prefilled that still need real values.
   */
  public row(minor: string | KubernetesVersion): R {
    const key = this.key(minor);
    const row = this.rows.get(key);
    if (!row) {
      const [provider, stack] = this.stack.split('/');
      throw new StackDefinitionError(
        `${this.stack}: Kubernetes ${key} has no row in the release matrix (rows: ${this.minors.join(', ') || 'none'}). ` +
          `Add it with npx nx g @cluster-stacks/nx-plugin:minor --provider ${provider} --stack ${stack} --minor ${key.replace('.', '-')}, then fill in the row.`,
      );
    }
    if (minor instanceof KubernetesVersion && minor.semver !== row.kubernetes.semver) {
      throw new StackDefinitionError(
        `${this.stack}: Kubernetes ${minor.semver} is not the release of the matrix row "${key}" (${row.kubernetes.semver}); ` +
          `change the row's "kubernetes" field to build another patch release.`,
      );
    }
    const marked = this.unverified.get(key) ?? [];
    if (marked.length > 0) {
      throw new StackDefinitionError(
        `${this.stack}: the release matrix row "${key}" was prefilled from the previous minor and needs real values for ` +
          `${marked.map((m) => `"${m}"`).join(', ')}; fill them in and remove "${UNVERIFIED_FIELD}".`,
      );
    }
    return row;
  }

  /** The row of the minor before, when the matrix has one (its node image stays listed during upgrades). */
  public previous(minor: string | KubernetesVersion): R | undefined {
    const key = this.key(minor);
    const before = `1.${Number(key.slice(2)) - 1}`;
    return this.rows.has(before) ? this.row(before) : undefined;
  }

  private key(minor: string | KubernetesVersion): string {
    if (minor instanceof KubernetesVersion) return minor.minorDotted;
    if (typeof minor !== 'string' || !/^1[.-][1-9]\d?$/.test(minor))
      throw invalidProp(this.stack, 'minor', minor, 'a Kubernetes minor like "1.35"');
    return minor.replace('-', '.');
  }
}
