// Writes the reference of every stack to docs/stacks/ (`--check`: only report stale files, exit 1 if any).
import { isUserError } from '@cluster-stacks/core';
import { REGENERATE_COMMAND } from './reference';
import { staleReferences, writeReferences } from './generate';

function main(args: string[]): number {
  if (args.includes('--check')) {
    const stale = staleReferences();
    if (stale.length > 0) {
      console.error(
        `stack references are out of date:\n  ${stale.join('\n  ')}\nrun "${REGENERATE_COMMAND}" and commit the result.`,
      );
      return 1;
    }
    console.log('stack references are up to date');
    return 0;
  }
  for (const file of writeReferences()) console.log(`wrote ${file}`);
  return 0;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  console.error(isUserError(error) ? `error: ${error.message}` : error);
  process.exit(isUserError(error) ? 2 : 1);
}
