import { RunResult } from './result';

/** XML 1.0 text: the five escapes, and control characters (which XML forbids) dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(milliseconds: number): string {
  return (milliseconds / 1000).toFixed(3);
}

/** One JUnit test suite per run, one test case per step, so CI test reporters show which step failed. */
export function toJUnitXml(result: RunResult): string {
  const failures = result.steps.filter((s) => s.status === 'failed').length;
  const skipped = result.steps.filter((s) => s.status === 'skipped').length;
  const suite = `e2e ${result.stack} ${result.scenario}`;
  const cases = result.steps.map((step, index) => {
    const open = `    <testcase classname="${escapeXml(`e2e.${result.stack}.${result.scenario}`)}" name="${escapeXml(`${String(index + 1).padStart(2, '0')} ${step.title}`)}" time="${seconds(step.durationMs)}"`;
    if (step.status === 'passed') return `${open}/>`;
    const body =
      step.status === 'failed'
        ? `      <failure message="${escapeXml(step.detail)}">${escapeXml(step.detail)}</failure>`
        : `      <skipped message="${escapeXml(step.detail)}"/>`;
    return `${open}>\n${body}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cluster stack e2e" tests="${result.steps.length}" failures="${failures}" skipped="${skipped}" time="${seconds(result.durationMs)}">`,
    `  <testsuite name="${escapeXml(suite)}" tests="${result.steps.length}" failures="${failures}" skipped="${skipped}" time="${seconds(result.durationMs)}" timestamp="${result.startedAt}">`,
    `    <properties>`,
    `      <property name="from" value="${escapeXml(result.from)}"/>`,
    `      <property name="to" value="${escapeXml(result.to)}"/>`,
    `    </properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
