import { CapiVersion, ClusterStack, stableYaml } from '@cluster-stacks/core';
import { capiTopologyPlan } from './capi-topology-plan';
import { renderClassFor } from './class-rendering';
import { dryRunCases } from './dry-run-cases';
import { fieldDifferences, planFields } from './plan-fields';
import { topologyPlan } from './topology-plan';

/** Why clusterctl v1.10 and CAPI v1.14 write a field differently for the same v1beta1 ClusterClass. */
export const AGREEMENT_EXPLANATIONS: readonly {
  readonly name: string;
  readonly test: RegExp;
  readonly why: string;
}[] = [
  {
    name: 'owner reference version',
    test: /\.metadata\.ownerReferences\[\d+\]\.apiVersion: clusterctl "cluster\.x-k8s\.io\/v1beta1", topology-plan "cluster\.x-k8s\.io\/v1beta2"$/,
    why: 'CAPI v1.14 points owner references at the Cluster in its storage version v1beta2 (v1.10: v1beta1); owner references are not converted when an object is read in another version',
  },
  {
    name: 'reference version',
    test: /\.(controlPlaneRef|configRef)\.apiVersion: clusterctl "(controlplane|bootstrap)\.cluster\.x-k8s\.io\/v1beta1", topology-plan "\2\.cluster\.x-k8s\.io\/v1beta2"$/,
    why: 'v1beta2 stores references as apiGroup and kind only; read in v1beta1 they get the newest apiVersion of the v1beta2 contract from the CRD, which for KubeadmControlPlane and KubeadmConfigTemplate is v1beta2 in CAPI v1.14',
  },
  {
    name: 'maxUnhealthy',
    test: /^.*MachineHealthCheck\/[^ ]+ \.spec\.maxUnhealthy: clusterctl "100%", topology-plan \(absent\)$/,
    why: "v1.10's v1beta1 defaulting set maxUnhealthy: 100%; v1beta2 dropped the field (remediation.triggerIf, unset means no limit, the same as 100%), so nothing converts back",
  },
];

/** Where clusterctl v1.10 and CAPI v1.14's engine (read back in v1beta1) disagree for a v1beta1 ClusterClass. */
export interface AgreementReport {
  readonly cases: number;
  readonly fields: number;
  /** Differing fields per explanation name, each as `<case>: <path>: clusterctl <value>, topology-plan <value>`. */
  readonly explained: Map<string, string[]>;
  /** Differing fields without an explanation. */
  readonly unexplained: string[];
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
  const explained = new Map<string, string[]>();
  const unexplained: string[] = [];
  for (const line of differences) {
    const reason = AGREEMENT_EXPLANATIONS.find((e) => e.test.test(line));
    if (reason) explained.set(reason.name, [...(explained.get(reason.name) ?? []), line]);
    else unexplained.push(line);
  }
  return { cases: cases.length, fields, explained, unexplained };
}
