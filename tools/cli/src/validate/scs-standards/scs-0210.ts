import { advisory, Clause, notCheckable, pass, ScsInput, violated } from './clause';
import { addDays, compareMinors, comparePatches, UpstreamMinor } from './upstream';

/**
 * scs-0210-v2, the Kubernetes version policy (stable since 2024-02-08; the text of 2026-06, "Make scs-0210-v2 a
 * bit more precise"). Its time limits are read in days as the standard's own check (k8s_version_policy.py)
 * reads them: a month is 31 days, four months are 120 days.
 */
const STANDARD = 'scs-0210-v2';
const SECTION = 'Decision';

/** Days within which the newest minor must be offered ("4 months"). */
export const MINOR_GRACE_DAYS = 120;
/** Days within which a new patch must be offered ("1 month"). */
export const PATCH_GRACE_DAYS = 31;

function upstreamMinor(input: ScsInput): UpstreamMinor {
  const minor = input.upstream.minors[input.minor];
  if (!minor)
    violated(`Kubernetes ${input.minor} is not in the upstream data (as of ${input.upstream.asOf})`);
  return minor;
}

function offered(input: ScsInput): string {
  const minors = input.offeredMinors;
  return minors.length === 1 ? minors[0] : `${minors[0]}-${minors[minors.length - 1]}`;
}

/** Upstream minors released at least {@link MINOR_GRACE_DAYS} before the date, ascending. */
function dueMinors(input: ScsInput): string[] {
  return Object.entries(input.upstream.minors)
    .filter(([, m]) => addDays(m.released, MINOR_GRACE_DAYS) <= input.date)
    .map(([minor]) => minor)
    .sort(compareMinors);
}

/** The release ships a Kubernetes patch that upstream released (on or before the date). */
export function patchReleased(input: ScsInput): ReturnType<Clause['check']> {
  const minor = upstreamMinor(input);
  const day = minor.patches[input.patch];
  if (!day) {
    const known = Object.keys(minor.patches).sort(comparePatches).join(', ') || 'none';
    violated(
      `${input.patch} is not a Kubernetes release in the upstream data (as of ${input.upstream.asOf}); known ${input.minor} patches: ${known}`,
    );
  }
  if (day > input.date) violated(`${input.patch} was released on ${day}, after ${input.date}`);
  return pass(`${input.patch} released ${day}`);
}

/** The newest minor that upstream released more than four months ago is offered. */
export function latestMinor(input: ScsInput): ReturnType<Clause['check']> {
  const due = dueMinors(input);
  const newest = due[due.length - 1];
  if (!newest) return pass(`no upstream minor is due on ${input.date}`);
  const newestOffered = input.offeredMinors[input.offeredMinors.length - 1];
  const released = input.upstream.minors[newest].released;
  if (!newestOffered || compareMinors(newestOffered, newest) < 0)
    violated(
      `${input.stack} offers ${offered(input)}, but ${newest} (released ${released}) had to be offered by ${addDays(released, MINOR_GRACE_DAYS)}`,
    );
  const pending = Object.entries(input.upstream.minors)
    .filter(([minor]) => compareMinors(minor, newest) > 0 && !input.offeredMinors.includes(minor))
    .map(([minor, m]) => `${minor} due ${addDays(m.released, MINOR_GRACE_DAYS)}`);
  return pass(
    `${newest} offered (due ${addDays(released, MINOR_GRACE_DAYS)})${pending.length ? `; ${pending.join(', ')}` : ''}`,
  );
}

/** Every older minor that upstream still supports on the date is offered. */
export function supportedMinors(input: ScsInput): ReturnType<Clause['check']> {
  const due = dueMinors(input);
  const newest = due[due.length - 1];
  const supported = due.filter((minor) => {
    const eol = input.upstream.minors[minor].endOfLife;
    return minor !== newest && (eol === undefined || eol > input.date);
  });
  const missing = supported.filter((minor) => !input.offeredMinors.includes(minor));
  if (missing.length > 0)
    violated(
      missing
        .map(
          (minor) =>
            `${input.stack} does not offer ${minor}, which upstream supports until ${input.upstream.minors[minor].endOfLife ?? 'an end of life not yet recorded'}`,
        )
        .join('\n'),
    );
  return pass(
    supported.length
      ? `${supported.join(', ')} offered while upstream supports them`
      : 'no older minor is supported',
  );
}

/** The release ships the newest patch of its minor that upstream released more than a month ago. */
export function latestPatch(input: ScsInput): ReturnType<Clause['check']> {
  const minor = upstreamMinor(input);
  const newer = Object.entries(minor.patches)
    .filter(
      ([patch, day]) =>
        comparePatches(patch, input.patch) > 0 && addDays(day, PATCH_GRACE_DAYS) <= input.date,
    )
    .sort(([a], [b]) => comparePatches(b, a));
  if (newer.length > 0) {
    const [patch, day] = newer[0];
    violated(
      `${input.stack} ${input.minor} ships ${input.patch}, but ${patch} was released on ${day} and had to be offered by ${addDays(day, PATCH_GRACE_DAYS)} (as of ${input.date})`,
    );
  }
  return pass(
    `${input.patch} is the newest ${input.minor} patch released before ${addDays(input.date, -PATCH_GRACE_DAYS)}`,
  );
}

/** The release's minor is still supported upstream (recommended: not offered after its end of life). */
export function notPastEndOfLife(input: ScsInput): ReturnType<Clause['check']> {
  const eol = upstreamMinor(input).endOfLife;
  if (eol === undefined) return pass(`${input.minor}: no end of life recorded`);
  if (eol <= input.date)
    return advisory(
      `${input.minor} reached its end of life on ${eol}; the standard recommends not offering it`,
    );
  return pass(`${input.minor} supported until ${eol}`);
}

/** The clauses of scs-0210-v2, in the order of its Decision section. */
export const SCS_0210: readonly Clause[] = [
  {
    id: `${STANDARD}/patch-released`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'the versions provided are upstream Kubernetes releases (what the rules below measure)',
    check: patchReleased,
  },
  {
    id: `${STANDARD}/latest-minor`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'the latest minor is provided within 4 months of its release',
    check: latestMinor,
  },
  {
    id: `${STANDARD}/latest-patch`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'the latest patch is provided within 1 month of its release',
    check: latestPatch,
  },
  {
    id: `${STANDARD}/critical-cve-patch`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'a patch fixing a critical CVE (CVSS >= 8) is provided within 2 weeks',
    check: () =>
      notCheckable(
        "needs the CVSS scores of the CVEs each patch fixes, which no configuration holds; the standard's check reads them from CVE records at run time",
      ),
  },
  {
    id: `${STANDARD}/tested-before-rollout`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'new versions pass at least the CNCF E2E tests before rollout',
    check: () =>
      notCheckable(
        'a property of clusters of the release: needs the CNCF conformance suite (sonobuoy, certified-conformance mode) on a cluster of each release; neither the lab nor tools/e2e runs it yet',
      ),
  },
  {
    id: `${STANDARD}/supported-minors`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement:
      'minors are provided as long as upstream supports them (end of life per kubernetes.io/releases)',
    check: supportedMinors,
  },
  {
    id: `${STANDARD}/not-past-end-of-life`,
    standard: STANDARD,
    section: SECTION,
    level: 'RECOMMENDED',
    requirement: 'minors past their end of life are not provided',
    check: notPastEndOfLife,
  },
];
