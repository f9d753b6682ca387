// Unit tests of the e2e job matrix computed from the affected stacks.
import { e2eMatrix } from './e2e-matrix';

const ALL = ['docker-scs-1-33', 'docker-scs-1-34', 'docker-scs-1-35', 'docker-scs-1-36'];
const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

describe('e2eMatrix', () => {
  test('GIVEN a pull request affecting 1.35 WHEN planned THEN create, upgrade from its base build and from 1.34 at the base', () => {
    expect(
      e2eMatrix({
        affected: ['docker-scs-1-35'],
        all: ALL,
        runAll: false,
        base: BASE,
        head: HEAD,
        stacksAtBase: ALL,
      }),
    ).toEqual({
      include: [
        { name: 'docker-scs-1-35 create', stack: 'docker-scs-1-35', scenario: 'create' },
        {
          name: 'docker-scs-1-35 upgrade from docker-scs-1-35@aaaaaaa',
          stack: 'docker-scs-1-35',
          scenario: 'upgrade',
          'from-stack': 'docker-scs-1-35',
          'from-ref': BASE,
        },
        {
          name: 'docker-scs-1-35 upgrade from docker-scs-1-34@aaaaaaa',
          stack: 'docker-scs-1-35',
          scenario: 'upgrade',
          'from-stack': 'docker-scs-1-34',
          'from-ref': BASE,
        },
      ],
    });
  });

  test('GIVEN a new minor that the base lacks WHEN planned THEN no same-stack upgrade, but one from the previous minor', () => {
    const matrix = e2eMatrix({
      affected: ['docker-scs-1-37'],
      all: [...ALL, 'docker-scs-1-37'],
      runAll: false,
      base: BASE,
      head: HEAD,
      stacksAtBase: ALL,
    });
    expect(matrix.include.map((e) => e.name)).toEqual([
      'docker-scs-1-37 create',
      'docker-scs-1-37 upgrade from docker-scs-1-36@aaaaaaa',
    ]);
  });

  test('GIVEN the oldest minor WHEN planned THEN there is no previous minor to upgrade from', () => {
    const matrix = e2eMatrix({
      affected: ['docker-scs-1-33'],
      all: ALL,
      runAll: false,
      base: BASE,
      head: HEAD,
      stacksAtBase: ALL,
    });
    expect(matrix.include.map((e) => e.name)).toEqual([
      'docker-scs-1-33 create',
      'docker-scs-1-33 upgrade from docker-scs-1-33@aaaaaaa',
    ]);
  });

  test('GIVEN a scheduled run without base WHEN planned THEN every stack is created and upgraded from the previous minor at the head', () => {
    const matrix = e2eMatrix({ affected: ALL, all: ALL, runAll: true, head: HEAD, stacksAtBase: [] });
    expect(matrix.include.map((e) => `${e.name} ${e['from-ref'] ?? ''}`.trim())).toEqual([
      'docker-scs-1-33 create',
      'docker-scs-1-34 create',
      `docker-scs-1-34 upgrade from docker-scs-1-33@bbbbbbb ${HEAD}`,
      'docker-scs-1-35 create',
      `docker-scs-1-35 upgrade from docker-scs-1-34@bbbbbbb ${HEAD}`,
      'docker-scs-1-36 create',
      `docker-scs-1-36 upgrade from docker-scs-1-35@bbbbbbb ${HEAD}`,
    ]);
  });

  test('GIVEN a change to the e2e tooling only WHEN planned THEN every stack is created, upgraded from the previous minor, but not from itself', () => {
    const matrix = e2eMatrix({
      affected: [],
      all: ALL,
      runAll: true,
      base: BASE,
      head: HEAD,
      stacksAtBase: ALL,
    });
    expect(matrix.include.filter((e) => e['from-stack'] === e.stack)).toEqual([]);
    expect(matrix.include).toHaveLength(7);
  });

  test('GIVEN no affected docker stack WHEN planned THEN the matrix is empty', () => {
    expect(
      e2eMatrix({ affected: [], all: ALL, runAll: false, base: BASE, head: HEAD, stacksAtBase: ALL }),
    ).toEqual({ include: [] });
  });

  test('GIVEN a stack removed at head WHEN it is reported as affected THEN it is not tested', () => {
    expect(
      e2eMatrix({
        affected: ['docker-scs-1-32'],
        all: ALL,
        runAll: false,
        base: BASE,
        head: HEAD,
        stacksAtBase: ['docker-scs-1-32', ...ALL],
      }),
    ).toEqual({ include: [] });
  });
});
