// Builds type-check what they build: the stack files and everything they import from the workspace, with
// the workspace's compiler options. Incremental, so an unchanged workspace is checked from its build info.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { writeFileAtomically } from '../util/atomic';
import { StackDefinitionError } from '@cluster-stacks/core';
import { StackProject } from '../project';

/** At most this many errors are listed; the count says how many there are. */
const SHOWN = 10;

function compilerOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, 'tsconfig.base.json');
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, file);
  return { ...parsed.options, noEmit: true };
}

function describe(diagnostic: ts.Diagnostic, root: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const file = path.relative(root, diagnostic.file.fileName);
  return `${file}:${line + 1}:${character + 1}: TS${diagnostic.code}: ${message}`;
}

/** What a passed check depended on: every file the compiler read, by sha256, and the compiler's version. */
interface PassedCheck {
  readonly typescript: string;
  readonly files: Readonly<Record<string, string>>;
}

function sha256(file: string): string | undefined {
  try {
    return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** True when a recorded passed check read exactly the files that are there now. */
function stillPasses(record: string): boolean {
  let passed: PassedCheck;
  try {
    passed = JSON.parse(fs.readFileSync(record, 'utf8')) as PassedCheck;
  } catch {
    return false;
  }
  return (
    passed.typescript === ts.version &&
    Object.entries(passed.files).every(([file, digest]) => sha256(file) === digest)
  );
}

/**
 * Type-checks the stack folders of the projects (their stack.ts and anything beside it, with the types of
 * everything they import); throws a user error listing `file:line:column: TS<code>: message`. A project whose
 * last check passed on the same files (recorded in `<records>/<project>.json`) is not checked again.
 */
export function typeCheckStacks(projects: readonly StackProject[], root: string, records: string): void {
  const record = (p: StackProject) => path.join(records, `${p.name}.json`);
  projects = projects.filter((p) => !stillPasses(record(p)));
  if (projects.length === 0) return;
  const roots = projects.map((p) => path.join(root, p.root, 'stack.ts'));
  const options = compilerOptions(root);
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
    const passed: PassedCheck = {
      typescript: ts.version,
      files: Object.fromEntries(read.map((f) => [path.resolve(f), sha256(f) ?? ''])),
    };
    for (const p of projects) writeFileAtomically(record(p), JSON.stringify(passed) + '\n');
    return;
  }
  const lines = [...new Set(errors.map((d) => describe(d, root)))];
  const names = projects.map((p) => p.name).join(', ');
  throw new StackDefinitionError(
    `${names}: the stack code does not type-check (${lines.length} error${lines.length === 1 ? '' : 's'}); fix ${lines.length === 1 ? 'it' : 'them'} before building:\n  ` +
      lines.slice(0, SHOWN).join('\n  ') +
      (lines.length > SHOWN
        ? `\n  … and ${lines.length - SHOWN} more (npx tsc --noEmit -p tsconfig.json lists all)`
        : ''),
  );
}
