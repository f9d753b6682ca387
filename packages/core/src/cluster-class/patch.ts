import { CapiVersion } from '../capi-version';
import { StackDefinitionError } from '../errors';
import { Expr, Ref, TemplateText } from './expressions';
import { valueAtPointer } from './schema-paths';
import { TemplateResource } from './template-resource';

/** One JSON patch operation as the ClusterClass holds it. */
export interface JsonPatchJson {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: string;
  readonly value?: unknown;
  readonly valueFrom?: { readonly variable?: string; readonly template?: string };
}

/** A patch value: a literal, a variable (`vars<V>().ref(...)`, `builtin.*`) or a template text. */
export type PatchValue = Ref<unknown> | TemplateText | string | number | boolean | object | null;

function valueFields(value: PatchValue): Pick<JsonPatchJson, 'value' | 'valueFrom'> {
  if (value instanceof Ref) return { valueFrom: { variable: value.variablePath } };
  if (value instanceof TemplateText) return { valueFrom: { template: value.text } };
  if (value instanceof Expr) return { valueFrom: { template: value.toTemplate() } };
  return { value };
}

function referencesOf(value: PatchValue | undefined): Ref<unknown>[] {
  if (value instanceof Ref) return [value];
  if (value instanceof TemplateText) return [...value.refs];
  if (value instanceof Expr) return value.references();
  return [];
}

/** Escapes a key for use as one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The kubeadm component whose flags a patch sets. */
export type KubeadmComponentName = 'apiServer' | 'controllerManager' | 'scheduler' | 'etcd';

const COMPONENT_ARGS: Record<KubeadmComponentName, string> = {
  apiServer: 'apiServer/extraArgs',
  controllerManager: 'controllerManager/extraArgs',
  scheduler: 'scheduler/extraArgs',
  etcd: 'etcd/local/extraArgs',
};

/** A flag value: a literal, a variable, or a template text rendering to a string. */
export type FlagValue = Ref<unknown> | TemplateText | string;

/**
 * A patch operation. Most are plain JSON patches; some know how a field changed between CAPI versions
 * (v1beta2 turned flag maps into `{name, value}` lists) and render the right shape for each.
 */
export abstract class PatchOperation {
  /** `add` of a value at a path (`/spec/...`). */
  public static add(path: string, value: PatchValue): PatchOperation {
    return new PlainOperation('add', path, value);
  }

  /** `replace` of the value at a path. */
  public static replace(path: string, value: PatchValue): PatchOperation {
    return new PlainOperation('replace', path, value);
  }

  /** `remove` of the value at a path. */
  public static remove(path: string): PatchOperation {
    return new PlainOperation('remove', path, undefined);
  }

  /**
   * Sets a flag of a control-plane component in a KubeadmControlPlaneTemplate. The template must already
   * declare `extraArgs` for that component (CAPI's JSON patches cannot create a parent) with a flag that no
   * patch sets (v1beta2 appends the flags patches set to the template's own), and only one patch may set a
   * flag (a v1beta2 list must not name it twice).
   */
  public static controlPlaneFlag(
    component: KubeadmComponentName,
    flag: string,
    value: FlagValue,
  ): PatchOperation {
    return new FlagOperation(
      `/spec/template/spec/kubeadmConfigSpec/clusterConfiguration/${COMPONENT_ARGS[component]}`,
      flag,
      value,
    );
  }

  /**
   * Sets a kubelet flag in the node registration of a kubeadm template: `controlPlane` for a
   * KubeadmControlPlaneTemplate, `worker` for a KubeadmConfigTemplate. The registration must already declare
   * `kubeletExtraArgs`, as for {@link PatchOperation.controlPlaneFlag}.
   */
  public static kubeletFlag(
    template: 'controlPlane' | 'worker',
    registration: 'initConfiguration' | 'joinConfiguration',
    flag: string,
    value: FlagValue,
  ): PatchOperation {
    const spec =
      template === 'controlPlane' ? '/spec/template/spec/kubeadmConfigSpec' : '/spec/template/spec';
    return new FlagOperation(`${spec}/${registration}/nodeRegistration/kubeletExtraArgs`, flag, value);
  }

  /**
   * `add` of a field the provider defines, wherever the targeted template keeps such fields for the CAPI
   * version ({@link TemplateResource.settingsPath}): `/spec/template/spec/<field>` for most templates,
   * `/spec/template/spec/backend/docker/<field>` for CAPD's v1beta2 Dev* templates. `field` may be a path
   * below it, e.g. `loadBalancer/imageTag`.
   */
  public static addSetting(field: string, value: PatchValue): PatchOperation {
    if (field === '' || field.startsWith('/') || field.endsWith('/')) {
      throw new StackDefinitionError(
        `PatchOperation.addSetting: field ${JSON.stringify(field)} must be a path below the template's settings without a leading or trailing "/", e.g. "customImage".`,
      );
    }
    return new SettingOperation(field, value);
  }

