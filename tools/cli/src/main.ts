// The `cs` command line. (`npm run generate` has its own entry point, generate/main.ts, which loads no stack
// model, so generated modules can be rewritten even when they are missing.) The compiled tools run the same
// function from the bundle (see tools/cli/bin/cs.cjs).
import { runMain } from './cli/run';

runMain(process.argv.slice(2));
