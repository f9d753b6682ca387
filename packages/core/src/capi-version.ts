/**
 * The Cluster API version a ClusterClass and its kubeadm templates are rendered for. One stack model
 * renders both; the stack's version matrix chooses which one a release ships.
 */
export class CapiVersion {
  /** `cluster.x-k8s.io/v1beta1`: what CSO v0.2 and `clusterctl alpha topology plan` (v1.10) understand. */
  public static readonly V1BETA1 = new CapiVersion('v1beta1');
  /** `cluster.x-k8s.io/v1beta2`: the storage version from CAPI v1.11 on. */
  public static readonly V1BETA2 = new CapiVersion('v1beta2');

  public static readonly ALL: readonly CapiVersion[] = [CapiVersion.V1BETA1, CapiVersion.V1BETA2];

  private constructor(public readonly version: 'v1beta1' | 'v1beta2') {}

  /** `cluster.x-k8s.io/<version>`. */
  public get coreApiVersion(): string {
    return `cluster.x-k8s.io/${this.version}`;
  }

  /** `bootstrap.cluster.x-k8s.io/<version>`. */
  public get bootstrapApiVersion(): string {
    return `bootstrap.cluster.x-k8s.io/${this.version}`;
  }

  /** `controlplane.cluster.x-k8s.io/<version>`. */
  public get controlPlaneApiVersion(): string {
    return `controlplane.cluster.x-k8s.io/${this.version}`;
  }

  public toString(): string {
    return this.version;
  }
}
