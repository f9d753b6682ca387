import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { describeValue, invalidProp } from '../errors';

/** A CAPI lifecycle hook at which CSO runs addon stages. */
export class AddonHook {
  /** After the first control-plane node is up: the stages that create a cluster's addons. */
  public static readonly AFTER_CONTROL_PLANE_INITIALIZED = new AddonHook('AfterControlPlaneInitialized');
  /** Before an upgrade (new Kubernetes version, or a new addon version of the same Kubernetes version). */
  public static readonly BEFORE_CLUSTER_UPGRADE = new AddonHook('BeforeClusterUpgrade');

  /** Both hooks: created with the cluster and kept on upgrade, which is what almost every addon needs. */
  public static readonly ALWAYS: readonly AddonHook[] = [
    AddonHook.AFTER_CONTROL_PLANE_INITIALIZED,
    AddonHook.BEFORE_CLUSTER_UPGRADE,
  ];

  private constructor(public readonly name: 'AfterControlPlaneInitialized' | 'BeforeClusterUpgrade') {}
}

/** An object in the workload cluster that a stage condition reads, exposed to CEL under `key`. */
export interface ConditionObject {
  /** CEL variable name (an identifier). */
  readonly key: string;
  /** apiVersion of the object (`v1`, `apps/v1`). */
  readonly apiVersion: string;
  /** Kind of the object. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /** Namespace of the object. @default kube-system */
  readonly namespace?: string;
}

/** A condition CSO waits for before or after a stage. */
export interface StageCondition {
  /** Objects read from the workload cluster. */
  readonly objects: readonly ConditionObject[];
  /** A CEL expression over the objects that must be true. */
  readonly conditions: string;
}

/** A chart from a Helm repository that the addon chart depends on (CSO runs `--dependency-update`). */
export interface UpstreamChart {
  /** Chart name in the repository. */
  readonly name: string;
  /** Exact chart version. */
  readonly version: string;
  /** Repository URL. */
  readonly repository: string;
  /**
   * sha256 of the chart archive as the repository's index lists it (`sha256:<hex>`). With it, a release
   * built with `--vendor-charts` ships the verified chart, so clusters never fetch it.
   * @default - not vendored: CSO fetches the chart when it applies the stage
   */
  readonly digest?: string;
  /** Values for the chart (written under its name in values.yaml). @default - none */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** The Chart.yaml annotation that carries an upstream chart's digest into the addon chart. */
export const CHART_DIGEST_ANNOTATION = 'cluster-stacks-ts.dev/dependency-digest';

/** Props of {@link ClusterAddon}. */
export interface ClusterAddonProps {
  /** Stage name: the chart directory in the addon archive and the name in clusteraddon.yaml. */
  readonly name: string;
  /** What the addon provides. */
  readonly description: string;
  /** The addon's own version, shown in Chart.yaml and the release notes (e.g. the upstream app version). */
  readonly version: string;
  /**
   * Default Helm values of the addon chart, read by templates through `helmValue('<path>')` and
   * overridden per cluster by `overwrite`. @default - none
   */
  readonly values?: Readonly<Record<string, unknown>>;
  /** An upstream chart this addon wraps. @default - only the manifests authored in `manifests` */
  readonly upstreamChart?: UpstreamChart;
  /**
   * Per-cluster values: a Go template CSO renders against `.Cluster`, `.ControlPlane` and `.InfraCluster`,
   * whose `values` key holds the Helm values. @default - none
   */
  readonly overwrite?: string;
  /**
   * What the addon provides to the rest of the stack (e.g. `kubelet-serving-certificate-approval`), so other
   * constructs can check that something they rely on is there. @default - none
   */
  readonly capabilities?: readonly string[];
  /** Hooks whose stages apply this addon. @default AddonHook.ALWAYS */
  readonly appliedAt?: readonly AddonHook[];
  /** Condition to wait for before applying. @default - none */
  readonly waitForPreCondition?: StageCondition;
  /** Condition to wait for after applying. @default - none */
  readonly waitForPostCondition?: StageCondition;
}

const STAGE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CEL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HELM_VALUE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * One addon of a cluster stack: a chart directory in the addon archive and its stages in
 * clusteraddon.yaml. Add Kubernetes objects to `manifests` (cdk8s-plus or k8s bindings).
 */
export class ClusterAddon extends Construct {
  /** The chart whose objects become this addon's templates. */
  public readonly manifests: Chart;
  private readonly conditions = new Map<ApiObject, string>();

