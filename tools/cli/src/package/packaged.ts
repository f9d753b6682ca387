import * as fs from 'node:fs';
import { CommandError } from '../util/errors';

/** The tag the last `package` of a project recorded in `dist/packaged/<project>.json`. */
export function packagedTag(file: string): string {
  if (!fs.existsSync(file)) throw new CommandError(`${file} does not exist: run the package target first`);
  let record: unknown;
  try {
    record = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CommandError(
      `${file} is not valid JSON (${(error as Error).message}): run the package target again`,
    );
  }
  const tag = (record as { tag?: unknown } | null)?.tag;
  if (typeof tag !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(tag))
    throw new CommandError(
      `${file}: "tag" must be a release tag, got ${JSON.stringify(tag)}: run the package target again`,
    );
  return tag;
}
