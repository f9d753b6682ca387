/** A clause a stack cannot meet, and why; the clause is reported as exempt and not checked. */
export interface Exemption {
  /** `docker/scs`. */
  readonly stack: string;
  /** The clause ids (`scs-0214-v2/label-zone`). */
  readonly clauses: readonly string[];
  /** Why the stack cannot meet them. */
  readonly reason: string;
}

/** The exemptions of the SCS standards tier; each one is a documented reason, never a silenced failure. */
export const SCS_EXEMPTIONS: readonly Exemption[] = [
  {
    stack: 'docker/scs',
    clauses: [
      'scs-0214-v2/control-plane-hosts',
      'scs-0214-v2/control-plane-zones',
      'scs-0214-v2/label-zone',
      'scs-0214-v2/label-region',
    ],
    reason:
      'CAPD runs every node as a container on the one Docker host of the management cluster: there is one physical machine and no region or zone, so nothing can be distributed over them or labelled truthfully (CAPD failure domains exist for testing and name no real zone)',
  },
];

/** The exemption of `clause` for `stack`, if any. */
export function exemptionOf(
  stack: string,
  clause: string,
  exemptions: readonly Exemption[] = SCS_EXEMPTIONS,
): Exemption | undefined {
  return exemptions.find((e) => e.stack === stack && e.clauses.includes(clause));
}

/**
 * A clause a stack violates today, recorded with why and what would fix it. The clause is still checked: its
 * failure is reported as a known violation in every run and in the docs, and an entry whose clause holds again
 * fails the tier until it is removed, so the table never outlives the violation.
 */
export interface KnownViolation {
  /** `docker/scs`. */
  readonly stack: string;
  /** The clause ids (`scs-0210-v2/latest-patch`). */
  readonly clauses: readonly string[];
  /** The minors (`1.35`) that violate them: a new minor is checked as any other. */
  readonly minors: readonly string[];
  /** Why the stack does not meet them today. */
  readonly reason: string;
  /** What a stack author does to meet them. */
  readonly remedy: string;
}

/** The known violations of the SCS standards tier. */
export const SCS_KNOWN_VIOLATIONS: readonly KnownViolation[] = [
  {
    stack: 'docker/scs',
    clauses: ['scs-0210-v2/latest-patch'],
    minors: ['1.33', '1.34', '1.35', '1.36'],
    reason:
      'each minor ships the patch of a kindest/node image pinned by digest (kind v0.31.0 and v0.32.0 release notes), and no digest of a newer patch is recorded',
    remedy:
      'move the minor’s row in releases.json to the newest patch with the kindest/node digest a kind release publishes for it, and build its lab node image',
  },
  {
    stack: 'openstack/scs',
    clauses: ['scs-0210-v2/latest-patch'],
    minors: ['1.33', '1.34', '1.35', '1.36'],
    reason:
      'each minor ships the patch of a published scs2 node image with its checksum, and no checksum of a newer patch is recorded',
    remedy:
      'move the minor’s row in releases.json to the newest patch with the checksum of its published node image',
  },
];

/** The known violation of `clause` by one minor of `stack`, if any. */
export function knownViolationOf(
  stack: string,
  minor: string,
  clause: string,
  known: readonly KnownViolation[] = SCS_KNOWN_VIOLATIONS,
): KnownViolation | undefined {
  return known.find((k) => k.stack === stack && k.minors.includes(minor) && k.clauses.includes(clause));
}
