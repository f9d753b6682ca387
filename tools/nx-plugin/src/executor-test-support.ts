// Test support shared by the executor tests: runs a batch of an executor copied into a scratch workspace, as
// Nx's batch process does (the executors themselves live in tools/executors/nx).
import * as path from 'node:path';

/** The workspace that holds the executors. */
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

/** A task of a batch: its id, its project's folder, the ids it depends on and its options. */
export interface BatchTask<Options> {
  readonly id: string;
  readonly projectRoot: string;
  readonly dependsOn?: readonly string[];
  readonly options: Options;
}

/** What the batch reported of one task, in the order it reported them. */
export interface ReportedTask {
  readonly task: string;
  readonly success: boolean;
  readonly terminalOutput: string;
}

interface BatchExecutor<Options> {
  runBatch(
    taskGraph: { tasks: Record<string, { projectRoot: string }>; dependencies: Record<string, string[]> },
    inputs: Record<string, Options>,
  ): AsyncIterable<{ task: string; result: { success: boolean; terminalOutput: string } }>;
}

/** Runs `tools/executors/nx/<file>`'s batch implementation of the workspace over the tasks. */
export async function runExecutorBatch<Options>(
  workspace: string,
  file: string,
  tasks: readonly BatchTask<Options>[],
): Promise<ReportedTask[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const executor = require(path.join(workspace, 'tools/executors/nx', file)) as BatchExecutor<Options>;
  const taskGraph = {
    tasks: Object.fromEntries(tasks.map((t) => [t.id, { projectRoot: t.projectRoot }])),
    dependencies: Object.fromEntries(tasks.map((t) => [t.id, [...(t.dependsOn ?? [])]])),
  };
  const inputs = Object.fromEntries(tasks.map((t) => [t.id, t.options]));
  const reported: ReportedTask[] = [];
  for await (const { task, result } of executor.runBatch(taskGraph, inputs))
    reported.push({ task, success: result.success, terminalOutput: result.terminalOutput });
  return reported;
}
