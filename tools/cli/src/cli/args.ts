import { CommandError } from '../util/errors';

/** A flag a command accepts: a switch, or an option whose value has the given form (e.g. `<git ref>`). */
export interface FlagSpec {
  readonly name: string;
  readonly value?: string;
}

/** A command's arguments: its flags (switches as `true`, options as their value) and its positional arguments. */
export interface ParsedArgs {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

/**
 * Parses `--flag`, `--option value` and `--option=value`; everything after `--` is positional. An unknown flag,
 * a missing value, a value given to a switch and a repeated flag are usage errors naming the expected form.
 */
export function parseArgs(command: string, args: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const flags = new Map<string, string | true>();
  const positionals: string[] = [];
  const usage = (spec: FlagSpec) => (spec.value ? `--${spec.name} ${spec.value}` : `--${spec.name}`);
  const known = () => (specs.length === 0 ? 'it takes no flags' : `expected ${specs.map(usage).join(', ')}`);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [, name, inline] = /^--?([^=]*)(?:=(.*))?$/s.exec(arg) ?? [];
    const spec = specs.find((s) => s.name === name);
    if (!spec) throw new CommandError(`${command}: unknown flag ${arg.split('=')[0]}: ${known()}`);
    if (flags.has(spec.name)) throw new CommandError(`${command}: ${usage(spec)} is given twice`);
    if (!spec.value) {
      if (inline !== undefined) throw new CommandError(`${command}: --${spec.name} takes no value`);
      flags.set(spec.name, true);
      continue;
    }
    const value = inline ?? args[i + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('-')))
      throw new CommandError(`${command}: --${spec.name} needs a value: ${usage(spec)}`);
    if (inline === undefined) i++;
    flags.set(spec.name, value);
  }
  return { flags, positionals };
}

/** The value of an option, if given. */
export function option(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
