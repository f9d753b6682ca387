/** A problem the user fixes by running something first or calling the CLI differently: no stack trace. */
export class CommandError extends Error {
  public readonly isUserError = true;
}