  public constructor(
    scope: Construct,
    id: string,
    public readonly props: ClusterAddonProps,
  ) {
    super(scope, id);
    const where = this.node.path;
    if (!STAGE_NAME.test(props.name)) {
      throw invalidProp(
        where,
        'name',
        props.name,
        'a lowercase DNS label such as "metrics-server"',
        'It names a directory in the addon archive.',
      );
    }
    if (
      props.upstreamChart?.digest !== undefined &&
      !/^sha256:[0-9a-f]{64}$/.test(props.upstreamChart.digest)
    ) {
      throw invalidProp(
        where,
        'upstreamChart.digest',
        props.upstreamChart.digest,
        '"sha256:" and 64 hex digits',
      );
    }
    if (props.appliedAt !== undefined && props.appliedAt.length === 0) {
      throw invalidProp(where, 'appliedAt', [], 'at least one hook');
    }
    // JavaScript callers can pass anything: a hook that is not an AddonHook would put the addon in no stage.
    const notHooks = (
      Array.isArray(props.appliedAt)
        ? props.appliedAt
        : props.appliedAt === undefined
          ? []
          : [props.appliedAt]
    ).filter((h) => !(h instanceof AddonHook));
    if (notHooks.length > 0 || (props.appliedAt !== undefined && !Array.isArray(props.appliedAt))) {
      throw invalidProp(
        where,
        'appliedAt',
        props.appliedAt,
        'a list of AddonHook values (AddonHook.AFTER_CONTROL_PLANE_INITIALIZED, AddonHook.BEFORE_CLUSTER_UPGRADE or AddonHook.ALWAYS)',
        'Strings are not hooks: use the AddonHook constants.',
      );
    }
    if (
      props.appliedAt?.includes(AddonHook.AFTER_CONTROL_PLANE_INITIALIZED) &&
      !props.appliedAt.includes(AddonHook.BEFORE_CLUSTER_UPGRADE)
    ) {
      throw invalidProp(
        where,
        'appliedAt',
        props.appliedAt.map((h) => h.name),
        'BeforeClusterUpgrade as well',
        'CSO deletes on upgrade every object applied at creation that the upgrade stages do not apply again.',
      );
    }
    for (const [prop, condition] of [
      ['waitForPreCondition', props.waitForPreCondition],
      ['waitForPostCondition', props.waitForPostCondition],
    ] as const) {
      if (!condition) continue;
      if (condition.conditions.trim() === '')
        throw invalidProp(where, `${prop}.conditions`, condition.conditions, 'a non-empty CEL expression');
      for (const object of condition.objects) {
        if (!CEL_IDENTIFIER.test(object.key))
          throw invalidProp(
            where,
            `${prop}.objects[].key`,
            object.key,
            'a CEL identifier such as "metricsServer"',
          );
      }
    }
    this.manifests = new Chart(this, 'Manifests', { disableResourceNameHashes: true });
    this.node.addValidation({ validate: () => this.validateNamespaces() });
  }

  /** The hooks this addon is applied at. */
  public get hooks(): readonly AddonHook[] {
    return this.props.appliedAt ?? AddonHook.ALWAYS;
  }

  /**
   * Renders `object` only when the Helm value at `valuePath` is true, so a Cluster can switch it off through
   * `overwrite`: its template is wrapped in `{{- if .Values.<valuePath> }}`. The addon's default values must
   * hold a boolean there, so the chart renders the same way without an overwrite.
   */
  public renderOnlyIf(object: ApiObject, valuePath: string): void {
    const where = this.node.path;
    if (!this.manifests.node.findAll().includes(object))
      throw invalidProp(where, 'renderOnlyIf.object', object.node.path, `an object of ${where}'s manifests`);
    if (!HELM_VALUE_PATH.test(valuePath))
      throw invalidProp(
        where,
        'renderOnlyIf.valuePath',
        valuePath,
        'a dotted Helm value path such as "policy.enabled"',
      );
    const fallback = valuePath
      .split('.')
      .reduce<unknown>(
        (value, key) => (value as Record<string, unknown> | undefined)?.[key],
        this.props.values,
      );
    if (typeof fallback !== 'boolean')
      throw invalidProp(
        where,
        'renderOnlyIf.valuePath',
        valuePath,
        "the path of a boolean in the addon's values",
        'Without an overwrite the chart renders with its own values, which must decide.',
      );
    this.conditions.set(object, valuePath);
  }

  /** The Helm value path that decides whether `object` is rendered (see {@link renderOnlyIf}). */
  public renderConditionOf(object: ApiObject): string | undefined {
    return this.conditions.get(object);
  }

  /** The addon's Kubernetes objects, in the order they were added. */
  public apiObjects(): ApiObject[] {
    return this.manifests.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  }

  /**
   * The addon's objects as JSON, in the order they were added. (Chart.toJson would validate the whole app,
   * which this is itself called from.)
   */
  public renderManifests(): Record<string, unknown>[] {
    return this.apiObjects().map((o) => o.toJson() as Record<string, unknown>);
  }

  private validateNamespaces(): string[] {
    return this.renderManifests()
      .filter((o) => {
        const ns = (o.metadata as { namespace?: string } | undefined)?.namespace;
        return ns !== undefined && ns !== 'kube-system';
      })
      .map((o) => {
        const meta = o.metadata as { name: string; namespace: string };
        return `${o.kind} ${describeValue(meta.name)} is in namespace ${describeValue(meta.namespace)}: CSO applies addon objects in kube-system; leave the namespace unset or use kube-system.`;
      });
  }
}
