import * as fs from 'node:fs';
import * as path from 'node:path';
import { CommandError } from '../util/errors';
import { Command } from './timing';

/**
 * The workspace's `cs` command as `npm run cs` runs it, without npm: the program and arguments of the `cs` script
 * of the root package.json (resolved against node_modules/.bin), followed by `args`.
 */
export function csCommand(root: string, args: readonly string[]): Command {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  const script = manifest.scripts?.cs;
  if (!script || /[|&;<>$`"'\\]/.test(script))
    throw new CommandError(
      `bench: the "cs" script of ${path.join(root, 'package.json')} must be a plain command line (program and arguments), got ${JSON.stringify(script)}`,
    );
  const [program, ...scriptArgs] = script.trim().split(/\s+/);
  const local = path.join(root, 'node_modules', '.bin', program);
  return {
    program: fs.existsSync(local) ? local : program,
    args: [...scriptArgs, ...args],
    cwd: root,
  };
}
