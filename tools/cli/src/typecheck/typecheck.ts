// Builds type-check what they build: the stack files and everything they import from the workspace, with
// the workspace's compiler options. Incremental, so an unchanged workspace is checked from its build info.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TypeScript from 'typescript';
import { writeFileAtomically } from '../util/atomic';
import { StackDefinitionError } from '@cluster-stacks/core';
import { StackProject } from '../project';

/** The compiler, loaded only when a check has to run: loading it takes longer than a whole cached build. */
function compiler(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('typescript') as typeof TypeScript;
}

/** The installed compiler's version, read without loading the compiler. */
function compilerVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('typescript/package.json') as { version: string }).version;
}

/** At most this many errors are listed; the count says how many there are. */
const SHOWN = 10;

function compilerOptions(ts: typeof TypeScript, root: string): TypeScript.CompilerOptions {
  const file = path.join(root, 'tsconfig.base.json');
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
  // Stack code and the construct packages it imports are pure (no Node.js or test globals): leaving out the
  // workspace's global type packages spares the compiler reading @types/node and @types/jest for every check.
  return { ...parsed.options, noEmit: true, types: [] };
}

function describe(ts: typeof TypeScript, diagnostic: TypeScript.Diagnostic, root: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const file = path.relative(root, diagnostic.file.fileName);
  return `${file}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${message}`;
}

/**
 * What a passed check depended on: every file the compiler read, by sha256, with its size and modification time
 * when it was read (a file with the same size and time is taken as unchanged without reading it), and the
 * compiler's version.
 */
interface PassedCheck {
  readonly typescript: string;
  readonly files: Readonly<Record<string, string>>;
  readonly stamps?: Readonly<Record<string, string>>;
}

/** Size and modification time of a file, or undefined when it is gone. */
function stampOf(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * Digests this process already computed, by path, size and modification time: the records of all projects list
 * the same library files, which are then read once.
 */
const digests = new Map<string, string>();

function sha256(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    const key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
    let digest = digests.get(key);
    if (digest === undefined) {
      digest = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      digests.set(key, digest);
    }
    return digest;
  } catch {
    return undefined;
  }
}

/**
 * True when a recorded passed check read exactly the files that are there now. `known` holds the verdicts on
 * files already compared in this call (the records of all projects list the same library files).
 */
function stillPasses(record: string, known: Map<string, boolean>): boolean {
  let passed: PassedCheck;
  try {
    passed = JSON.parse(fs.readFileSync(record, 'utf8')) as PassedCheck;
  } catch {
    return false;
  }
  const unchanged = (file: string, digest: string): boolean => {
    const key = `${file}\0${digest}`;
    let same = known.get(key);
    if (same === undefined) {
      const stamp = stampOf(file);
      same = stamp !== undefined && (stamp === passed.stamps?.[file] || sha256(file) === digest);
      known.set(key, same);
    }
    return same;
  };
  return (
    passed.typescript === compilerVersion() &&
    Object.entries(passed.files).every(([file, digest]) => unchanged(file, digest))
  );
}

/**
 * Where the records of passed checks live: beside the compiler's other caches in node_modules/.cache, not in
 * dist/, so that removing the build outputs does not throw away checks of unchanged files. One folder per
 * workspace folder: a copy of the workspace (the bad-input sandbox) shares node_modules but not its files.
 */
export function typeCheckRecords(root: string): string {
  const workspace = createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 12);
  return path.join(root, 'node_modules', '.cache', 'cluster-stacks', 'typecheck', workspace);
}

/**
 * Type-checks the stack folders of the projects (their stack.ts and anything beside it, with the types of
 * everything they import); throws a user error listing `file:line:column: TS<code>: message`. A project whose
 * last check passed on the same files (recorded in `<records>/<project>.json`) is not checked again.
 */
export function typeCheckStacks(projects: readonly StackProject[], root: string, records: string): void {
  const record = (p: StackProject) => path.join(records, `${p.name}.json`);
  const known = new Map<string, boolean>();
  projects = projects.filter((p) => !stillPasses(record(p), known));
  if (projects.length === 0) return;
  const ts = compiler();
  const roots = projects.map((p) => path.join(root, p.root, 'stack.ts'));
  const options = compilerOptions(ts, root);
  const program = ts.createProgram({ rootNames: roots, options });
  // Only the project folders are checked (their imports are read for their types, and checked by npm run check).
  const folders = projects.map((p) => path.join(root, p.root) + path.sep);
  const files = program
    .getSourceFiles()
    .filter((f) => folders.some((folder) => path.resolve(f.fileName).startsWith(folder)));
  const errors = [
    ...program.getOptionsDiagnostics(),
    ...files.flatMap((f) => [...program.getSyntacticDiagnostics(f), ...program.getSemanticDiagnostics(f)]),
  ].filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) {
    const read = [path.join(root, 'tsconfig.base.json'), ...program.getSourceFiles().map((f) => f.fileName)];
    // Stamped before hashing: a file changed in between gets a stamp that no longer matches, so it is hashed.
    const stamps = Object.fromEntries(read.map((f) => [path.resolve(f), stampOf(f) ?? '']));
    const passed: PassedCheck = {
      typescript: ts.version,
      files: Object.fromEntries(read.map((f) => [path.resolve(f), sha256(f) ?? ''])),
      stamps,
    };
    for (const p of projects) writeFileAtomically(record(p), JSON.stringify(passed) + '\n');
    return;
  }
  const lines = [...new Set(errors.map((d) => describe(ts, d, root)))];
  const names = projects.map((p) => p.name).join(', ');
  throw new StackDefinitionError(
    `${names}: the stack code does not type-check (${lines.length} error${lines.length === 1 ? '' : 's'}); fix ${lines.length === 1 ? 'it' : 'them'} before building:\n  ` +
      lines.slice(0, SHOWN).join('\n  ') +
      (lines.length > SHOWN
        ? `\n  … and ${lines.length - SHOWN} more (npx tsc --noEmit -p tsconfig.json lists all)`
        : ''),
  );
}
