import { isRetryable } from '../kube/client';
import { Clock } from './clock';

/** What one look at the cluster found: whether the condition holds, and what was seen (for logs and failures). */
export interface ProbeResult {
  readonly done: boolean;
  readonly detail: string;
}

export interface WaitOptions {
  /** Give up after this long. 0 means exactly one attempt (an assertion, not a wait). */
  readonly timeoutMs: number;
  /** Pause between attempts. */
  readonly intervalMs: number;
  readonly clock: Clock;
  /** Called whenever the detail changes, so a log shows progress without repeating itself every poll. */
  readonly onProgress?: (detail: string, elapsedMs: number) => void;
}

export interface WaitOutcome {
  readonly ok: boolean;
  /** The last detail seen: the success detail, or why it never got there. */
  readonly detail: string;
  readonly attempts: number;
  readonly elapsedMs: number;
  /** True when the wait ran out of time; false when it succeeded or hit an error that will not go away. */
  readonly timedOut: boolean;
}

function errorDetail(error: unknown): string {
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Polls `probe` until it reports done, the timeout passes, or it throws an error that retrying cannot fix (see
 * `isRetryable`). Transient errors (an API server still starting, a webhook not yet serving) count as "not yet".
 */
export async function waitFor(probe: () => Promise<ProbeResult>, options: WaitOptions): Promise<WaitOutcome> {
  const { clock, intervalMs, timeoutMs } = options;
  const start = clock.now();
  let attempts = 0;
  let last = '';
  const elapsed = () => clock.now() - start;
  for (;;) {
    attempts += 1;
    let result: ProbeResult;
    try {
      result = await probe();
    } catch (error) {
      if (!isRetryable(error))
        return { ok: false, detail: errorDetail(error), attempts, elapsedMs: elapsed(), timedOut: false };
      result = { done: false, detail: errorDetail(error) };
    }
    if (result.detail !== last) {
      last = result.detail;
      options.onProgress?.(result.detail, elapsed());
    }
    if (result.done)
      return { ok: true, detail: result.detail, attempts, elapsedMs: elapsed(), timedOut: false };
    const remaining = timeoutMs - elapsed();
    if (remaining <= 0)
      return { ok: false, detail: result.detail, attempts, elapsedMs: elapsed(), timedOut: true };
    await clock.sleep(Math.min(intervalMs, remaining));
  }
}
