// Job-summary Markdown of the committed rendered output of affected stacks (see .github/workflows/ci.yml):
//   npx tsx tools/e2e/src/ci/rendered-diff-main.ts --base <sha> --head <sha> --stacks '<json list of projects>'
import { workspaceRoot } from '@cluster-stacks/cli';
import { git } from './git';
import { renderedDiffMarkdown, StackDiff } from './rendered-diff';
import { projectRoot } from './stack-names';

function value(args: readonly string[], name: string): string {
  const index = args.indexOf(name);
  const found = index === -1 ? undefined : args[index + 1];
  if (!found) throw new Error(`${name} is required`);
  return found;
}

function main(args: readonly string[]): void {
  const root = workspaceRoot();
  const base = value(args, '--base');
  const head = value(args, '--head');
  const stacks = (JSON.parse(value(args, '--stacks')) as string[]).slice().sort();
  const diffs: StackDiff[] = stacks.map((stack) => {
    const path = `${projectRoot(stack)}/rendered/`;
    return {
      stack,
      path,
      stat: git(['diff', '--stat', base, head, '--', path], root),
      diff: git(['diff', base, head, '--', path], root),
    };
  });
  process.stdout.write(renderedDiffMarkdown(base, head, diffs));
}

main(process.argv.slice(2));
