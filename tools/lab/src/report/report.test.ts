import { LabBlocked } from '../util/errors';
import { check, junit, markdown, type CaseResult } from './report';

const cases: CaseResult[] = [
  {
    name: 'create: Cluster <defaults>',
    passed: true,
    seconds: 61.25,
    detail: 'applied',
    startedAt: '2026-12-06T23:50:01.000Z',
  },
  {
    name: 'hardening: etcd',
    passed: false,
    seconds: 2,
    detail: 'cp-1: etcd holds the Secret as "k8s:enc:identity" | x',
    startedAt: '2026-12-06T23:51:02.000Z',
  },
];

describe('lab reports', () => {
  it('GIVEN a passed and a failed check WHEN written as JUnit THEN counts, times and the escaped failure message are exact', () => {
    expect(junit('lab.docker-scs-1-35', cases)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuite name="lab.docker-scs-1-35" tests="2" failures="1" time="63.3">',
        '  <testcase name="create: Cluster &lt;defaults&gt;" classname="lab.docker-scs-1-35" time="61.3">',
        '    <system-out>applied</system-out>',
        '  </testcase>',
        '  <testcase name="hardening: etcd" classname="lab.docker-scs-1-35" time="2.0">',
        '    <failure message="cp-1: etcd holds the Secret as &quot;k8s:enc:identity&quot; | x"/>',
        '  </testcase>',
        '</testsuite>',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN the same checks WHEN written as Markdown THEN the timeline has one row per check with its start time', () => {
    expect(markdown('Lab run', cases)).toBe(
      [
        '# Lab run',
        '',
        '1 passed, 1 failed.',
        '',
        '| started | check | result | seconds | observed |',
        '|---|---|---|---|---|',
        '| 23:50:01 | create: Cluster <defaults> | pass | 61.3 | applied |',
        '| 23:51:02 | hardening: etcd | **FAIL** | 2.0 | cp-1: etcd holds the Secret as "k8s:enc:identity" \\| x |',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN a check the host cannot decide WHEN reported THEN it is blocked: skipped in JUnit, BLOCKED in Markdown, not a failure', async () => {
    // GIVEN a check that throws LabBlocked
    const blocked: CaseResult[] = [];
    const lines: string[] = [];
    await check(
      blocked,
      'scs: policy',
      () => Promise.reject(new LabBlocked('kernel lacks X')),
      (l) => lines.push(l),
    );
    const timeless = blocked.map((c) => ({ ...c, seconds: 1, startedAt: '2026-12-06T23:52:00.000Z' }));

    // THEN the case is blocked, the log says so, and the reports count it apart from failures
    expect(timeless[0]).toMatchObject({
      name: 'scs: policy',
      passed: false,
      blocked: true,
      detail: 'kernel lacks X',
    });
    expect(lines).toEqual(['BLOCKED scs: policy: kernel lacks X']);
    expect(junit('lab', [cases[0]!, ...timeless])).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuite name="lab" tests="2" failures="0" skipped="1" time="62.3">',
        '  <testcase name="create: Cluster &lt;defaults&gt;" classname="lab" time="61.3">',
        '    <system-out>applied</system-out>',
        '  </testcase>',
        '  <testcase name="scs: policy" classname="lab" time="1.0">',
        '    <skipped message="kernel lacks X"/>',
        '  </testcase>',
        '</testsuite>',
        '',
      ].join('\n'),
    );
    expect(markdown('Lab run', timeless).split('\n').slice(2, 3)).toEqual([
      '0 passed, 0 failed, 1 blocked by the host.',
    ]);
    expect(markdown('Lab run', timeless)).toContain(
      '| 23:52:00 | scs: policy | BLOCKED | 1.0 | kernel lacks X |',
    );
  });
});
