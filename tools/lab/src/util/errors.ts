/** An error of the lab's environment or input: printed as one line, without a stack trace. */
export class LabError extends Error {
  override readonly name = 'LabError';
}
