/** Time as the waiting logic sees it: injectable so timeouts are tested without waiting. */
export interface Clock {
  /** Milliseconds since an arbitrary origin. */
  now(): number;
  sleep(milliseconds: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};
