import * as path from 'node:path';

/** Causes that are the machine's, not the program's: reported in one line naming the path. */
const ENVIRONMENT_CAUSES: Readonly<Record<string, string>> = {
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'an input/output error of the device',
};

/** A temporary sibling (`.tmp-<name>-<pid>-<random>`) or a file in it is reported as the path it stands for. */
function reportedPath(file: string): string {
  const parts = file.split(path.sep);
  const at = parts.findIndex((p) => /^\.(?:tmp|old|del)-.+-\d+-[0-9a-f]{8}$/.test(p));
  const shown =
    at < 0
      ? file
      : [...parts.slice(0, at), parts[at].replace(/^\.(?:tmp|old|del)-(.+)-\d+-[0-9a-f]{8}$/, '$1')].join(
          path.sep,
        );
  const relative = path.relative(process.cwd(), shown);
  return relative.startsWith('..') || path.isAbsolute(relative) ? shown : relative;
}

/** The one-line message of an environment error (read-only or full disk, …), or undefined for anything else. */
export function environmentMessage(error: unknown): string | undefined {
  const { code, path: file, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  const cause = code ? ENVIRONMENT_CAUSES[code] : undefined;
  if (!cause) return undefined;
  const where = file ? reportedPath(file) : 'a file';
  const verb = syscall === 'open' || syscall === 'write' || syscall === 'mkdir' ? 'write' : 'update';
  return `cannot ${verb} ${where}: ${cause} (${code}); free space or make it writable, then run again`;
}

/** True for errors that are the user's to fix (StackDefinitionError, CommandError). */
export function isUserError(error: unknown): error is Error {
  return error instanceof Error && (error as { isUserError?: boolean }).isUserError === true;
}

/**
 * What a command line prints for an error and the exit code: user errors exit 2 and environment errors exit 1,
 * each in one line without a stack trace; anything else is a bug and shows its trace. `--debug` adds the trace.
 */
export function describeFailure(error: unknown, debug: boolean): { text: string; code: number } {
  const trace = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const withTrace = (line: string) => (debug ? `${line}\n${trace}` : line);
  if (isUserError(error)) return { text: withTrace(`error: ${error.message}`), code: 2 };
  const environment = environmentMessage(error);
  if (environment) return { text: withTrace(`error: ${environment}`), code: 1 };
  return { text: `error: internal error, please report it:\n${trace}`, code: 1 };
}
