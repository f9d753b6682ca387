import { ClusterStack, VariableSchema } from '@cluster-stacks/core';

/** What users of a release depend on, kept per release in the lock file for notes and compatibility. */
export interface StackSummary {
  readonly kubernetes: string;
  /** Variable name → its contract (schema without prose) and whether it is required. */
  readonly variables: Readonly<
    Record<string, { readonly required: boolean; readonly schema: VariableSchema }>
  >;
  /** Addon stage → version (and upstream chart when it wraps one). */
  readonly addons: Readonly<Record<string, string>>;
  /** Kubernetes release → node image. */
  readonly nodeImages: Readonly<Record<string, string>>;
  /**
   * Behaviour Clusters notice that no variable shows (`ClusterStack.recordBehaviour`), by key. Absent in
   * entries recorded before stacks recorded behaviour.
   */
  readonly behaviour?: Readonly<Record<string, string>>;
}

/** Drops descriptions and examples: prose changes are not contract changes. */
function contract(schema: VariableSchema): VariableSchema {
  const { description: _d, example: _e, properties, items, additionalProperties, ...rest } = schema;
  return {
    ...rest,
    ...(properties
      ? { properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, contract(v)])) }
      : {}),
    ...(items ? { items: contract(items) } : {}),
    ...(typeof additionalProperties === 'object'
      ? { additionalProperties: contract(additionalProperties) }
      : additionalProperties !== undefined
        ? { additionalProperties }
        : {}),
  };
}

/** Summarizes a stack from its constructs. */
export function summarizeStack(stack: ClusterStack): StackSummary {
  return {
    kubernetes: stack.kubernetesVersion.semver,
    variables: Object.fromEntries(
      stack.clusterClass.variableDefinitions.map((v) => [
        v.name,
        { required: v.required, schema: contract(v.schema) },
      ]),
    ),
    addons: Object.fromEntries(
      stack.addons.map((a) => [
        a.props.name,
        a.props.upstreamChart
          ? `${a.props.version} (chart ${a.props.upstreamChart.name} ${a.props.upstreamChart.version})`
          : a.props.version,
      ]),
    ),
    nodeImages: Object.fromEntries(stack.nodeImages.all.map((i) => [i.kubernetesVersion.semver, i.image])),
    behaviour: stack.behaviour,
  };
}
