// Test support: runs bad-input cases and keeps the tally the suite's summary prints.
import { Outcome, Sandbox, sameContent, Snapshot } from './sandbox';

/** One bad input: how to make it, which command meets it, and exactly what the user must see. */
export interface BadInputCase {
  /** `GIVEN … WHEN … THEN …`. */
  readonly name: string;
  /** Makes the bad input (edits files of the sandbox); its changes are undone after the case. */
  readonly arrange?: (sandbox: Sandbox) => void;
  /** The command line (`cs`, `docs`, `bench`, `publish`) and its arguments. */
  readonly tool: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly code: number;
  /** The whole of stderr, with the sandbox folder written as `<workspace>`; a function when it depends on `vars`. */
  readonly stderr: string | ((sandbox: Sandbox, vars: Vars) => string);
}

/** Values known only while the suite runs (the registry address, a release tag), written `<name>` in args. */
export type Vars = Readonly<Record<string, string>>;

/** Counts of the suite's summary. */
export interface Tally {
  cases: number;
  clearMessages: number;
  traces: number;
  partialOutputs: number;
  losses: number;
}

export const tally: Tally = { cases: 0, clearMessages: 0, traces: 0, partialOutputs: 0, losses: 0 };

/** `at f (file:1:2)` lines of a JavaScript stack trace. */
const TRACE = /^\s+at .*(:\d+:\d+\)?|\(native\))$/m;
/** Work in progress of an atomic write, visible after a run: a partial output. */
const WORK = /(^|\/)\.(tmp|old|del)-/;

export function normalize(text: string, sandbox: Sandbox): string {
  return text.split(sandbox.dir).join('<workspace>').trimEnd();
}

/** Files that differ between two snapshots: `lost` (missing or changed) and `written` (new). */
export function compare(before: Snapshot, after: Snapshot): { lost: string[]; written: string[] } {
  const lost = [...before]
    .filter(([rel, content]) => !sameContent(after.get(rel), content))
    .map(([rel]) => rel);
  const written = [...after.keys()].filter((rel) => !before.has(rel));
  return { lost, written };
}

/** What one case observed; the test asserts it and the tally counts it. */
export interface Observed {
  readonly outcome: { code: number | null; stderr: string };
  readonly trace: boolean;
  readonly partial: string[];
  readonly lost: string[];
  readonly written: string[];
}

/** Records an observation in the tally. */
export function count(observed: Observed, expected: { code: number; stderr: string }): void {
  tally.cases++;
  if (observed.outcome.code === expected.code && observed.outcome.stderr === expected.stderr)
    tally.clearMessages++;
  if (observed.trace) tally.traces++;
  if (observed.partial.length > 0) tally.partialOutputs++;
  if (observed.lost.length > 0) tally.losses++;
}

/** Runs a case in the sandbox: arrange, snapshot, run, compare, and restore the sandbox. */
export function runCase(sandbox: Sandbox, c: BadInputCase, vars: Vars = {}): Observed {
  try {
    c.arrange?.(sandbox);
    const before = sandbox.snapshot();
    const args = c.args.map((a) => a.replace(/<(\w+)>/g, (whole, name: string) => vars[name] ?? whole));
    const outcome: Outcome = sandbox.run(c.tool, args, c.env);
    const after = sandbox.snapshot();
    const { lost, written } = compare(before, after);
    const observed: Observed = {
      outcome: { code: outcome.code, stderr: normalize(outcome.stderr, sandbox) },
      trace: TRACE.test(outcome.stderr),
      partial: [...after.keys()].filter((rel) => WORK.test(rel) && !before.has(rel)),
      lost,
      // Type-check records are a cache of passed checks, not an output.
      written: written.filter((rel) => !rel.startsWith('node_modules/.cache/')),
    };
    count(observed, expected(sandbox, c, vars));
    return observed;
  } finally {
    sandbox.restore();
  }
}

/** The exit code and stderr a case expects. */
export function expected(sandbox: Sandbox, c: BadInputCase, vars: Vars): { code: number; stderr: string } {
  return { code: c.code, stderr: typeof c.stderr === 'string' ? c.stderr : c.stderr(sandbox, vars) };
}

export function summaryLine(): string {
  return `bad-input suite: ${tally.cases} cases, ${tally.clearMessages} clear messages, ${tally.traces} traces, ${tally.partialOutputs} partial outputs, ${tally.losses} losses`;
}
