// Computes the e2e job matrix for GitHub Actions (see .github/workflows/e2e.yml):
//   npx tsx tools/e2e/src/ci/e2e-matrix-main.ts --affected '<json>' --all '<json>' --head <sha> [--base <sha>] [--run-all]
// Prints `matrix=<json>` and `count=<n>` lines for $GITHUB_OUTPUT.
import { workspaceRoot } from '@cluster-stacks/cli';
import { e2eMatrix } from './e2e-matrix';
import { git, hasCommit } from './git';
import { stackProjectsIn } from './stack-names';

/**
 * Changes to these paths change how every stack is tested (the driver, the workflow and its setup, the pinned
 * clusterctl that installs the management cluster's Cluster API), so they test every stack.
 */
const E2E_TOOLING = [
  'tools/e2e/',
  '.github/workflows/e2e.yml',
  '.github/actions/',
  'tools/toolchain/pins.env',
];

function value(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
}

function jsonList(text: string | undefined, name: string): string[] {
  const parsed: unknown = JSON.parse(text ?? '[]');
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string'))
    throw new Error(`${name}: expected a JSON list of project names`);
  return parsed as string[];
}

function main(args: readonly string[]): void {
  const root = workspaceRoot();
  const head = value(args, '--head') ?? 'HEAD';
  const requestedBase = value(args, '--base') || undefined;
  const base = requestedBase && hasCommit(requestedBase, root) ? requestedBase : undefined;
  if (requestedBase && !base)
    console.error(
      `base ${requestedBase} is not in this clone: upgrades start from the previous minor at ${head}`,
    );
  const toolingChanged =
    base !== undefined && git(['diff', '--name-only', base, head, '--', ...E2E_TOOLING], root).trim() !== '';
  const matrix = e2eMatrix({
    affected: jsonList(value(args, '--affected'), '--affected'),
    all: jsonList(value(args, '--all'), '--all'),
    runAll: args.includes('--run-all') || toolingChanged,
    base,
    head,
    stacksAtBase: base
      ? stackProjectsIn(git(['ls-tree', '-r', '--name-only', base, '--', 'providers'], root).split('\n'))
      : [],
  });
  for (const entry of matrix.include) console.error(`e2e job: ${entry.name}`);
  process.stdout.write(`matrix=${JSON.stringify(matrix)}\ncount=${matrix.include.length}\n`);
}

main(process.argv.slice(2));
