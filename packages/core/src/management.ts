import { KubernetesVersion } from './kubernetes-version';

/** A component of the management cluster that a stack needs, the versions it works with, and why. */
export interface ManagementRequirement {
  /** The component, e.g. `Cluster API`, `CAPO`, `Cluster Stack Operator`. */
  readonly component: string;
  /** The versions the stack works with, e.g. `≥ v1.13`. */
  readonly versions: string;
  /** One sentence on why: the rule or the fact that sets the bound. */
  readonly reason: string;
}

/**
 * The oldest Cluster API release whose support matrix includes each Kubernetes minor as a workload cluster
 * (from the Cluster API release notes: v1.10 manages workload clusters up to 1.33, v1.12 up to 1.35, v1.13 up
 * to 1.36).
 */
const CLUSTER_API_MINIMUM: Readonly<Record<number, string>> = {
  33: 'v1.10',
  34: 'v1.11',
  35: 'v1.12',
  36: 'v1.13',
};

/** The Cluster API requirement of a stack for a Kubernetes minor; an unknown minor is an error naming the table. */
export function clusterApiRequirement(kubernetesVersion: KubernetesVersion): ManagementRequirement {
  const minimum = CLUSTER_API_MINIMUM[kubernetesVersion.minor];
  if (minimum === undefined) {
    throw new Error(
      `clusterApiRequirement: no Cluster API minimum for Kubernetes ${kubernetesVersion.minorDotted}; add the minor to CLUSTER_API_MINIMUM (packages/core/src/management.ts) from the Cluster API support matrix`,
    );
  }
  return {
    component: 'Cluster API (core, kubeadm bootstrap and control plane)',
    versions: `≥ ${minimum}`,
    reason:
      "the oldest release whose support matrix includes the stack's Kubernetes minor as a workload cluster",
  };
}

/** The Cluster Stack Operator release the releases are made for (the release contract). */
export const CLUSTER_STACK_OPERATOR_REQUIREMENT: ManagementRequirement = {
  component: 'Cluster Stack Operator',
  versions: 'v0.2.0-alpha.1',
  reason:
    'the release format follows its contract (multi-stage clusteraddon.yaml, helm template with dependency update); it reads v1beta1 ClusterClasses with Cluster API v1.8 libraries',
};
