// Command-line options of the lab: --name value or --name=value, checked against each command's table.
import { LabUsageError } from './util/errors';

export type OptionKind = 'flag' | 'string' | 'path' | 'list' | 'int';
export type Options = Record<string, string | string[] | boolean | number | undefined>;

export function parseOptions(args: readonly string[], table: Readonly<Record<string, OptionKind>>): Options {
  const out: Options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new LabUsageError(`unexpected argument "${arg}"; options start with --`);
    const [, name, inline] = match as unknown as [string, string, string | undefined];
    const kind = table[name];
    if (kind === undefined) {
      const known = Object.keys(table).map((k) => `--${k}`);
      throw new LabUsageError(
        `unknown option --${name}${known.length > 0 ? `; known: ${known.join(', ')}` : ''}`,
      );
    }
    const key = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (kind === 'flag') {
      if (inline !== undefined) throw new LabUsageError(`--${name} takes no value`);
      out[key] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value.startsWith('--'))
      throw new LabUsageError(`--${name} needs a value (${kind})`);
    if (kind === 'list') out[key] = value.split(',').filter((v) => v !== '');
    else if (kind === 'int') {
      if (!/^\d+$/.test(value)) throw new LabUsageError(`--${name} must be a whole number, got "${value}"`);
      out[key] = Number(value);
    } else out[key] = value;
  }
  return out;
}
