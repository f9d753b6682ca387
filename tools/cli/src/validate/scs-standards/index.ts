import * as path from 'node:path';
import { allProjects } from '../../project';
import { readTree, writeFileAtomically } from '../../util/files';
import type { Release } from '../release';
import { Clause, ClauseViolation, Level, ScsInput } from './clause';
import {
  Exemption,
  exemptionOf,
  KnownViolation,
  knownViolationOf,
  SCS_EXEMPTIONS,
  SCS_KNOWN_VIOLATIONS,
} from './exemptions';
import { Manifests } from './manifests';
import { SCS_0210 } from './scs-0210';
import { SCS_0214 } from './scs-0214';
import { SCS_0219 } from './scs-0219';
import { compareMinors, UPSTREAM_KUBERNETES, UpstreamKubernetes } from './upstream';

export type { Clause, ScsInput } from './clause';
export { SCS_EXEMPTIONS, SCS_KNOWN_VIOLATIONS } from './exemptions';
export { Manifests } from './manifests';
export { UPSTREAM_KUBERNETES } from './upstream';

/** The clauses the SCS standards tier decides, by standard, each in the order of its Decision section. */
export const SCS_CLAUSES: readonly Clause[] = [...SCS_0210, ...SCS_0214, ...SCS_0219];

/** How one clause came out on one release. */
export type ClauseStatus = 'pass' | 'advisory' | 'not-checkable' | 'exempt' | 'known-violation' | 'fail';

/** The result of one clause on one release. */
export interface ClauseResult {
  readonly id: string;
  readonly standard: string;
  readonly section: string;
  readonly level: Level;
  readonly status: ClauseStatus;
  readonly detail: string;
}

/**
 * Decides every clause on one release, in table order. An exempt clause is not checked; a violation recorded in
 * the known-violation table is reported as such, and a recorded violation that no longer happens fails.
 */
export function runClauses(
  input: ScsInput,
  clauses: readonly Clause[] = SCS_CLAUSES,
  exemptions: readonly Exemption[] = SCS_EXEMPTIONS,
  known: readonly KnownViolation[] = SCS_KNOWN_VIOLATIONS,
): ClauseResult[] {
  return clauses.map((clause) => {
    const { id, standard, section, level } = clause;
    const result = (status: ClauseStatus, detail: string): ClauseResult => ({
      id,
      standard,
      section,
      level,
      status,
      detail,
    });
    const exemption = exemptionOf(input.stack, id, exemptions);
    if (exemption) return result('exempt', exemption.reason);
    const knownViolation = knownViolationOf(input.stack, input.minor, id, known);
    try {
      const outcome = clause.check(input);
      if (knownViolation)
        return result(
          'fail',
          `recorded as a known violation of ${input.stack} ${input.minor}, but it holds (${outcome.detail}): remove the entry from SCS_KNOWN_VIOLATIONS`,
        );
      return result(outcome.status, outcome.detail);
    } catch (error) {
      if (!(error instanceof ClauseViolation)) throw error;
      if (knownViolation)
        return result(
          'known-violation',
          `${error.message}; known: ${knownViolation.reason}; to fix: ${knownViolation.remedy}`,
        );
      return result('fail', error.message);
    }
  });
}

const STATUS_TEXT: Record<ClauseStatus, string> = {
  pass: 'checked statically (pass)',
  advisory: 'checked statically (not met, advisory)',
  'not-checkable': 'not checkable statically',
  exempt: 'exempt',
  'known-violation': 'checked statically (FAIL, known violation)',
  fail: 'checked statically (FAIL)',
};

/** `checked statically (pass)`, `not checkable statically`, …: the status as the report and the docs name it. */
export function statusText(status: ClauseStatus): string {
  return STATUS_TEXT[status];
}

/** The clause report: one line per clause, `<id> [<standard> §<section>, <level>]: <status>: <detail>`. */
export function formatClauseReport(results: readonly ClauseResult[]): string {
  return results
    .map((r) => `${r.id} [${r.standard} §${r.section}, ${r.level}]: ${statusText(r.status)}: ${r.detail}`)
    .join('\n');
}

/** Counts of the statuses, `12 checked statically (9 pass, 3 advisory), 2 exempt, 6 not checkable statically`. */
export function summarize(results: readonly ClauseResult[]): string {
  const count = (status: ClauseStatus) => results.filter((r) => r.status === status).length;
  const statically = count('pass') + count('advisory') + count('known-violation') + count('fail');
  const known = count('known-violation');
  const parts = [
    `${statically} checked statically (${count('pass')} pass, ${count('advisory')} advisory${known ? `, ${known} known violation` : ''}${count('fail') ? `, ${count('fail')} FAIL` : ''})`,
  ];
  if (count('exempt')) parts.push(`${count('exempt')} exempt`);
  if (count('not-checkable')) parts.push(`${count('not-checkable')} not checkable statically`);
  return `${results.length} clauses: ${parts.join(', ')}`;
}

/**
 * What the clauses of a stack's release read: the minors of the stack's projects, the synthesized tree, and
 * the upstream data with the day of the check (`upstream.asOf` unless given).
 */
export function scsInputOf(
  stack: { provider: string; stack: string; minor: string; patch: string },
  offeredMinors: readonly string[],
  tree: ReadonlyMap<string, Buffer | string>,
  upstream: UpstreamKubernetes = UPSTREAM_KUBERNETES,
  date: string = upstream.asOf,
): ScsInput {
  return {
    stack: `${stack.provider}/${stack.stack}`,
    minor: stack.minor,
    patch: stack.patch,
    offeredMinors: [...offeredMinors].sort(compareMinors),
    manifests: Manifests.ofTree(tree),
    upstream,
    date,
  };
}

/** The minors (`1.35`) of the projects of one stack in the workspace. */
export function offeredMinors(root: string, provider: string, stack: string): string[] {
  return allProjects(root)
    .filter((p) => p.provider === provider && p.stack === stack)
    .map((p) => p.minor.replace('-', '.'))
    .sort(compareMinors);
}

/**
 * The SCS KaaS standards (scs-0210-v2, scs-0214-v2, scs-0219-v1), clause by clause, on the synthesized release;
 * decided as of the day of the upstream data. Writes the clause report to `scs-standards.txt` in the reports.
 */
export function scsStandards(release: Release): string {
  const { project } = release;
  const input = scsInputOf(
    {
      provider: project.provider,
      stack: project.stack,
      minor: release.minor,
      patch: release.stack.kubernetesVersion.semver.replace(/^v/, ''),
    },
    offeredMinors(release.root, project.provider, project.stack),
    readTree(release.synthDir),
  );
  const results = runClauses(input);
  const report = formatClauseReport(results);
  writeFileAtomically(
    path.join(release.reportsDir, 'scs-standards.txt'),
    `${project.name}, as of ${input.date}: ${summarize(results)}\n${report}\n`,
  );
  const failed = results.filter((r) => r.status === 'fail');
  if (failed.length > 0) throw new Error(formatClauseReport(failed));
  return `as of ${input.date}: ${summarize(results)}`;
}
