// The publish command line as `npm run publish` runs it: from the compiled tools bundle (tools/cli/bin/run.cjs),
// so that it starts without compiling TypeScript. `run.cjs publish <arguments>` hands over the user's arguments.
import { run } from './main';

run(['publish', ...process.argv.slice(2)], {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`publish: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
