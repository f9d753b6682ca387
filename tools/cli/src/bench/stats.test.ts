import { perAddedStack } from './report';
import { median, ratio, seconds } from './stats';

describe('bench statistics', () => {
  test('GIVEN an odd and an even number of runs WHEN their median is taken THEN it is the middle (upper middle) run', () => {
    // GIVEN / WHEN / THEN
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(30);
  });

  test('GIVEN no runs WHEN their median is taken THEN it fails naming why', () => {
    expect(() => median([])).toThrow('median of no measurements');
  });

  test('GIVEN milliseconds WHEN shown THEN they read as seconds and as a ratio to the baseline', () => {
    expect(seconds(1234.6)).toBe('1.235 s');
    expect(ratio(250, 100)).toBe('2.5×');
  });

  test('GIVEN two points of the scaling series WHEN compared THEN the cost per added stack is their difference over the added count', () => {
    // GIVEN
    const from = { count: 8, samples: [{ wall: 1000, cpu: 800 }] };
    const to = { count: 24, samples: [{ wall: 2600, cpu: 2400 }] };

    // WHEN / THEN
    expect(perAddedStack(from, to)).toBe('+0.100 s, 0.100 s CPU per stack added since 8');
  });
});
