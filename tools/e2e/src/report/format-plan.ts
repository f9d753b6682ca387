import { stringify } from 'yaml';
import { Plan } from '../plan/plan';

/** The plan as `--dry-run` prints it: the releases, every step with its limit, and the objects applied. */
export function formatPlan(plan: Plan): string {
  const lines = [
    `${plan.scenario} test of ${plan.to.tag}${plan.scenario === 'upgrade' ? ` (Cluster created on ${plan.from.tag})` : ''}`,
    `Cluster ${plan.namespace}/${plan.cluster}`,
    plan.cso === 'operator' ? 'CSO: the operator' : 'CSO: emulated by the driver (no operator image)',
    '',
  ];
  for (const [index, step] of plan.steps.entries()) {
    const limit = step.timeoutSeconds === 0 ? 'once' : `up to ${step.timeoutSeconds}s`;
    lines.push(`${String(index + 1).padStart(2)}. ${step.title} [${limit}]`);
  }
  for (const step of plan.steps) {
    if (step.kind === 'apply')
      lines.push('', `# ${step.title}`, '---', stringify(step.object, { lineWidth: 0 }).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
