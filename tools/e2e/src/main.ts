// End-to-end test of one cluster stack on a management cluster: `npx tsx tools/e2e/src/main.ts --help`.
import { workspaceRoot } from '@cluster-stacks/cli';
import * as fs from 'node:fs';
import { E2eOptions, parseOptions, USAGE, UsageError } from './options';
import { Plan } from './plan/plan';
import { workloadAccess } from './probes/workload-access';
import { formatPlan } from './report/format-plan';
import { toMarkdown } from './report/markdown';
import { writeReport } from './report/write-report';
import { collectDiagnostics } from './run/diagnostics';
import { executePlan } from './run/execute-plan';
import { preparePlan } from './run/prepare';
import { systemClock } from './wait/clock';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function run(options: E2eOptions, plan: Plan): Promise<number> {
  if (!fs.existsSync(options.kubeconfig)) {
    console.error(`error: kubeconfig ${options.kubeconfig} does not exist (--kubeconfig or $KUBECONFIG)`);
    return 2;
  }
  // Loaded only here: @kubernetes/client-node is an ES module, which only a real run needs.
  const { clientFactory } = await import('./kube/client-node');
  const factory = clientFactory(options.kubeconfig);
  const context = { management: factory.management, workload: workloadAccess(factory) };
  console.log(
    `e2e ${options.stack}: ${plan.scenario} test of ${plan.to.tag}${plan.scenario === 'upgrade' ? ` from ${plan.from.tag}` : ''}`,
  );
  const result = await executePlan(plan, context, {
    stack: options.stack,
    clock: systemClock,
    pollIntervalMs: options.pollIntervalMs,
    timeoutMs: options.timeoutMs,
    log: (line) => console.log(line),
  });
  const diagnostics = result.passed ? new Map<string, string>() : await collectDiagnostics(plan, context);
  writeReport(options.reportDir, result, diagnostics);
  console.log(`\n${toMarkdown(result)}\nreport: ${options.reportDir}`);
  return result.passed ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: E2eOptions;
  try {
    const parsed = parseOptions(argv, process.env, { cwd: process.cwd(), workspaceRoot: workspaceRoot() });
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  let plan: Plan;
  try {
    plan = preparePlan(options);
  } catch (error) {
    // Missing release, unknown example, impossible upgrade: the user's to fix, so no stack trace.
    console.error(`error: ${message(error)}`);
    return 2;
  }
  if (options.dryRun) {
    process.stdout.write(formatPlan(plan));
    return 0;
  }
  return run(options, plan);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
