import { invalidProp } from './errors';

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
 * The Cluster API requirement of a stack: `minimum` is the oldest release whose support matrix includes the
 * stack's Kubernetes minor as a workload cluster (the `clusterApiMinimum` of its release matrix row).
 */
export function clusterApiRequirement(minimum: string): ManagementRequirement {
  if (!/^v\d+\.\d+$/.test(minimum)) {
    throw invalidProp('clusterApiRequirement', 'minimum', minimum, 'a Cluster API release line like "v1.13"');
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
    'the release format follows its contract (multi-stage clusteraddon.yaml, helm template with dependency update); it reads Clusters and lifecycle hook requests as v1beta1 with Cluster API v1.8 libraries, so the management cluster must still serve v1beta1',
};

/**
 * Why every minor ships its ClusterClass in v1beta1, the newest too: what the targeted Cluster Stack Operator
 * knows of Cluster API's versions (checked in its v0.2.0-alpha.1 source).
 */
export const CLUSTER_STACK_OPERATOR_V1BETA2_LIMITATION =
  "the Cluster Stack Operator these releases are made for (v0.2.0-alpha.1, its newest release) is built with Cluster API v1.8.1 and knows only cluster.x-k8s.io/v1beta1: its controllers read Clusters through the v1beta1 types and its Cluster webhook is registered for v1beta1 only, both by `spec.topology.class`, which v1beta2 renamed to `spec.topology.classRef.name`. The v1beta2 rendering of every release is checked all the same (schemas, and Cluster API v1.14's ClusterClass webhook and topology engine on every example and variable test), so a minor moves to v1beta2 by its `capi` field once a CSO release supports it";
