import { invalidProp } from './errors';

const DOT_FORM = /^v(\d+)(?:-([0-9A-Za-z_]+)\.([0-9A-Za-z_]+))?$/;
const DASH_FORM = /^v(\d+)(?:-([0-9A-Za-z_]+)-([0-9A-Za-z_]+))?$/;

/**
 * A cluster stack version in the grammar CSO parses: stable `vN`, or `vN-<channel>.<patch>` such as the
 * hash-mode `v0-sha.abcdefg`. The dot form names charts and ClusterClasses; the dash form names tags.
 */
export class StackVersion {
  /** A stable version `vN` (N ≥ 1). */
  public static stable(major: number): StackVersion {
    if (!Number.isInteger(major) || major < 1) {
      throw invalidProp('StackVersion.stable', 'major', major, 'an integer ≥ 1');
    }
    return new StackVersion(major);
  }

  /** A hash-mode version `v0-sha.<hash>`, `hash` being 7 characters of `[a-z0-9]`. */
  public static hash(hash: string): StackVersion {
    if (!/^[a-z0-9]{7}$/.test(hash)) {
      throw invalidProp('StackVersion.hash', 'hash', hash, '7 characters of [a-z0-9]');
    }
    if (/^0[0-9]*$/.test(hash)) {
      // Helm reads the chart version as semver; an all-digit pre-release with a leading zero is invalid.
      throw invalidProp(
        'StackVersion.hash',
        'hash',
        hash,
        'not all digits with a leading zero (Helm rejects it as semver)',
      );
    }
    return new StackVersion(0, 'sha', hash);
  }

  /** Parses the dot form (`v3`, `v0-sha.abcdefg`). */
  public static parseDotted(text: string): StackVersion {
    const match = DOT_FORM.exec(text);
    if (!match)
      throw invalidProp(
        'StackVersion.parseDotted',
        'version',
        text,
        'the dot form vN or vN-<channel>.<patch>',
      );
    return new StackVersion(Number(match[1]), match[2], match[3]);
  }

  /** Parses the dash form (`v3`, `v0-sha-abcdefg`). */
  public static parseDashed(text: string): StackVersion {
    const match = DASH_FORM.exec(text);
    if (!match)
      throw invalidProp(
        'StackVersion.parseDashed',
        'version',
        text,
        'the dash form vN or vN-<channel>-<patch>',
      );
    return new StackVersion(Number(match[1]), match[2], match[3]);
  }

  private constructor(
    public readonly major: number,
    public readonly channel?: string,
    public readonly patch?: string,
  ) {}

  public get isStable(): boolean {
    return this.channel === undefined;
  }

  /** `v3` or `v0-sha.abcdefg`. */
  public get dotted(): string {
    return this.isStable ? `v${this.major}` : `v${this.major}-${this.channel}.${this.patch}`;
  }

  /** `v3` or `v0-sha-abcdefg`. */
  public get dashed(): string {
    return this.isStable ? `v${this.major}` : `v${this.major}-${this.channel}-${this.patch}`;
  }

  /** The next stable version (`v3` → `v4`); a hash version has no successor. */
  public next(): StackVersion {
    if (!this.isStable) throw invalidProp('StackVersion.next', 'version', this.dotted, 'a stable version vN');
    return StackVersion.stable(this.major + 1);
  }

  public toString(): string {
    return this.dotted;
  }
}
