// `npm run generate [-- --check]`: rewrites the generated modules from their sources. It loads no stack model
// (only the TypeScript compiler and the committed schemas), so it runs even when a generated module is missing.
import { parseArgs } from '../cli/args';
import { CommandError } from '../util/errors';
import { describeFailure } from '../util/fail';
import { runGenerate } from './index';

try {
  const parsed = parseArgs('generate', process.argv.slice(2), [{ name: 'check' }]);
  if (parsed.positionals.length > 0)
    throw new CommandError(
      `generate: unexpected argument ${JSON.stringify(parsed.positionals[0])}: it takes only --check`,
    );
  process.exit(runGenerate(parsed.flags.has('check')));
} catch (error) {
  const { text, code } = describeFailure(error, false);
  console.error(text);
  process.exit(code);
}
