import { invalidProp, StackDefinitionError } from './errors';

const VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)$/;

/**
 * A Kubernetes release (major.minor.patch) as a value object. The constants name the patch release each
 * supported minor is built and tested with; bumping a patch is a one-line change here.
 */
export class KubernetesVersion {
  /** Kubernetes 1.33, built with the 1.33.7 patch release. */
  public static readonly V1_33 = KubernetesVersion.of('1.33.7');
  /** Kubernetes 1.34, built with the 1.34.3 patch release. */
  public static readonly V1_34 = KubernetesVersion.of('1.34.3');
  /** Kubernetes 1.35, built with the 1.35.1 patch release. */
  public static readonly V1_35 = KubernetesVersion.of('1.35.1');
  /** Kubernetes 1.36, built with the 1.36.1 patch release. */
  public static readonly V1_36 = KubernetesVersion.of('1.36.1');

  /** The names of the declared constants, oldest first (`V1_33`, …). */
  public static declared(): string[] {
    return Object.keys(KubernetesVersion).filter((k) => /^V\d+_\d+$/.test(k));
  }

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

// JavaScript callers get no compile error for a constant that is not declared (`KubernetesVersion.V1_37` would
// be undefined and fail far away): a lookup of an undeclared `V<major>_<minor>` throws, listing the declared ones.
Object.setPrototypeOf(
  KubernetesVersion,
  new Proxy(Object.getPrototypeOf(KubernetesVersion) as object, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^V\d+_\d+$/.test(property)) {
        throw new StackDefinitionError(
          `KubernetesVersion.${property} is not declared: the declared constants are ${KubernetesVersion.declared().join(', ')}. ` +
            `Add ${property} (with the patch release to build) to packages/core/src/kubernetes-version.ts, or use KubernetesVersion.of("${property.slice(1).replace('_', '.')}.0").`,
        );
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }),
);
