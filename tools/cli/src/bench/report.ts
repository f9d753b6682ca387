import { median, ratio, seconds } from './stats';

/** One row of the benchmark table: what was measured and its wall times in milliseconds. */
export interface Measurement {
  readonly what: string;
  readonly times: readonly number[];
  /** Extra text for the last column (e.g. the cost per stack). */
  readonly note?: string;
}

/** The table of medians and their ratios to the first row (the `node -e 0` baseline), as Markdown. */
export function formatTable(rows: readonly Measurement[]): string {
  const base = median(rows[0].times);
  const lines = [
    '| measurement | runs | median wall | vs `node -e 0` | note |',
    '|---|---:|---:|---:|---|',
    ...rows.map(
      (row) =>
        `| ${row.what} | ${row.times.length} | ${seconds(median(row.times))} | ${ratio(median(row.times), base)} | ${row.note ?? ''} |`,
    ),
  ];
  return lines.join('\n');
}

/** The cost per stack of one-process builds of n stacks: the median wall time divided by n. */
export function perStack(times: readonly number[], stacks: number): string {
  return `${seconds(median(times) / stacks)} per stack`;
}
