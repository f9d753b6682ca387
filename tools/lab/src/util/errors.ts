/** An error of the lab's environment or input: printed as one line, without a stack trace. */
export class LabError extends Error {
  override readonly name = 'LabError';
}

/** A mistake in the command line: printed as one line, exit status 2. */
export class LabUsageError extends LabError {}

/** A check this host cannot decide (a kernel feature it lacks, say): reported as blocked, never as passed. */
export class LabBlocked extends LabError {}
