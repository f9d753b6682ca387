import { invalidProp } from './errors';
import { KubernetesVersion } from './kubernetes-version';
import { StackVersion } from './stack-version';

const NAME_PATTERN = /^[a-z][a-z0-9]*$/;

/** Checks a provider or stack name: lowercase letters and digits only, since CSO splits tags on `-`. */
export function validateStackNamePart(where: string, prop: 'provider' | 'name', value: string): void {
  if (!NAME_PATTERN.test(value)) {
    throw invalidProp(
      where,
      prop,
      value,
      'lowercase letters and digits, starting with a letter (no "-", no upper case)',
      'CSO splits release tags on "-", so "my-stack" would be read as provider "my", stack "stack".',
    );
  }
}

/**
 * Every name CSO derives from a stack: computed here once so nobody types one by hand.
 * Example for docker/scs, Kubernetes 1.35, version v3:
 * - release tag `docker-scs-1-35-v3`, ClusterClass `docker-scs-1-35-v3` (dot form for hash versions)
 * - Helm release name `docker-scs-1-35`, cluster-class chart `docker-scs-1-35-cluster-class`
 */
export class ReleaseNames {
  public constructor(
    public readonly provider: string,
    public readonly name: string,
    public readonly kubernetesVersion: KubernetesVersion,
  ) {
    validateStackNamePart('ReleaseNames', 'provider', provider);
    validateStackNamePart('ReleaseNames', 'name', name);
  }

  /** `docker-scs-1-35`: the Helm release name CSO passes to `helm template` for the cluster-class chart. */
  public get helmReleaseName(): string {
    return `${this.provider}-${this.name}-${this.kubernetesVersion.minorDashed}`;
  }

  /** `docker-scs-1-35-cluster-class`: the cluster-class chart name. */
  public get clusterClassChartName(): string {
    return `${this.helmReleaseName}-cluster-class`;
  }

  /** `docker-scs-1-35-cluster-addon`: the prefix of the cluster-addon archive. */
  public get clusterAddonArchivePrefix(): string {
    return `${this.helmReleaseName}-cluster-addon`;
  }

  /** `docker-scs-1-35-v0-sha-abcdefg`: release tag, OCI tag, ClusterStackRelease and directory name. */
  public releaseTag(version: StackVersion): string {
    return `${this.helmReleaseName}-${version.dashed}`;
  }

  /** `docker-scs-1-35-v0-sha.abcdefg`: the ClusterClass name and `Cluster.spec.topology.class`. */
  public clusterClassName(version: StackVersion): string {
    return `${this.helmReleaseName}-${version.dotted}`;
  }

  /** `docker-scs-1-35-cluster-class-v3.tgz`. */
  public clusterClassArchive(version: StackVersion): string {
    return `${this.clusterClassChartName}-${version.dotted}.tgz`;
  }

  /** `docker-scs-1-35-cluster-addon-v2.tgz`, named by the clusterAddon component version. */
  public clusterAddonArchive(clusterAddonVersion: StackVersion): string {
    return `${this.clusterAddonArchivePrefix}-${clusterAddonVersion.dotted}.tgz`;
  }
}
