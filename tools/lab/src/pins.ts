// The lab's pins, read from tools/toolchain/pins.env (LAB_* keys), the toolchain's single pin file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@cluster-stacks/toolchain';
import { LabError } from './util/errors';

export class Pins {
  constructor(private readonly values: ReadonlyMap<string, string>) {}

  /** Parses pins.env text: KEY=VALUE lines, # comments. */
  static parse(text: string, file = 'tools/toolchain/pins.env'): Pins {
    const values = new Map<string, string>();
    text.split(/\r?\n/).forEach((raw, index) => {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(line);
      if (match === null)
        throw new LabError(`${file}:${index + 1}: expected KEY=VALUE without spaces, got "${line}"`);
      values.set(match[1]!, match[2]!);
    });
    return new Pins(values);
  }

  static load(): Pins {
    return Pins.parse(readFileSync(join(repoRoot(), 'tools', 'toolchain', 'pins.env'), 'utf8'));
  }

  /** The value of a pin; a missing or empty pin is an error naming it. */
  get(key: string): string {
    const value = this.values.get(key);
    if (value === undefined || value === '') {
      throw new LabError(
        `tools/toolchain/pins.env has no value for ${key}; add the pin (see the LAB_ section)`,
      );
    }
    return value;
  }

  has(key: string): boolean {
    return (this.values.get(key) ?? '') !== '';
  }

  /** Every pin whose key starts with the prefix, sorted by key. */
  withPrefix(prefix: string): [string, string][] {
    return [...this.values].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
  }
}
