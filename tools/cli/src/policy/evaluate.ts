import { ClusterStack, Hardening } from '@cluster-stacks/core';
import { PlannedObject } from '../validate/topology-plan';
import { CONTROLS, Control, KubeadmSpecJson, PolicyInput } from './controls';

/** The outcome of one control for one stack. */
export interface ControlResult {
  readonly id: string;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'exempt';
  readonly detail: string;
}

/**
 * The policy input from the objects a topology dry run generated, with the kubelet flags the infrastructure
 * provider's bootstrap adds outside them (`ClusterStack.bootstrapKubeletFlags`).
 */
export function policyInput(
  created: readonly PlannedObject[],
  bootstrapKubeletFlags: Readonly<Record<string, string>> = {},
): PolicyInput {
  const kcp = created.find((o) => o.kind === 'KubeadmControlPlane') as
    { spec?: { kubeadmConfigSpec?: KubeadmSpecJson } } | undefined;
  if (!kcp?.spec?.kubeadmConfigSpec) throw new Error('the dry run generated no KubeadmControlPlane');
  const workers = created
    .filter((o) => o.kind === 'KubeadmConfigTemplate')
    .map((o) => (o as unknown as { spec: { template: { spec: KubeadmSpecJson } } }).spec.template.spec);
  return { controlPlane: kcp.spec.kubeadmConfigSpec, workers, bootstrapKubeletFlags };
}

/** Exemptions the stack's hardening declares (control id → reason). */
export function stackExemptions(stack: ClusterStack): Readonly<Record<string, string>> {
  const hardening = stack.node.findAll().find((c): c is Hardening => c instanceof Hardening);
  return hardening?.exemptions ?? {};
}

/** Evaluates every control. An exempt control is reported with its reason and does not fail. */
export function evaluate(
  input: PolicyInput,
  exemptions: Readonly<Record<string, string>> = {},
  controls: readonly Control[] = CONTROLS,
): ControlResult[] {
  return controls.map((control) => {
    const problem = control.check(input);
    if (problem === undefined) return { id: control.id, title: control.title, status: 'pass', detail: '' };
    const reason = exemptions[control.id];
    return reason
      ? { id: control.id, title: control.title, status: 'exempt', detail: reason }
      : { id: control.id, title: control.title, status: 'fail', detail: problem };
  });
}

/** A readable report with counts; failing controls first with their reason. */
export function formatReport(stack: string, results: readonly ControlResult[]): string {
  const count = (s: ControlResult['status']) => results.filter((r) => r.status === s).length;
  const lines = [
    `${stack}: ${count('pass')} passed, ${count('fail')} failed, ${count('exempt')} exempt of ${results.length} controls`,
  ];
  for (const r of results.filter((x) => x.status !== 'pass'))
    lines.push(`  ${r.status.toUpperCase()} ${r.id} ${r.title}: ${r.detail}`);
  return lines.join('\n');
}