  /**
   * Adds an entry to the `files` of a kubeadm template: the path is the control plane's
   * `kubeadmConfigSpec/files` or the worker bootstrap's `files`, whichever template the patch targets.
   */
  public static addKubeadmFile(file: PatchValue): PatchOperation {
    return new KubeadmSpecOperation('addKubeadmFile', 'files/-', file);
  }

  /**
   * Appends a command to the `preKubeadmCommands` of a kubeadm template (control plane or worker bootstrap,
   * whichever the patch targets). The template must already have the list.
   */
  public static addPreKubeadmCommand(command: PatchValue): PatchOperation {
    return new KubeadmSpecOperation('addPreKubeadmCommand', 'preKubeadmCommands/-', command);
  }

  /**
   * Adds a field of the KubeadmConfigSpec, e.g. `ntp`, in whichever kubeadm template the patch targets (the
   * control plane's `kubeadmConfigSpec` or the worker bootstrap's `spec`).
   */
  public static addKubeadmField(field: string, value: PatchValue): PatchOperation {
    return new KubeadmSpecOperation('addKubeadmField', field, value);
  }

  /**
   * The JSON patches for the given CAPI version. `base` is the rendered template the patch applies to; an
   * operation may need it to find where a list entry already is, and `template` to find where its field is.
   */
  public abstract render(capi: CapiVersion, base?: unknown, template?: TemplateResource): JsonPatchJson[];

  /** The variables this operation reads. */
  public abstract references(): Ref<unknown>[];
}

class PlainOperation extends PatchOperation {
  public constructor(
    private readonly op: JsonPatchJson['op'],
    private readonly path: string,
    private readonly value: PatchValue | undefined,
  ) {
    super();
  }

  public render(): JsonPatchJson[] {
    return [
      {
        op: this.op,
        path: this.path,
        ...(this.op === 'remove' ? {} : valueFields(this.value as PatchValue)),
      },
    ];
  }

  public references(): Ref<unknown>[] {
    return referencesOf(this.value);
  }
}

/**
 * Sets one flag in a flag list (`extraArgs`, `kubeletExtraArgs`). v1beta1 flag lists are maps, so the flag is
 * added as a key. v1beta2 lists are `{name, value}` entries, and CAPI's ClusterClass webhook refuses a patch
 * that addresses a list element by index (core/webhooks/admission/patch_validation.go, validateIndexAccess:
 * `replace` and `remove` at any index, `add` at any index but 0), so the flag is appended. A template's own
 * value of a flag that a patch sets is therefore left out of its v1beta2 rendering (see flag-lists.ts).
 */
export class FlagOperation extends PatchOperation {
  public constructor(
    /** The JSON pointer of the flag list in the template. */
    public readonly argsPath: string,
    /** The flag name, without dashes. */
    public readonly flag: string,
    private readonly value: FlagValue,
  ) {
    super();
  }

  /** The same flag set to a literal value. */
  public withValue(value: string): FlagOperation {
    return new FlagOperation(this.argsPath, this.flag, value);
  }

  public render(capi: CapiVersion, base?: unknown): JsonPatchJson[] {
    // Flags are strings in both versions; a number or boolean variable is converted in the template, and a
    // template text is rendered as one JSON string.
    const asString =
      this.value instanceof Ref
        ? `{{ ${this.value.renderPipeline()} | toString | toJson }}`
        : this.value instanceof TemplateText
          ? JSON.stringify(this.value.text)
          : JSON.stringify(this.value);
    const templated = typeof this.value !== 'string';
    if (capi === CapiVersion.V1BETA1) {
      const path = `${this.argsPath}/${pointerSegment(this.flag)}`;
      return [
        { op: 'add', path, ...(templated ? { valueFrom: { template: asString } } : { value: this.value }) },
      ];
    }
    const existing = valueAtPointer(base, this.argsPath);
    if (Array.isArray(existing) && existing.some((arg: { name?: string }) => arg?.name === this.flag)) {
      throw new StackDefinitionError(
        `PatchOperation: flag ${JSON.stringify(this.flag)} is already in ${this.argsPath} of the v1beta2 template, and a v1beta2 patch can only append it: ` +
          'render the template through its ClusterClass, which leaves out the flags that patches set.',
      );
    }
    const value = templated
      ? { valueFrom: { template: `{"name": ${JSON.stringify(this.flag)}, "value": ${asString}}` } }
      : { value: { name: this.flag, value: this.value } };
    return [{ op: 'add', path: `${this.argsPath}/-`, ...value }];
  }

