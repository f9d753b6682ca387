// Unit tests of the run reports: JUnit XML, the Markdown job summary and the files written.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { escapeXml, toJUnitXml } from './junit';
import { toMarkdown } from './markdown';
import { RunResult } from './result';
import { writeReport } from './write-report';

const RESULT: RunResult = {
  stack: 'docker-scs-1-35',
  scenario: 'upgrade',
  from: 'docker-scs-1-34-v1',
  to: 'docker-scs-1-35-v2',
  namespace: 'e2e',
  cluster: 'defaults',
  startedAt: '2026-11-21T10:00:00.000Z',
  durationMs: 754_500,
  passed: false,
  steps: [
    {
      title: 'apply Namespace e2e',
      kind: 'apply',
      status: 'passed',
      durationMs: 120,
      attempts: 1,
      detail: 'applied Namespace e2e',
    },
    {
      title: '3 nodes of defaults Ready at v1.35.1',
      kind: 'wait',
      probe: 'nodes-ready',
      status: 'failed',
      durationMs: 600_000,
      attempts: 61,
      detail: 'timed out after 600s: md-1 not Ready (cni <plugin> | "x")',
    },
    {
      title: 'Cluster defaults Ready',
      kind: 'wait',
      probe: 'cluster-ready',
      status: 'skipped',
      durationMs: 0,
      attempts: 0,
      detail: 'not run: an earlier step failed',
    },
  ],
};

describe('toJUnitXml', () => {
  test('GIVEN a failed run WHEN rendered THEN one test case per step, with failure and skipped elements', () => {
    expect(toJUnitXml(RESULT)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="cluster stack e2e" tests="3" failures="1" skipped="1" time="754.500">',
        '  <testsuite name="e2e docker-scs-1-35 upgrade" tests="3" failures="1" skipped="1" time="754.500" timestamp="2026-11-21T10:00:00.000Z">',
        '    <properties>',
        '      <property name="from" value="docker-scs-1-34-v1"/>',
        '      <property name="to" value="docker-scs-1-35-v2"/>',
        '    </properties>',
        '    <testcase classname="e2e.docker-scs-1-35.upgrade" name="01 apply Namespace e2e" time="0.120"/>',
        '    <testcase classname="e2e.docker-scs-1-35.upgrade" name="02 3 nodes of defaults Ready at v1.35.1" time="600.000">',
        '      <failure message="timed out after 600s: md-1 not Ready (cni &lt;plugin&gt; | &quot;x&quot;)">timed out after 600s: md-1 not Ready (cni &lt;plugin&gt; | &quot;x&quot;)</failure>',
        '    </testcase>',
        '    <testcase classname="e2e.docker-scs-1-35.upgrade" name="03 Cluster defaults Ready" time="0.000">',
        '      <skipped message="not run: an earlier step failed"/>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN text with markup and control characters WHEN escaped THEN it is valid XML text', () => {
    expect(escapeXml(`a&b<c>"d"'e'\u0001\tf`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;\tf');
  });
});

describe('toMarkdown', () => {
  test('GIVEN a failed upgrade WHEN rendered THEN a verdict line and a table with escaped cells', () => {
    expect(toMarkdown(RESULT)).toBe(
      [
        '### e2e docker-scs-1-35 (upgrade): ❌ failed in 12m 35s',
        '',
        'Releases `docker-scs-1-34-v1` → `docker-scs-1-35-v2`, Cluster `e2e/defaults`.',
        '',
        '| | step | time | detail |',
        '|---|---|---|---|',
        '| ✅ | apply Namespace e2e | 0s | applied Namespace e2e |',
        '| ❌ | 3 nodes of defaults Ready at v1.35.1 | 10m 00s | timed out after 600s: md-1 not Ready (cni <plugin> \\| "x") |',
        '| ⏭️ | Cluster defaults Ready |  | not run: an earlier step failed |',
        '',
      ].join('\n'),
    );
  });

  test('GIVEN a passed create run WHEN rendered THEN one release is named', () => {
    const passed = {
      ...RESULT,
      scenario: 'create' as const,
      from: RESULT.to,
      passed: true,
      durationMs: 42_000,
      steps: [RESULT.steps[0]],
    };
    expect(toMarkdown(passed).split('\n').slice(0, 3)).toEqual([
      '### e2e docker-scs-1-35 (create): ✅ passed in 42s',
      '',
      'Release `docker-scs-1-35-v2`, Cluster `e2e/defaults`.',
    ]);
  });
});

describe('writeReport', () => {
  test('GIVEN a result and diagnostics WHEN written THEN summary.json, junit.xml, summary.md and diagnostics/ replace the old report', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-report-'));
    try {
      fs.writeFileSync(path.join(dir, 'stale.txt'), 'old');
      const written = writeReport(dir, RESULT, new Map([['management/e2e/Cluster.yaml', 'items: []\n']]));
      expect(written.map((f) => path.relative(dir, f))).toEqual([
        'summary.json',
        'junit.xml',
        'summary.md',
        path.join('diagnostics', 'management', 'e2e', 'Cluster.yaml'),
      ]);
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'))).toEqual(RESULT);
      expect(fs.existsSync(path.join(dir, 'stale.txt'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
