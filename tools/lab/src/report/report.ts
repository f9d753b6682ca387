// JUnit and Markdown reports of lab runs, with a timeline.
import { writeFileAtomically } from '@cluster-stacks/cli';
import { join } from 'node:path';
import { LabBlocked } from '../util/errors';

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /**
   * The check could not be decided on this host, for the reason in `detail` (passed is false, and it is not a
   * failure): reported as skipped in JUnit and BLOCKED in Markdown. @default false
   */
  readonly blocked?: boolean;
  readonly seconds: number;
  /** One line: what was observed (or the first failing condition). */
  readonly detail: string;
  readonly startedAt: string;
}

/** A check that failed: not passed, and not blocked by the host. */
export function isFailure(c: CaseResult): boolean {
  return !c.passed && c.blocked !== true;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junit(suite: string, cases: readonly CaseResult[]): string {
  const failures = cases.filter(isFailure).length;
  const skipped = cases.filter((c) => c.blocked === true).length;
  const total = cases.reduce((s, c) => s + c.seconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}"${skipped > 0 ? ` skipped="${skipped}"` : ''} time="${total.toFixed(1)}">`,
  ];
  for (const c of cases) {
    lines.push(`  <testcase name="${xml(c.name)}" classname="${xml(suite)}" time="${c.seconds.toFixed(1)}">`);
    if (c.blocked === true) lines.push(`    <skipped message="${xml(c.detail)}"/>`);
    else if (!c.passed) lines.push(`    <failure message="${xml(c.detail)}"/>`);
    else lines.push(`    <system-out>${xml(c.detail)}</system-out>`);
    lines.push('  </testcase>');
  }
  lines.push('</testsuite>', '');
  return lines.join('\n');
}

export function markdown(title: string, cases: readonly CaseResult[]): string {
  const passed = cases.filter((c) => c.passed).length;
  const blocked = cases.filter((c) => c.blocked === true).length;
  const lines = [
    `# ${title}`,
    '',
    `${passed} passed, ${cases.filter(isFailure).length} failed${blocked > 0 ? `, ${blocked} blocked by the host` : ''}.`,
    '',
    '| started | check | result | seconds | observed |',
    '|---|---|---|---|---|',
  ];
  for (const c of cases) {
    lines.push(
      `| ${c.startedAt.slice(11, 19)} | ${c.name} | ${c.passed ? 'pass' : c.blocked === true ? 'BLOCKED' : '**FAIL**'} | ${c.seconds.toFixed(1)} | ${c.detail.replace(/\|/g, '\\|')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Writes junit.xml and report.md into dir, each atomically. */
export function writeReports(dir: string, suite: string, title: string, cases: readonly CaseResult[]): void {
  for (const [name, text] of [
    ['junit.xml', junit(suite, cases)],
    ['report.md', markdown(title, cases)],
  ] as const) {
    writeFileAtomically(join(dir, name), text);
  }
}

/**
 * Times one check; a thrown error is its failure, reported in one line, and a {@link LabBlocked} records the
 * check as blocked by the host.
 */
export async function check(
  cases: CaseResult[],
  name: string,
  body: () => Promise<string>,
  log: (l: string) => void,
): Promise<boolean> {
  const started = new Date();
  try {
    const detail = await body();
    cases.push({
      name,
      passed: true,
      seconds: (Date.now() - started.getTime()) / 1000,
      detail,
      startedAt: started.toISOString(),
    });
    log(`PASS ${name}: ${detail}`);
    return true;
  } catch (err) {
    const detail =
      ((err as Error).message ?? String(err)).split('\n').find((l) => l.trim() !== '') ?? 'failed';
    const blocked = err instanceof LabBlocked;
    cases.push({
      name,
      passed: false,
      ...(blocked ? { blocked } : {}),
      seconds: (Date.now() - started.getTime()) / 1000,
      detail,
      startedAt: started.toISOString(),
    });
    log(`${blocked ? 'BLOCKED' : 'FAIL'} ${name}: ${detail}`);
    return false;
  }
}
