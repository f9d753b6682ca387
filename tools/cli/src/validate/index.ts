import * as path from 'node:path';
import { StackProject } from '../project';
import { workspaceRoot, writeFileAtomically } from '../util/files';
import { Release } from './release';
import { CommandError } from '../util/errors';
import { Need, NEEDS, runTiers, Tier, TierResult, TIERS } from './tiers';

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

/** Reads `--without cso-render,helm`: the needs whose tiers are left out. */
export function parseNeeds(value: string | undefined): Need[] {
  if (value === undefined) return [];
  return value.split(',').map((need) => {
    if (!(NEEDS as readonly string[]).includes(need))
      throw new CommandError(
        `validate: --without ${JSON.stringify(need)} is not a need: expected a comma-separated list of ${NEEDS.join(', ')}`,
      );
    return need as Need;
  });
}

/** Options of {@link validateProject}. */
export interface ValidateOptions {
  /** Leave out the tiers that need any of these (reported as SKIPPED, never as passed). @default - none */
  readonly without?: readonly Need[];
  /** The tiers. @default TIERS */
  readonly tiers?: readonly Tier[];
  /** The workspace root. @default - the workspace this tool runs in */
  readonly root?: string;
}

/** Runs the validation tiers on a project's packaged release; prints a table and writes a JSON report. */
export async function validateProject(
  project: StackProject,
  options: ValidateOptions = {},
): Promise<boolean> {
  const release = Release.ofProject(project, options.root ?? workspaceRoot());
  const without = options.without ?? [];
  const all = (options.tiers ?? TIERS).filter((t) => t.appliesTo?.(release) ?? true);
  const left = all.filter((t) => t.needs.some((n) => without.includes(n)));
  const results = runTiers(
    release,
    all.filter((t) => !left.includes(t)),
  );
  const skipped = left.map(
    (t) => `${t.title(release)} (needs ${t.needs.filter((n) => without.includes(n)).join(', ')})`,
  );
  console.log(formatTierReport(project.name, release.tag, results));
  for (const line of skipped) console.log(`  SKIPPED  ${line}`);
  writeFileAtomically(
    path.join(release.reportsDir, 'validate.json'),
    JSON.stringify({ project: project.name, tag: release.tag, results, skipped }, null, 2) + '\n',
  );
  return results.every((r) => r.ok);
}
