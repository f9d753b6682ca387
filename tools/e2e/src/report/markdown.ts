import { RunResult, StepStatus } from './result';

const MARK: Record<StepStatus, string> = { passed: '✅', failed: '❌', skipped: '⏭️' };

/** Table cells: pipes would end the cell and newlines the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function duration(milliseconds: number): string {
  const total = Math.round(milliseconds / 1000);
  return total >= 60 ? `${Math.floor(total / 60)}m ${String(total % 60).padStart(2, '0')}s` : `${total}s`;
}

/** A GitHub job summary: verdict, releases, and one row per step. */
export function toMarkdown(result: RunResult): string {
  const verdict = result.passed ? '✅ passed' : '❌ failed';
  const releases = result.from === result.to ? `\`${result.to}\`` : `\`${result.from}\` → \`${result.to}\``;
  return [
    `### e2e ${result.stack} (${result.scenario}): ${verdict} in ${duration(result.durationMs)}`,
    '',
    `Release${result.from === result.to ? '' : 's'} ${releases}, Cluster \`${result.namespace}/${result.cluster}\`.`,
    '',
    '| | step | time | detail |',
    '|---|---|---|---|',
    ...result.steps.map(
      (s) =>
        `| ${MARK[s.status]} | ${cell(s.title)} | ${s.status === 'skipped' ? '' : duration(s.durationMs)} | ${cell(s.detail)} |`,
    ),
    '',
  ].join('\n');
}
