import { CsoMode, ProbeType, Scenario } from '../plan/plan';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  readonly title: string;
  readonly kind: 'apply' | 'wait' | 'cso';
  /** For waits: what was probed. */
  readonly probe?: ProbeType;
  readonly status: StepStatus;
  readonly durationMs: number;
  readonly attempts: number;
  /** What was last seen: the success detail, or why the step failed. */
  readonly detail: string;
}

/** The outcome of one end-to-end run, written as summary.json, junit.xml and summary.md. */
export interface RunResult {
  /** Stack project under test, e.g. `docker-scs-1-35`. */
  readonly stack: string;
  readonly scenario: Scenario;
  /** Release tag the Cluster was created on. */
  readonly from: string;
  /** Release tag under test. */
  readonly to: string;
  readonly namespace: string;
  readonly cluster: string;
  /** ISO 8601 start time. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly passed: boolean;
  /** Who did CSO's part: the operator, or the driver doing its steps. */
  readonly cso?: CsoMode;
  readonly steps: readonly StepResult[];
}
