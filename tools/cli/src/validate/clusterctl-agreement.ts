import { CapiVersion, ClusterStack, stableYaml } from '@cluster-stacks/core';
import { capiTopologyPlan } from './capi-topology-plan';
import { renderClassFor } from './class-rendering';
import { dryRunCases } from './dry-run-cases';
import { fieldDifferences, planFields } from './plan-fields';
import { topologyPlan } from './topology-plan';

/** Where clusterctl v1.10 and CAPI v1.14's engine (read back in v1beta1) disagree for a v1beta1 ClusterClass. */
export interface AgreementReport {
  readonly cases: number;
  readonly fields: number;
  /** `<case>: <path>: clusterctl <value>, topology-plan <value>` for every differing field. */
  readonly differences: string[];
}

/**
 * Plans every example and variable test of the stack's v1beta1 rendering with `clusterctl alpha topology plan`
 * (v1.10) and with tools/topology-plan (v1.14, generated objects read in v1beta1), and compares every field.
 */
export function clusterctlAgreement(stack: ClusterStack, namespace: string): AgreementReport {
  const rendering = renderClassFor(stack, CapiVersion.V1BETA1, namespace);
  const cases = dryRunCases(stack);
  const clusters = cases.map((c) => c.render(rendering.className, namespace));
  const ours = capiTopologyPlan(rendering.manifests, clusters, { apiVersion: 'v1beta1', keepGoing: true });
  if (!ours.ok) throw new Error(`topology-plan: ${ours.error}`);
  const differences: string[] = [];
  let fields = 0;
  cases.forEach((c, i) => {
    const theirs = topologyPlan(rendering.manifests, stableYaml(clusters[i]));
    const mine = ours.clusters.get(c.name)!;
    if (!theirs.ok || mine.rejected !== undefined) {
      if (theirs.ok !== (mine.rejected === undefined))
        differences.push(
          `${c.title}: clusterctl ${theirs.ok ? 'planned' : theirs.error}; topology-plan ${mine.rejected ?? 'planned'}`,
        );
      return;
    }
    const a = planFields([...theirs.created, ...theirs.modified], rendering.className);
    const b = planFields([...mine.created, ...mine.modified], rendering.className);
    fields += a.size;
    for (const d of fieldDifferences(a, b))
      differences.push(
        `${c.title}: ${d.path}: clusterctl ${d.a ?? '(absent)'}, topology-plan ${d.b ?? '(absent)'}`,
      );
  });
  return { cases: cases.length, fields, differences };
}
