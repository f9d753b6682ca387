import { KubeClient } from '../kube/client';
import { CsoStep, Plan, Step } from '../plan/plan';
import { evaluateProbe, ProbeContext } from '../probes/evaluate';
import { RunResult, StepResult } from '../report/result';
import { Clock } from '../wait/clock';
import { waitFor, WaitOutcome } from '../wait/wait-for';

export interface ExecuteOptions {
  readonly stack: string;
  readonly clock: Clock;
  readonly pollIntervalMs: number;
  /** The whole run's limit; each step gets at most what is left of it. */
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  /** Does CSO's part for plans with `cso: 'emulated'`; each call returns a one-line detail. */
  readonly csoEmulator?: (step: CsoStep, log: (line: string) => void) => Promise<string>;
}

function seconds(milliseconds: number): string {
  return `${Math.round(milliseconds / 1000)}s`;
}

function runStep(
  step: Step,
  context: ProbeContext,
  management: KubeClient,
  options: ExecuteOptions,
  timeoutMs: number,
): Promise<WaitOutcome> {
  const waitOptions = {
    timeoutMs,
    intervalMs: options.pollIntervalMs,
    clock: options.clock,
    onProgress: (detail: string, elapsedMs: number) =>
      options.log(`      ${seconds(elapsedMs).padStart(5)}  ${detail}`),
  };
  if (step.kind === 'apply') {
    const target = step.inCluster;
    return waitFor(async () => {
      const client = target ? await context.workload(target.namespace, target.cluster) : management;
      if (!client)
        return {
          done: false,
          detail: `Secret ${target!.namespace}/${target!.cluster}-kubeconfig does not exist yet`,
        };
      await client.apply(step.object);
      const where = target ? ` in Cluster ${target.cluster}` : '';
      return { done: true, detail: `applied ${step.object.kind} ${step.object.metadata.name}${where}` };
    }, waitOptions);
  }
  if (step.kind === 'cso') {
    const emulator = options.csoEmulator;
    if (emulator === undefined) {
      return Promise.resolve({
        ok: false,
        timedOut: false,
        elapsedMs: 0,
        attempts: 0,
        detail: 'this plan emulates CSO, but the run has no CSO emulator',
      });
    }
    // Not retried: each action waits for what it needs itself and reports its first failure.
    const started = options.clock.now();
    return emulator(step, options.log).then(
      (detail) => ({
        ok: true,
        timedOut: false,
        elapsedMs: options.clock.now() - started,
        attempts: 1,
        detail,
      }),
      (error: unknown) => ({
        ok: false,
        timedOut: false,
        elapsedMs: options.clock.now() - started,
        attempts: 1,
        detail: error instanceof Error ? error.message.split('\n')[0]! : String(error),
      }),
    );
  }
  return waitFor(() => evaluateProbe(step.probe, context), waitOptions);
}

/**
 * Runs a plan's steps in order against the clusters. The first failing step ends the run; the steps after it are
 * reported as skipped, so a report always lists the whole plan.
 */
export async function executePlan(
  plan: Plan,
  context: ProbeContext,
  options: ExecuteOptions,
): Promise<RunResult> {
  const { clock, log } = options;
  const start = clock.now();
  const deadline = start + options.timeoutMs;
  const results: StepResult[] = [];
  let failed = false;
  for (const [index, step] of plan.steps.entries()) {
    const base = {
      title: step.title,
      kind: step.kind,
      ...(step.kind === 'wait' ? { probe: step.probe.type } : {}),
    };
    const number = `${index + 1}/${plan.steps.length}`;
    if (failed) {
      results.push({
        ...base,
        status: 'skipped',
        durationMs: 0,
        attempts: 0,
        detail: 'not run: an earlier step failed',
      });
      continue;
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) {
      failed = true;
      const detail = `not started: the run's timeout of ${seconds(options.timeoutMs)} is used up`;
      log(`[FAIL] ${number} ${step.title}: ${detail}`);
      results.push({ ...base, status: 'failed', durationMs: 0, attempts: 0, detail });
      continue;
    }
    const timeoutMs = Math.min(step.timeoutSeconds * 1000, remaining);
    log(`[....] ${number} ${step.title} (limit ${seconds(timeoutMs)})`);
    const outcome = await runStep(step, context, context.management, options, timeoutMs);
    if (outcome.ok) {
      log(`[ ok ] ${number} ${step.title} (${seconds(outcome.elapsedMs)})`);
    } else {
      failed = true;
      const why = outcome.timedOut ? `timed out after ${seconds(outcome.elapsedMs)}` : 'failed';
      log(`[FAIL] ${number} ${step.title}: ${why}: ${outcome.detail}`);
    }
    results.push({
      ...base,
      status: outcome.ok ? 'passed' : 'failed',
      durationMs: outcome.elapsedMs,
      attempts: outcome.attempts,
      detail:
        outcome.ok || !outcome.timedOut
          ? outcome.detail
          : `timed out after ${seconds(outcome.elapsedMs)}: ${outcome.detail}`,
    });
  }
  return {
    stack: options.stack,
    scenario: plan.scenario,
    from: plan.from.tag,
    to: plan.to.tag,
    namespace: plan.namespace,
    cluster: plan.cluster,
    startedAt: new Date(start).toISOString(),
    durationMs: clock.now() - start,
    passed: !failed,
    cso: plan.cso,
    steps: results,
  };
}
