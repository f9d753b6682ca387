import { ClusterStack, ExampleCluster, KubernetesVersion } from '@cluster-stacks/core';
import { App } from 'cdk8s';

/** One Cluster the dry runs plan: an example of the stack, or a variable test (one variable set, the rest defaults). */
export interface DryRunCase {
  /** The Cluster name (a DNS label). */
  readonly name: string;
  /** What it checks, for reports: `example defaults`, `variable kubeletMaxPods`. */
  readonly title: string;
  /** The v1beta1 Cluster of the case for a ClusterClass name. */
  render(className: string, namespace: string): Record<string, unknown>;
}

/**
 * Every example of the stack, and one variable test per variable the examples set: a Cluster that sets only that
 * variable, to the value of the first example that sets it (so each patch is seen on its own, next to defaults).
 */
export function dryRunCases(stack: ClusterStack): DryRunCase[] {
  const version: KubernetesVersion = stack.kubernetesVersion;
  const examples = stack.examples.map((example): DryRunCase => ({
    name: example.props.name,
    title: `example ${example.props.name}`,
    render: (className, namespace) => example.render({ className, namespace, kubernetesVersion: version }),
  }));
  const values = new Map<string, unknown>();
  for (const example of stack.examples)
    for (const [name, value] of Object.entries((example.props.variables ?? {}) as Record<string, unknown>))
      if (!values.has(name)) values.set(name, value);
  const variables = [...values.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([variable, value], i): DryRunCase => ({
      name: `variable-${i + 1}`,
      title: `variable ${variable}`,
      render: (className, namespace) =>
        new ExampleCluster(new App(), 'VariableTest', {
          name: `variable-${i + 1}`,
          description: `only ${variable} set`,
          variables: { [variable]: value },
        }).render({ className, namespace, kubernetesVersion: version }),
    }));
  return [...examples, ...variables];
}