  public references(): Ref<unknown>[] {
    return referencesOf(this.value);
  }
}

/** Where the KubeadmConfigSpec of each kubeadm template kind is. */
const KUBEADM_SPEC: Readonly<Record<string, string>> = {
  KubeadmControlPlaneTemplate: '/spec/template/spec/kubeadmConfigSpec',
  KubeadmConfigTemplate: '/spec/template/spec',
};

/**
 * The path of a field of the KubeadmConfigSpec in the template a patch targets; `operation` names the
 * operation in the error when the template is no kubeadm template.
 */
export function kubeadmSpecPath(operation: string, field: string, template?: TemplateResource): string {
  const spec = template ? KUBEADM_SPEC[template.kind] : undefined;
  if (!spec) {
    throw new StackDefinitionError(
      `PatchOperation.${operation}: targets ${template?.kind ?? 'no template'}, which is not a kubeadm template ` +
        `(${Object.keys(KUBEADM_SPEC).join(' or ')}).`,
    );
  }
  return `${spec}/${field}`;
}

class KubeadmSpecOperation extends PatchOperation {
  public constructor(
    private readonly operation: string,
    private readonly field: string,
    private readonly value: PatchValue,
  ) {
    super();
  }

  public render(_capi: CapiVersion, _base?: unknown, template?: TemplateResource): JsonPatchJson[] {
    const path = kubeadmSpecPath(this.operation, this.field, template);
    return [{ op: 'add', path, ...valueFields(this.value) }];
  }

  public references(): Ref<unknown>[] {
    return referencesOf(this.value);
  }
}

class SettingOperation extends PatchOperation {
  public constructor(
    private readonly field: string,
    private readonly value: PatchValue,
  ) {
    super();
  }

  public render(capi: CapiVersion, _base?: unknown, template?: TemplateResource): JsonPatchJson[] {
    if (!template) {
      throw new StackDefinitionError(
        `PatchOperation.addSetting: field ${JSON.stringify(this.field)} needs the template the patch targets, which knows where its settings are.`,
      );
    }
    return [{ op: 'add', path: `${template.settingsPath(capi)}/${this.field}`, ...valueFields(this.value) }];
  }

  public references(): Ref<unknown>[] {
    return referencesOf(this.value);
  }
}

/** Which templates of a ClusterClass a patch definition selects. */
export class PatchTarget {
  /** The control-plane template, or the control plane's machine infrastructure template. */
  public static controlPlane(template: TemplateResource): PatchTarget {
    return new PatchTarget(template, { controlPlane: true }, 'controlPlane');
  }

  /** The infrastructure cluster template. */
  public static infrastructureCluster(template: TemplateResource): PatchTarget {
    return new PatchTarget(template, { infrastructureCluster: true }, 'infrastructureCluster');
  }

  /** A bootstrap or infrastructure template of the named machine deployment classes. */
  public static machineDeployments(template: TemplateResource, classes: readonly string[]): PatchTarget {
    return new PatchTarget(
      template,
      { machineDeploymentClass: { names: [...classes] } },
      'machineDeployments',
      classes,
    );
  }

  private constructor(
    public readonly template: TemplateResource,
    public readonly matchResources: Record<string, unknown>,
    public readonly position: 'controlPlane' | 'infrastructureCluster' | 'machineDeployments',
    public readonly classes: readonly string[] = [],
  ) {}

  /** The selector, with apiVersion and kind taken from the template so they cannot drift. */
  public selector(capi: CapiVersion): Record<string, unknown> {
    return {
      apiVersion: this.template.apiVersion(capi),
      kind: this.template.kindFor(capi),
      matchResources: this.matchResources,
    };
  }
}

/** The definitions that apply the same operations to each of the targets, in order. */
export function patchesOn(
  targets: PatchTarget | readonly PatchTarget[],
  ...operations: PatchOperation[]
): PatchDefinition[] {
  return (Array.isArray(targets) ? targets : [targets as PatchTarget]).map((target) => ({
    target,
    operations,
  }));
}

/** Patches applied to the templates selected by one target. */
export interface PatchDefinition {
  /** The templates patched. */
  readonly target: PatchTarget;
  /** The operations, applied in order. */
  readonly operations: readonly PatchOperation[];
}

/** Props of a ClusterClass patch. */
export interface PatchProps {
  /** Patch name, unique in the ClusterClass. */
  readonly name: string;
  /** What the patch does. @default - none */
  readonly description?: string;
  /** Applies the patch only when this evaluates to true. @default - always applied */
  readonly enabledIf?: Expr<boolean | undefined>;
  /** What to patch. */
  readonly definitions: readonly PatchDefinition[];
}
