import { App } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ClusterAddon } from './addons/cluster-addon';
import { CapiVersion } from './capi-version';
import { ClusterClass } from './cluster-class/cluster-class';
import { ExampleCluster } from './examples/example-cluster';
import { invalidProp, StackDefinitionError } from './errors';
import { KubernetesVersion } from './kubernetes-version';
import { ManagementRequirement } from './management';
import { NodeImages } from './node-images/node-images';
import { ReleaseNames, validateStackNamePart } from './release-names';

/** Props of {@link ClusterStack}. */
export interface ClusterStackProps {
  /** Infrastructure provider, e.g. `docker` or `openstack` (lowercase letters and digits). */
  readonly provider: string;
  /** Stack name, e.g. `scs` (lowercase letters and digits). */
  readonly name: string;
  /** The Kubernetes release this stack version runs. */
  readonly kubernetesVersion: KubernetesVersion;
  /** The Cluster API version the release ships its ClusterClass in. @default CapiVersion.V1BETA1 */
  readonly capiVersion?: CapiVersion;
  /** One sentence on what the stack provides. @default - none */
  readonly description?: string;
  /**
   * Breaking changes this version makes on purpose, by key (e.g. `default:podSecurityStandard`,
   * `removed:oldVariable`), as the release check reports them. @default - none
   */
  readonly acknowledgedBreakingChanges?: readonly string[];
  /**
   * Kubelet flags that the infrastructure provider's bootstrap writes into every node's kubeadm configuration,
   * outside the ClusterClass (CAPD does). The hardening policy applies them as the kubelet would. @default - none
   */
  readonly bootstrapKubeletFlags?: Readonly<Record<string, string>>;
  /** The management-cluster components the stack needs, with versions and reasons. @default - none */
  readonly management?: readonly ManagementRequirement[];
}

/**
 * A cluster stack for one Kubernetes minor: its ClusterClass, its addons and its node images, released
 * together under one version. Every name CSO depends on is derived from the props (see `names`).
 */
export class ClusterStack extends Construct {
  /** The stack that a construct belongs to. */
  public static of(construct: IConstruct): ClusterStack {
    const stack = construct.node.scopes.find((s): s is ClusterStack => s instanceof ClusterStack);
    if (!stack) throw new StackDefinitionError(`${construct.node.path}: is not inside a ClusterStack.`);
    return stack;
  }

  public readonly provider: string;
  public readonly stackName: string;
  public readonly kubernetesVersion: KubernetesVersion;
  public readonly capiVersion: CapiVersion;
  public readonly description?: string;
  public readonly acknowledgedBreakingChanges: readonly string[];
  /** Kubelet flags the infrastructure provider's bootstrap adds on every node (see the prop). */
  public readonly bootstrapKubeletFlags: Readonly<Record<string, string>>;
  /** The management-cluster components the stack needs (see the prop). */
  public readonly management: readonly ManagementRequirement[];
  public readonly names: ReleaseNames;
  /** The node-image layer. */
  public readonly nodeImages: NodeImages;
  private readonly _behaviour = new Map<string, string>();

  public constructor(props: ClusterStackProps) {
    validateStackNamePart('ClusterStack', 'provider', props.provider);
    validateStackNamePart('ClusterStack', 'name', props.name);
    // cdk8s charts need an App at the root; the App is never synthesized to disk.
    super(
      new App({ outdir: 'unused' }),
      `${props.provider}-${props.name}-${props.kubernetesVersion.minorDashed}`,
    );
    this.provider = props.provider;
    this.stackName = props.name;
    this.kubernetesVersion = props.kubernetesVersion;
    this.capiVersion = props.capiVersion ?? CapiVersion.V1BETA1;
    this.description = props.description;
    this.acknowledgedBreakingChanges = props.acknowledgedBreakingChanges ?? [];
    this.bootstrapKubeletFlags = props.bootstrapKubeletFlags ?? {};
    this.management = props.management ?? [];
    this.names = new ReleaseNames(props.provider, props.name, props.kubernetesVersion);
    this.nodeImages = new NodeImages(this, 'NodeImages');
    this.node.addValidation({
      validate: () => this.examples.flatMap((e) => e.checkVariables(this.clusterClass.variableDefinitions)),
    });
  }

  /** The stack's ClusterClass (exactly one). */
  public get clusterClass(): ClusterClass {
    const classes = this.node.findAll().filter((c): c is ClusterClass => c instanceof ClusterClass);
    if (classes.length !== 1) {
      throw new StackDefinitionError(
        `${this.node.path}: a cluster stack needs exactly one ClusterClass, found ${classes.length}.`,
      );
    }
    return classes[0];
  }

  /** The example Clusters, in the order they were added. */
  public get examples(): ExampleCluster[] {
    return this.node.findAll().filter((c): c is ExampleCluster => c instanceof ExampleCluster);
  }

  /**
   * Records behaviour that Clusters notice but no variable shows (e.g. what the kubelet evicts on, what
   * anonymous requests may read). The version lock keeps it per release, so a changed description is a
   * breaking change that the stack must acknowledge as `behaviour:<key>`.
   */
  public recordBehaviour(key: string, description: string): void {
    if (!/^[a-z][A-Za-z0-9]*$/.test(key)) {
      throw invalidProp(`${this.node.id}: recordBehaviour`, 'key', key, 'a lowerCamelCase word');
    }
    if (this._behaviour.has(key)) {
      throw new StackDefinitionError(
        `${this.node.id}: behaviour ${JSON.stringify(key)} is recorded twice; record each behaviour once.`,
      );
    }
    this._behaviour.set(key, description);
  }

  /** The recorded behaviour, by key in alphabetical order. */
  public get behaviour(): Readonly<Record<string, string>> {
    return Object.fromEntries([...this._behaviour.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  /** The addons, in the order they were added (the order of their stages). */
  public get addons(): ClusterAddon[] {
    return this.node.findAll().filter((c): c is ClusterAddon => c instanceof ClusterAddon);
  }
}
