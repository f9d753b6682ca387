import { CapiVersion, ClusterStack } from '@cluster-stacks/core';
import { capiTopologyPlan, CapiClusterPlan } from './capi-topology-plan';
import { renderClassFor } from './class-rendering';
import { asV1beta2Cluster } from './cluster-v1beta2';
import { dryRunCases } from './dry-run-cases';
import { fieldDifferences, flagListOrders, planFields } from './plan-fields';
import { asV1beta1Fields, renamedKinds } from './renamed-kinds';

/** A field where the v1beta1 and the v1beta2 rendering are known to differ, and why. */
export interface ExplainedDifference {
  /** Matches `<Kind>/<role> <path>`. */
  readonly path: RegExp;
  readonly why: string;
}

/** Differences between the renderings that follow from the API versions themselves (see the issue note). */
export const EXPLAINED_DIFFERENCES: readonly ExplainedDifference[] = [];

/**
 * Why a flag list is ordered differently (the fields compare flag lists by name): the v1beta2 rendering appends
 * the flags patches set after the template's own.
 */
export const FLAG_ORDER =
  "order of a flag list: the v1beta2 rendering appends each flag a patch sets after the template's own flags (CAPI v1.14's ClusterClass webhook refuses patches that address list elements by index); kubeadm sorts a component's flags by name, so the Nodes run the same commands";

/** What the dry run of both renderings found. */
export interface DualDryRunReport {
  /** Cases planned (examples and variable tests), each through both renderings. */
  readonly cases: number;
  /** Fields compared per case, summed. */
  readonly fields: number;
  /** Differences with an explanation: `why` → the fields (`<case>: <path>`). */
  readonly explained: Map<string, string[]>;
  /** Differences without one (the tier fails on any). */
  readonly unexplained: string[];
  /** Cases CAPI rejected in both renderings, with the message (identical in both, or listed in `unexplained`). */
  readonly rejected: string[];
}

function planOf(plans: Map<string, CapiClusterPlan>, name: string, rendering: string): CapiClusterPlan {
  const plan = plans.get(name);
  if (!plan) throw new Error(`the ${rendering} dry run returned no plan for Cluster ${name}`);
  return plan;
}

/**
 * Plans every example and variable test of the stack through the v1beta1 and the v1beta2 rendering of its
 * ClusterClass with CAPI v1.14's topology engine (generated objects read in v1beta2 both times), and compares
 * every generated field and the order of every flag list. Both ClusterClasses must be admitted by CAPI's
 * ClusterClass webhook. Objects of a kind the v1beta2 rendering replaces (CAPD's Dev* kinds) are compared
 * with the v1beta1 kind's objects, their fields named as there (see renamed-kinds.ts); each renamed field is
 * reported as explained.
 */
export function dualDryRun(
  stack: ClusterStack,
  namespace: string,
  explanations: readonly ExplainedDifference[] = EXPLAINED_DIFFERENCES,
): DualDryRunReport {
  const cases = dryRunCases(stack);
  const kinds = renamedKinds(stack);
  const renderings = [CapiVersion.V1BETA1, CapiVersion.V1BETA2].map((capi) => {
    const rendering = renderClassFor(stack, capi, namespace);
    const clusters = cases.map((c) => {
      const cluster = c.render(rendering.className, namespace);
      return capi === CapiVersion.V1BETA2 ? asV1beta2Cluster(cluster) : cluster;
    });
    const plan = capiTopologyPlan(rendering.manifests, clusters, { keepGoing: true });
    if (!plan.ok) throw new Error(`the ${capi.version} rendering: ${plan.error}`);
    return { rendering, plans: plan.clusters };
  });
  const [v1, v2] = renderings;
  const explained = new Map<string, string[]>();
  const unexplained: string[] = [];
  const rejected: string[] = [];
  let fields = 0;
  for (const c of cases) {
    const a = planOf(v1.plans, c.name, 'v1beta1');
    const b = planOf(v2.plans, c.name, 'v1beta2');
    if (a.rejected !== undefined || b.rejected !== undefined) {
      const same =
        a.rejected?.replace(/v1beta1|v1beta2/g, '') === b.rejected?.replace(/v1beta1|v1beta2/g, '');
      if (same) rejected.push(`${c.title}: ${a.rejected}`);
      else
        unexplained.push(
          `${c.title}: v1beta1 ${a.rejected ?? 'planned'}; v1beta2 ${b.rejected ?? 'planned'}`,
        );
      continue;
    }
    const objectsA = [...a.created, ...a.modified];
    const objectsB = [...b.created, ...b.modified];
    const fa = planFields(objectsA, v1.rendering.className);
    const fb = asV1beta1Fields(planFields(objectsB, v2.rendering.className), kinds);
    for (const { reason, line } of fb.renamed)
      explained.set(reason, [...(explained.get(reason) ?? []), `${c.title}: ${line}`]);
    fields += fa.size;
    for (const d of fieldDifferences(fa, fb.fields)) {
      const line = `${c.title}: ${d.path}: v1beta1 ${d.a ?? '(absent)'}, v1beta2 ${d.b ?? '(absent)'}`;
      const reason = explanations.find((e) => e.path.test(d.path));
      if (reason) explained.set(reason.why, [...(explained.get(reason.why) ?? []), line]);
      else unexplained.push(line);
    }
    // The same names in another order (different names are field differences above).
    const orderB = flagListOrders(objectsB);
    for (const [list, order] of flagListOrders(objectsA)) {
      const other = orderB.get(list);
      if (other === undefined || other === order) continue;
      if (order.split(',').sort().join() !== other.split(',').sort().join()) continue;
      const line = `${c.title}: ${list}: v1beta1 ${order}, v1beta2 ${other}`;
      explained.set(FLAG_ORDER, [...(explained.get(FLAG_ORDER) ?? []), line]);
    }
  }
  return { cases: cases.length, fields, explained, unexplained, rejected };
}
