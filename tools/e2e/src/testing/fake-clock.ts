import { Clock } from '../wait/clock';

/** A clock for unit tests: sleeping advances time instantly and is recorded. */
export class FakeClock implements Clock {
  public readonly sleeps: number[] = [];

  public constructor(private current = 0) {}

  public now(): number {
    return this.current;
  }

  public async sleep(milliseconds: number): Promise<void> {
    this.sleeps.push(milliseconds);
    this.current += milliseconds;
  }

  /** Moves time forward without a sleep, as slow API calls do. */
  public advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
