import { median, ratio, seconds } from './stats';
import { Sample } from './timing';

/** One row of the benchmark table: what was measured and its runs. */
export interface Measurement {
  readonly what: string;
  readonly samples: readonly Sample[];
  /** Extra text for the last column (e.g. the cost per stack). */
  readonly note?: string;
}

/** The median CPU time of the samples, or undefined when a sample has none. */
function medianCpu(samples: readonly Sample[]): number | undefined {
  const cpu = samples.map((s) => s.cpu);
  return cpu.every((c): c is number => c !== undefined) ? median(cpu) : undefined;
}

/** The median wall time of the samples. */
export function medianWall(samples: readonly Sample[]): number {
  return median(samples.map((s) => s.wall));
}

/**
 * The table of median wall and CPU times and the wall ratio to the first row (the `node -e 0` baseline), as
 * Markdown.
 */
export function formatTable(rows: readonly Measurement[]): string {
  const base = medianWall(rows[0].samples);
  const cpu = (samples: readonly Sample[]) => {
    const value = medianCpu(samples);
    return value === undefined ? '' : seconds(value);
  };
  return [
    '| measurement | runs | median wall | vs `node -e 0` | median CPU (user + sys) | note |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.what} | ${row.samples.length} | ${seconds(medianWall(row.samples))} | ${ratio(medianWall(row.samples), base)} | ${cpu(row.samples)} | ${row.note ?? ''} |`,
    ),
  ].join('\n');
}

/** The cost per stack of one-process builds of n stacks: the median wall time divided by n. */
export function perStack(samples: readonly Sample[], stacks: number): string {
  return `${seconds(medianWall(samples) / stacks)} per stack`;
}

/**
 * The cost of each stack added between two points of the scaling series: the difference of their median wall
 * (and CPU) times over the difference of their stack counts. Flat when it stays the same along the series.
 */
export function perAddedStack(
  from: { count: number; samples: readonly Sample[] },
  to: { count: number; samples: readonly Sample[] },
): string {
  const added = to.count - from.count;
  const wall = (medianWall(to.samples) - medianWall(from.samples)) / added;
  const [cpuFrom, cpuTo] = [medianCpu(from.samples), medianCpu(to.samples)];
  const cpu =
    cpuFrom === undefined || cpuTo === undefined ? '' : `, ${seconds((cpuTo - cpuFrom) / added)} CPU`;
  return `+${seconds(wall)}${cpu} per stack added since ${from.count}`;
}
