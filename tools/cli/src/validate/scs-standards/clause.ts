import { Manifests } from './manifests';
import { Day, UpstreamKubernetes } from './upstream';

/** Everything a clause check reads: fixed for one release of one stack. */
export interface ScsInput {
  /** `docker/scs`. */
  readonly stack: string;
  /** `1.35`: the Kubernetes minor of the release. */
  readonly minor: string;
  /** `1.35.1`: the Kubernetes patch the release ships. */
  readonly patch: string;
  /** The minors the stack offers (one project each), ascending. */
  readonly offeredMinors: readonly string[];
  /** The synthesized release (cluster-class and cluster-addon charts) as objects and chart files. */
  readonly manifests: Manifests;
  /** Upstream Kubernetes release facts. */
  readonly upstream: UpstreamKubernetes;
  /** The day the version policy is decided for (an explicit input: the tier passes `upstream.asOf`). */
  readonly date: Day;
}

/** How strongly the standard asks for the clause. */
export type Level = 'MUST' | 'SHOULD' | 'RECOMMENDED' | 'MAY';

/**
 * The outcome of one clause on one release. A clause that is violated throws instead: its message names what
 * failed.
 *
 * - `pass`: checked statically, holds (`detail` says what was found);
 * - `advisory`: a SHOULD/RECOMMENDED/MAY that the release does not meet (reported, never a failure);
 * - `not-checkable`: configuration cannot decide it (`reason` says why and what would);
 * - `exempt`: the stack cannot meet it, for the reason in the exemption table.
 */
export type Outcome =
  | { readonly status: 'pass'; readonly detail: string }
  | { readonly status: 'advisory'; readonly detail: string }
  | { readonly status: 'not-checkable'; readonly detail: string }
  | { readonly status: 'exempt'; readonly detail: string };

export const pass = (detail: string): Outcome => ({ status: 'pass', detail });
export const advisory = (detail: string): Outcome => ({ status: 'advisory', detail });
export const notCheckable = (detail: string): Outcome => ({ status: 'not-checkable', detail });

/** A violated clause: the message says what failed. */
export class ClauseViolation extends Error {}

/** Throws a {@link ClauseViolation}. */
export function violated(message: string): never {
  throw new ClauseViolation(message);
}

/** One clause of an SCS standard, with the check that decides it from configuration where it can. */
export interface Clause {
  /** Stable key, `scs-0210-v2/latest-patch`. */
  readonly id: string;
  /** The standard and version, `scs-0210-v2`. */
  readonly standard: string;
  /** The section of the standard the clause is in, `Decision`. */
  readonly section: string;
  /** How strongly the standard asks for it. */
  readonly level: Level;
  /** What the clause requires, in a few words (our paraphrase, not the standard's text). */
  readonly requirement: string;
  /** Decides the clause on one release: an outcome, or a {@link ClauseViolation}. */
  readonly check: (input: ScsInput) => Outcome;
}
