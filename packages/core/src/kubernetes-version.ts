import { invalidProp } from './errors';

const VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)$/;

/**
 * A Kubernetes release (major.minor.patch) as a value object. Which patch release a stack builds is data: the
 * row of its minor in the stack's release matrix.
 */
export class KubernetesVersion {
  /** Parses `1.35.1` or `v1.35.1`. */
  public static of(version: string): KubernetesVersion {
    const match = VERSION_PATTERN.exec(version);
    if (!match) {
      throw invalidProp('KubernetesVersion.of', 'version', version, 'a release like "1.35.1" or "v1.35.1"');
    }
    const [major, minor, patch] = match.slice(1).map(Number);
    if (major === 0 || minor === 0) {
      throw invalidProp(
        'KubernetesVersion.of',
        'version',
        version,
        'a major and minor greater than 0 (CSO rejects 0)',
      );
    }
    return new KubernetesVersion(major, minor, patch);
  }

  private constructor(
    public readonly major: number,
    public readonly minor: number,
    public readonly patch: number,
  ) {}

  /** `v1.35.1`: the form of `Cluster.spec.topology.version` and of `metadata.yaml`. */
  public get semver(): string {
    return `v${this.major}.${this.minor}.${this.patch}`;
  }

  /** `1.35`: the form of `ClusterStack.spec.kubernetesVersion`. */
  public get minorDotted(): string {
    return `${this.major}.${this.minor}`;
  }

  /** `1-35`: the form used in release tags, chart names and project folders. */
  public get minorDashed(): string {
    return `${this.major}-${this.minor}`;
  }

  public toString(): string {
    return this.semver;
  }
}
