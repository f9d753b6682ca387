// CLI: checks release directories against release-contract §2.4.
//
//   npx tsx tools/release-check/src/main.ts [--allow-warnings] [--cso-render <path>] <release-dir>...
//
// Prints one line per finding, `<dir>: rule <n> <error|warning>: <message>`, and a summary
// line per directory. Exit code 1 if any directory has an error, or a warning unless
// --allow-warnings is given; 2 for usage errors or when the check itself cannot run (for
// example when cso-render is not built).

import { checkRelease, Finding } from './check';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = 'usage: release-check [--allow-warnings] [--cso-render <path>] <release-dir>...';

export function main(
  argv: string[],
  io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) },
): number {
  let allowWarnings = false;
  let csoRender: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--allow-warnings') allowWarnings = true;
    else if (arg === '--cso-render') {
      csoRender = argv[++i];
      if (csoRender === undefined) {
        io.err(USAGE);
        return 2;
      }
    } else if (arg === '-h' || arg === '--help') {
      io.out(USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      io.err(`unknown option ${arg}\n${USAGE}`);
      return 2;
    } else dirs.push(arg);
  }
  if (dirs.length === 0) {
    io.err(USAGE);
    return 2;
  }

  let failed = false;
  for (const dir of dirs) {
    let findings: Finding[];
    try {
      findings = checkRelease(dir, { csoRender });
    } catch (e) {
      io.err(`${dir}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    for (const f of findings) io.out(`${dir}: rule ${f.rule} ${f.severity}: ${f.message}`);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.length - errors;
    io.out(
      `${dir}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`,
    );
    if (errors > 0 || (warnings > 0 && !allowWarnings)) failed = true;
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
