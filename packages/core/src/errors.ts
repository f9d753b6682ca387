/**
 * A user error in a stack definition: which stack, which construct, which prop, what was expected and
 * what to do. The CLI prints `message` without a stack trace.
 */
export class StackDefinitionError extends Error {
  public readonly isUserError = true;

  public constructor(message: string) {
    super(message);
    this.name = 'StackDefinitionError';
  }
}

/** Describes a value for an error message: strings quoted, everything else as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}

/**
 * Builds the standard message for an invalid prop: `<where>: <prop> <value> is invalid: expected <expected>.`
 * followed by what to do, when given.
 */
export function invalidProp(
  where: string,
  prop: string,
  value: unknown,
  expected: string,
  hint?: string,
): StackDefinitionError {
  const tail = hint ? ` ${hint}` : '';
  return new StackDefinitionError(
    `${where}: ${prop} ${describeValue(value)} is invalid: expected ${expected}.${tail}`,
  );
}

/** True for errors that are the user's to fix (printed without stack trace). */
export function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error as { isUserError?: boolean }).isUserError === true;
}
