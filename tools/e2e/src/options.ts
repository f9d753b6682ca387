import * as os from 'node:os';
import * as path from 'node:path';

/** The options of one end-to-end run (`npx tsx tools/e2e/src/main.ts --help`). */
export interface E2eOptions {
  /** Stack project, e.g. `docker-scs-1-35`. */
  readonly stack: string;
  readonly kubeconfig: string;
  readonly releaseDir: string;
  /** Release tag under test; `undefined` means the one `package` last wrote for the stack. */
  readonly release?: string;
  readonly upgradeFrom?: string;
  readonly example: string;
  readonly namespace: string;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly reportDir: string;
  readonly dryRun: boolean;
}

export const USAGE = `Usage: npx tsx tools/e2e/src/main.ts --stack <project> [options]

Creates a workload Cluster from a stack's example on a Cluster API management cluster that runs the SCS
Cluster Stack Operator (CSO) in local mode, and waits until it is healthy: ClusterClass installed, control
plane and workers ready, every node Ready, addons applied, metrics API serving. With --upgrade-from, the
Cluster starts on that release and is then upgraded to the release under test.

The management cluster must run Cluster API with CLUSTER_TOPOLOGY, EXP_RUNTIME_SDK and
EXP_CLUSTER_RESOURCE_SET enabled, its infrastructure provider, and CSO with --local=true and every release
used here under <release-dir>/cluster-stacks/ inside its pod (see tools/e2e/README.md).

Options:
  --stack <project>          stack project under test, e.g. docker-scs-1-35 (required)
  --kubeconfig <file>        kubeconfig of the management cluster (default: $KUBECONFIG, else ~/.kube/config)
  --release-dir <dir>        directory holding the release directories CSO sees (default: dist/releases)
  --release <tag>            release under test (default: the tag in dist/packaged/<project>.json)
  --upgrade-from <tag>       create the Cluster on this release (same stack, same or previous Kubernetes
                             minor), then upgrade it to the release under test
  --example <name>           example Cluster of the stack to create (default: defaults)
  --namespace <name>         namespace of the ClusterStacks and the Cluster (default: e2e)
  --timeout <duration>       limit of the whole run, e.g. 90m, 1h, 3600s (default: 60m)
  --poll-interval <duration> pause between two looks at the clusters (default: 10s)
  --report-dir <dir>         where summary.json, junit.xml, summary.md and diagnostics/ go
                             (default: dist/e2e/<project>[-upgrade])
  --dry-run                  print the plan (steps and objects) and touch no cluster
  --help                     show this text

Exit status: 0 passed, 1 failed, 2 usage or setup error.
`;

export class UsageError extends Error {}

/** `90m`, `1h`, `3600s` or `3600` (seconds) in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+)(s|m|h)?$/.exec(text);
  if (!match || Number(match[1]) === 0)
    throw new UsageError(
      `${option}: expected a positive duration such as 90m, 1h or 3600s, got ${JSON.stringify(text)}`,
    );
  const unit = { s: 1, m: 60, h: 3600 }[(match[2] ?? 's') as 's' | 'm' | 'h'];
  return Number(match[1]) * unit * 1000;
}

const VALUE_OPTIONS = [
  '--stack',
  '--kubeconfig',
  '--release-dir',
  '--release',
  '--upgrade-from',
  '--example',
  '--namespace',
  '--timeout',
  '--poll-interval',
  '--report-dir',
] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

/** Where paths given on the command line are relative to, and where the defaults are relative to. */
export interface PathBases {
  readonly cwd: string;
  readonly workspaceRoot: string;
}

/** `help` when --help is given; otherwise the options, or a UsageError naming what is wrong. */
export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  bases: PathBases,
): E2eOptions | 'help' {
  const values = new Map<ValueOption, string>();
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--dry-run') {
      dryRun = true;
      continue;
    }
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!(VALUE_OPTIONS as readonly string[]).includes(name))
      throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`${name} needs a value`);
    if (values.has(name as ValueOption)) throw new UsageError(`${name} given twice`);
    values.set(name as ValueOption, value);
  }
  const stack = values.get('--stack');
  if (!stack) throw new UsageError('--stack is required');
  if (!/^[a-z][a-z0-9]*-[a-z][a-z0-9]*-\d+-\d+$/.test(stack))
    throw new UsageError(
      `--stack: expected a stack project such as docker-scs-1-35, got ${JSON.stringify(stack)}`,
    );
  const given = (option: ValueOption, fallback: string) => {
    const value = values.get(option);
    return value === undefined ? path.resolve(bases.workspaceRoot, fallback) : path.resolve(bases.cwd, value);
  };
  const upgradeFrom = values.get('--upgrade-from');
  const kubeconfig =
    values.get('--kubeconfig') ??
    env.KUBECONFIG?.split(path.delimiter)[0] ??
    path.join(os.homedir(), '.kube', 'config');
  return {
    stack,
    kubeconfig: path.resolve(bases.cwd, kubeconfig),
    releaseDir: given('--release-dir', 'dist/releases'),
    release: values.get('--release'),
    upgradeFrom,
    example: values.get('--example') ?? 'defaults',
    namespace: values.get('--namespace') ?? 'e2e',
    timeoutMs: parseDuration(values.get('--timeout') ?? '60m', '--timeout'),
    pollIntervalMs: parseDuration(values.get('--poll-interval') ?? '10s', '--poll-interval'),
    reportDir: given('--report-dir', path.join('dist', 'e2e', upgradeFrom ? `${stack}-upgrade` : stack)),
    dryRun,
  };
}
