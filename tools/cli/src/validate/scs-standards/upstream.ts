import data from './upstream-kubernetes.json';

/** A calendar day, `2026-12-07`, compared as text. */
export type Day = string;

/** What upstream Kubernetes published for one minor, as far as the data records it. */
export interface UpstreamMinor {
  /** The day of its `.0` release. */
  readonly released: Day;
  /** Its end of life, or undefined where none is recorded yet. */
  readonly endOfLife?: Day;
  /**
   * Patch releases known to exist, with their day: the `.0` release (the minor's release day), every patch a
   * release ships, and the newest ones.
   */
  readonly patches: Readonly<Record<string, Day>>;
}

/**
 * Upstream Kubernetes release facts as data: the version policy is decided against them, as of `asOf`, the
 * day they were gathered (never the clock of the machine that checks). Refreshing the data re-decides it.
 */
export interface UpstreamKubernetes {
  /** The day the data was gathered; the version policy is decided as of this day. */
  readonly asOf: Day;
  /** Where each kind of fact comes from. */
  readonly sources: Readonly<Record<string, string>>;
  /** The minors, by `1.35`. */
  readonly minors: Readonly<Record<string, UpstreamMinor>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the shape of upstream data; throws naming the first wrong field. */
export function readUpstream(raw: unknown): UpstreamKubernetes {
  const fail = (what: string): never => {
    throw new Error(`upstream Kubernetes data: ${what}`);
  };
  const value = raw as { asOf?: unknown; sources?: unknown; minors?: Record<string, unknown> };
  if (typeof value?.asOf !== 'string' || !DAY.test(value.asOf))
    fail('"asOf" must be a day like "2026-12-07"');
  if (typeof value.minors !== 'object' || value.minors === null) fail('"minors" must be an object by minor');
  const minors: Record<string, UpstreamMinor> = {};
  for (const [minor, entry] of Object.entries(value.minors!)) {
    const e = entry as { released?: unknown; endOfLife?: unknown; patches?: Record<string, unknown> };
    if (!/^1\.\d+$/.test(minor)) fail(`minor "${minor}" is not like "1.35"`);
    if (typeof e?.released !== 'string' || !DAY.test(e.released)) fail(`${minor}: "released" must be a day`);
    if (e.endOfLife !== null && (typeof e.endOfLife !== 'string' || !DAY.test(e.endOfLife)))
      fail(`${minor}: "endOfLife" must be a day or null`);
    for (const [patch, day] of Object.entries(e.patches ?? {})) {
      if (!patch.startsWith(`${minor}.`) || !/^\d+\.\d+\.\d+$/.test(patch))
        fail(`${minor}: patch "${patch}" is not a patch of ${minor}`);
      if (typeof day !== 'string' || !DAY.test(day)) fail(`${minor}: patch ${patch} needs a day`);
    }
    minors[minor] = {
      released: e.released as Day,
      ...(e.endOfLife ? { endOfLife: e.endOfLife as Day } : {}),
      // The `.0` patch is the minor's own release, on its release day.
      patches: { [`${minor}.0`]: e.released as Day, ...((e.patches ?? {}) as Record<string, Day>) },
    };
  }
  return { asOf: value.asOf as Day, sources: (value.sources ?? {}) as Record<string, string>, minors };
}

/** The committed upstream data (`upstream-kubernetes.json`). */
export const UPSTREAM_KUBERNETES: UpstreamKubernetes = readUpstream(data);

/** `day` plus `days` days. */
export function addDays(day: Day, days: number): Day {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Orders `1.35.4` after `1.35.1` (numerically, by part). */
export function comparePatches(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** Orders minors `1.9` before `1.10`. */
export function compareMinors(a: string, b: string): number {
  return comparePatches(`${a}.0`, `${b}.0`);
}
