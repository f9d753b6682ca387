import { Construct } from 'constructs';
import { validateAgainstSchema, VariableDefinition } from '../cluster-class/schema';
import { describeValue, invalidProp } from '../errors';
import { KubernetesVersion } from '../kubernetes-version';

/** A MachineDeployment of an example Cluster. */
export interface ExampleMachineDeployment {
  /** Worker class of the ClusterClass. */
  readonly class: string;
  /** Name of the MachineDeployment in the topology. */
  readonly name: string;
  /** Number of machines. @default 1 */
  readonly replicas?: number;
}

/** Props of {@link ExampleCluster}. */
export interface ExampleClusterProps<V = Record<string, unknown>> {
  /** Cluster name (a DNS label). */
  readonly name: string;
  /** What the example demonstrates. */
  readonly description: string;
  /** Control-plane machines. @default 1 */
  readonly controlPlaneReplicas?: number;
  /** Worker MachineDeployments. @default - one `default-worker` deployment named `md-0` */
  readonly machineDeployments?: readonly ExampleMachineDeployment[];
  /** Values of ClusterClass variables; unset ones take their defaults. @default - none */
  readonly variables?: Partial<V>;
  /** Pod CIDRs. @default ["192.168.0.0/16"] */
  readonly podCidrBlocks?: readonly string[];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * An example Cluster of a stack's ClusterClass: documentation for users, input to the topology dry run
 * (`clusterctl alpha topology plan`) and to the end-to-end tests.
 */
export class ExampleCluster<V = Record<string, unknown>> extends Construct {
  public constructor(
    scope: Construct,
    id: string,
    public readonly props: ExampleClusterProps<V>,
  ) {
    super(scope, id);
    if (!DNS_LABEL.test(props.name))
      throw invalidProp(this.node.path, 'name', props.name, 'a lowercase DNS label');
    if (
      props.controlPlaneReplicas !== undefined &&
      (props.controlPlaneReplicas < 1 || props.controlPlaneReplicas % 2 === 0)
    ) {
      throw invalidProp(
        this.node.path,
        'controlPlaneReplicas',
        props.controlPlaneReplicas,
        'an odd number ≥ 1 (etcd quorum)',
      );
    }
  }

  /** Checks the example's variables against the ClusterClass's declared variables and their schemas. */
  public checkVariables(definitions: readonly VariableDefinition[]): string[] {
    const errors: string[] = [];
    for (const [name, value] of Object.entries((this.props.variables ?? {}) as Record<string, unknown>)) {
      const definition = definitions.find((d) => d.name === name);
      if (!definition) {
        errors.push(
          `example ${describeValue(this.props.name)} sets variable ${describeValue(name)}, which the ClusterClass does not declare.`,
        );
        continue;
      }
      for (const problem of validateAgainstSchema(definition.schema, value)) {
        errors.push(`example ${describeValue(this.props.name)} variable ${describeValue(name)}: ${problem}`);
      }
    }
    return errors;
  }

  /** The Cluster object (cluster.x-k8s.io/v1beta1) for a ClusterClass name and namespace. */
  public render(options: {
    className: string;
    namespace: string;
    kubernetesVersion: KubernetesVersion;
  }): Record<string, unknown> {
    const p = this.props;
    const variables = Object.entries((p.variables ?? {}) as Record<string, unknown>)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => ({ name, value }));
    // Keys in the order the API server writes them back (alphabetical below metadata); the topology dry run and
    // kubeconform check the object against the Cluster schema.
    return {
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Cluster',
      metadata: { name: p.name, namespace: options.namespace },
      spec: {
        clusterNetwork: {
          pods: { cidrBlocks: [...(p.podCidrBlocks ?? ['192.168.0.0/16'])] },
          serviceDomain: 'cluster.local',
          services: { cidrBlocks: ['10.128.0.0/12'] },
        },
        topology: {
          class: options.className,
          controlPlane: { replicas: p.controlPlaneReplicas ?? 1 },
          ...(variables.length > 0 ? { variables } : {}),
          version: options.kubernetesVersion.semver,
          workers: {
            machineDeployments: (p.machineDeployments ?? [{ class: 'default-worker', name: 'md-0' }]).map(
              (md) => ({ class: md.class, name: md.name, replicas: md.replicas ?? 1 }),
            ),
          },
        },
      },
    };
  }
}
