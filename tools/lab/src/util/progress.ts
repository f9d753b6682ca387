// Per-step progress of long lab work, on stderr, with elapsed times.

export type StepOutcome = 'built' | 'reused' | 'supplied' | 'done' | 'skipped' | 'failed';

export interface StepRecord {
  readonly name: string;
  readonly outcome: StepOutcome;
  readonly seconds: number;
  readonly detail?: string;
}

export class Progress {
  private readonly started = Date.now();
  readonly steps: StepRecord[] = [];

  constructor(private readonly write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  private clock(): string {
    const s = Math.round((Date.now() - this.started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  }

  /** Runs one step, printing its start and end. The step's result decides the outcome word. */
  async step<T extends { outcome: StepOutcome; detail?: string }>(
    name: string,
    body: () => Promise<T>,
  ): Promise<T> {
    this.write(`[${this.clock()}] ${name} ...`);
    const t0 = Date.now();
    try {
      const result = await body();
      const seconds = (Date.now() - t0) / 1000;
      this.steps.push({ name, outcome: result.outcome, seconds, detail: result.detail });
      this.write(
        `[${this.clock()}] ${name}: ${result.outcome} in ${seconds.toFixed(1)} s${result.detail ? ` (${result.detail})` : ''}`,
      );
      return result;
    } catch (err) {
      const seconds = (Date.now() - t0) / 1000;
      this.steps.push({ name, outcome: 'failed', seconds, detail: (err as Error).message.split('\n')[0] });
      this.write(`[${this.clock()}] ${name}: FAILED after ${seconds.toFixed(1)} s`);
      throw err;
    }
  }

  info(line: string): void {
    this.write(`[${this.clock()}] ${line}`);
  }
}
