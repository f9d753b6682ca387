// Writes the reference of every stack to docs/stacks/ (`--check`: only report stale files, exit 1 if any).
import { CommandError, describeFailure, parseArgs } from '@cluster-stacks/cli';
import { REGENERATE_COMMAND } from './reference';
import { staleReferences, writeReferences } from './generate';

function main(args: string[]): number {
  const parsed = parseArgs('docs', args, [{ name: 'check' }, { name: 'debug' }]);
  if (parsed.positionals.length > 0)
    throw new CommandError(
      `docs: unexpected argument ${JSON.stringify(parsed.positionals[0])}: it takes only --check`,
    );
  if (parsed.flags.has('check')) {
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
  const { text, code } = describeFailure(error, process.argv.includes('--debug'));
  console.error(text);
  process.exit(code);
}
