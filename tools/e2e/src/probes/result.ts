import { ProbeResult } from '../wait/wait-for';

export function done(detail: string): ProbeResult {
  return { done: true, detail };
}

export function notYet(detail: string): ProbeResult {
  return { done: false, detail };
}

/** The first unmet requirement, or done with `success` when all hold. */
export function firstUnmet(
  requirements: readonly (readonly [boolean, string])[],
  success: string,
): ProbeResult {
  const unmet = requirements.find(([ok]) => !ok);
  return unmet ? notYet(unmet[1]) : done(success);
}
