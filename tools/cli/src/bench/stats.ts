/** The median of a non-empty list of measurements (the upper middle one for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no measurements');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `value / base` as a ratio with one decimal, e.g. `2.5×`. */
export function ratio(value: number, base: number): string {
  return `${(value / base).toFixed(1)}×`;
}

/** Milliseconds as seconds with three decimals, e.g. `0.125 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
