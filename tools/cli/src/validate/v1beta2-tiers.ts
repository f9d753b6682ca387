import { CapiVersion, ClusterStack } from '@cluster-stacks/core';
import { renderClassFor } from './class-rendering';
import { asV1beta2Cluster } from './cluster-v1beta2';
import { dualDryRun, DualDryRunReport } from './dual-dry-run';
import { upgradePlanV1beta2 } from './upgrade-plan-v1beta2';

// The validation tiers run with tools/topology-plan (CAPI v1.14's topology engine). Each returns its detail
// line, or throws with what failed; a ClusterClass that CAPI's ClusterClass webhook refuses fails them.

/** Every example and variable test through both renderings; fails on any field that differs without a reason. */
export function dualDryRunTier(stack: ClusterStack, namespace: string): string {
  const report: DualDryRunReport = dualDryRun(stack, namespace);
  if (report.unexplained.length > 0)
    throw new Error(
      `${report.unexplained.length} generated fields differ between the v1beta1 and the v1beta2 rendering:\n${report.unexplained.join('\n')}`,
    );
  const explained = [...report.explained.entries()].map(
    ([why, lines]) => `${lines.length} differences explained: ${why}`,
  );
  return [
    `${report.cases} cases (examples and variable tests) × 2 renderings admitted and planned by CAPI v1.14; ${report.fields} generated fields per rendering identical (flag lists compared by name, status not planned)`,
    ...explained,
    ...(report.rejected.length > 0 ? [`rejected identically in both: ${report.rejected.join('; ')}`] : []),
  ].join('\n');
}

/** Moves the previous minor's `defaults` example, v1beta2 on both sides, to this stack's class and version. */
export function upgradeDryRunV1beta2Tier(from: ClusterStack, to: ClusterStack, namespace: string): string {
  const oldClass = renderClassFor(from, CapiVersion.V1BETA2, namespace);
  const newClass = renderClassFor(to, CapiVersion.V1BETA2, namespace);
  const example = from.examples.find((e) => e.props.name === 'defaults') ?? from.examples[0];
  const cluster = asV1beta2Cluster(
    example.render({ className: oldClass.className, namespace, kubernetesVersion: from.kubernetesVersion }),
  );
  const target = { className: newClass.className, version: to.kubernetesVersion.semver };
  const result = upgradePlanV1beta2(oldClass.manifests, newClass.manifests, cluster, target);
  if (!result.ok) throw new Error(result.error);
  const kcp = result.after.modified.find((o) => o.kind === 'KubeadmControlPlane') as
    { spec: { version: string }; metadata: { annotations?: Record<string, string> } } | undefined;
  if (!kcp) throw new Error('the upgrade does not change the control plane');
  if (kcp.spec.version !== target.version)
    throw new Error(`the control plane stays at ${kcp.spec.version}, expected ${target.version}`);
  const clonedFrom = kcp.metadata.annotations?.['cluster.x-k8s.io/cloned-from-name'] ?? '';
  if (!clonedFrom.startsWith(`${target.className}-`))
    throw new Error(`the control plane is still cloned from ${clonedFrom}`);
  if (result.after.modified.some((o) => o.kind === 'MachineDeployment'))
    throw new Error('the MachineDeployments upgrade before the control plane has rolled out');
  return `${from.kubernetesVersion.semver} → ${target.version} (v1beta2): control plane moves first, onto the new class's templates; ${result.after.created.length} objects created, ${result.after.modified.length} modified`;
}
