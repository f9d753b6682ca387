// JUnit and Markdown reports of lab runs, with a timeline.
import { writeFileAtomically } from '@cluster-stacks/cli';
import { join } from 'node:path';

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  readonly seconds: number;
  /** One line: what was observed (or the first failing condition). */
  readonly detail: string;
  readonly startedAt: string;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function junit(suite: string, cases: readonly CaseResult[]): string {
  const failures = cases.filter((c) => !c.passed).length;
  const total = cases.reduce((s, c) => s + c.seconds, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite name="${xml(suite)}" tests="${cases.length}" failures="${failures}" time="${total.toFixed(1)}">`,
  ];
  for (const c of cases) {
    lines.push(`  <testcase name="${xml(c.name)}" classname="${xml(suite)}" time="${c.seconds.toFixed(1)}">`);
    if (!c.passed) lines.push(`    <failure message="${xml(c.detail)}"/>`);
    else lines.push(`    <system-out>${xml(c.detail)}</system-out>`);
    lines.push('  </testcase>');
  }
  lines.push('</testsuite>', '');
  return lines.join('\n');
}

export function markdown(title: string, cases: readonly CaseResult[]): string {
  const passed = cases.filter((c) => c.passed).length;
  const lines = [
    `# ${title}`,
    '',
    `${passed} passed, ${cases.length - passed} failed.`,
    '',
    '| started | check | result | seconds | observed |',
    '|---|---|---|---|---|',
  ];
  for (const c of cases) {
    lines.push(
      `| ${c.startedAt.slice(11, 19)} | ${c.name} | ${c.passed ? 'pass' : '**FAIL**'} | ${c.seconds.toFixed(1)} | ${c.detail.replace(/\|/g, '\\|')} |`,
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

/** Times one check; a thrown error is its failure, reported in one line. */
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
    cases.push({
      name,
      passed: false,
      seconds: (Date.now() - started.getTime()) / 1000,
      detail,
      startedAt: started.toISOString(),
    });
    log(`FAIL ${name}: ${detail}`);
    return false;
  }
}
