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
