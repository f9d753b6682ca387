import type { Integer } from '../cluster-class/schema';

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Pod Security admission defaults applied to every namespace that does not set its own labels. */
export interface PodSecurityStandard {
  /**
   * Applies the levels below; when false every level is privileged (no pod is rejected, nothing is reported).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Level enforced: pods that violate it are rejected.
   * @default "baseline"
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Level audited: violations are recorded in the audit log.
   * @default "restricted"
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Level warned about: violations are returned as warnings to the client.
   * @default "restricted"
   */
  readonly warn?: PodSecurityLevel;
}

/** Retention of the API server audit log on each control-plane node. */
export interface AuditLogRetention {
  /**
   * Days to keep rotated audit log files.
   * @default 30
   * @minimum 1
   */
  readonly maxAgeDays?: Integer;
  /**
   * Number of rotated audit log files to keep.
   * @default 10
   * @minimum 1
   */
  readonly maxBackups?: Integer;
  /**
   * Size in megabytes at which the audit log is rotated.
   * @default 100
   * @minimum 1
   */
  readonly maxSizeMegabytes?: Integer;
}

/**
 * The variables of the hardening profile that every stack's ClusterClass offers.
 * @clusterClassVariables
 */
export interface HardeningVariables {
  /**
   * Pod Security admission defaults for the whole cluster (kube-system is exempt).
   * @default {}
   */
  readonly podSecurityStandard?: PodSecurityStandard;
  /**
   * Retention of the API server audit log.
   * @default {}
   */
  readonly auditLog?: AuditLogRetention;
  /**
   * Address the controller manager, scheduler and etcd serve metrics on; 127.0.0.1 keeps them on the node, 0.0.0.0 exposes them to a cluster monitoring stack.
   * @default "127.0.0.1"
   */
  readonly controlPlaneMetricsBindAddress?: '127.0.0.1' | '0.0.0.0';
  /**
   * Number of terminated pods kept before the garbage collector deletes them.
   * @default 1000
   * @minimum 1
   */
  readonly terminatedPodGCThreshold?: Integer;
}
