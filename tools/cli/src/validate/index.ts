import * as path from 'node:path';
import { StackProject } from '../project';
import { workspaceRoot, writeFileAtomically } from '../util/files';
import { Release } from './release';
import { runTiers, Tier, TierResult, TIERS } from './tiers';

export { Release, VALIDATION_NAMESPACE } from './release';
export { Blocked, runTiers, TIERS, treeDifferences } from './tiers';
export type { Need, Tier, TierResult } from './tiers';

/** The report of a validation: one line per tier in table order, failures and blocks with their detail. */
export function formatTierReport(project: string, tag: string, results: readonly TierResult[]): string {
  const width = Math.max(...results.map((r) => r.tier.length));
  const lines = [`\n${project} (${tag})`];
  for (const r of results) {
    const status = r.blocked ? 'BLOCKED' : r.ok ? 'PASS' : 'FAIL';
    lines.push(
      `  ${status.padEnd(7)}  ${r.tier.padEnd(width)}  ${String(r.ms).padStart(6)} ms  ${r.ok && !r.blocked ? r.detail : ''}`,
    );
    if (!r.ok || r.blocked)
      lines.push(
        r.detail
          .split('\n')
          .map((l) => `           ${l}`)
          .join('\n'),
      );
  }
  return lines.join('\n');
}

/** Runs the validation tiers on a project's packaged release; prints a table and writes a JSON report. */
export async function validateProject(
  project: StackProject,
  tiers: readonly Tier[] = TIERS,
  root = workspaceRoot(),
): Promise<boolean> {
  const release = Release.ofProject(project, root);
  const results = runTiers(release, tiers);
  console.log(formatTierReport(project.name, release.tag, results));
  writeFileAtomically(
    path.join(release.reportsDir, 'validate.json'),
    JSON.stringify({ project: project.name, tag: release.tag, results }, null, 2) + '\n',
  );
  return results.every((r) => r.ok);
}
