import { Construct } from 'constructs';
import { CapiVersion } from '../capi-version';
import { StackDefinitionError, describeValue } from '../errors';
import { HelmValue, versionedObjectName } from '../helm/placeholders';
import { v1beta2FlagLists, V1beta2FlagLists } from './flag-lists';
import { MachineHealthCheck } from './health-check';
import { PatchProps, PatchTarget } from './patch';
import { applyDefaults, validateAgainstSchema, VariableDefinition } from './schema';
import { checkAddParent, checkPatchPath, SchemaNode } from './schema-paths';
import { ManifestObject, TemplateResource } from './template-resource';

/** The control plane of a ClusterClass. */
export interface ControlPlaneClass {
  /** The control-plane template, e.g. a KubeadmControlPlaneTemplate. */
  readonly template: TemplateResource;
  /** The machine template of control-plane machines. @default - none (control planes without machines) */
  readonly machineInfrastructure?: TemplateResource;
  /** Health check of control-plane machines. @default - none */
  readonly healthCheck?: MachineHealthCheck;
}

/** A worker class that Clusters instantiate as MachineDeployments. */
export interface MachineDeploymentClass {
  /** Class name used in `Cluster.spec.topology.workers.machineDeployments[].class`. */
  readonly class: string;
  /** Bootstrap template, e.g. a KubeadmConfigTemplate. */
  readonly bootstrap: TemplateResource;
  /** Infrastructure machine template. */
  readonly infrastructure: TemplateResource;
  /** Health check of the machines. @default - none */
  readonly healthCheck?: MachineHealthCheck;
}

/** The patch targets of a ClusterClass, as objects (see {@link ClusterClass.targets}). */
export interface ClassTargets {
  /** The infrastructure cluster template. */
  readonly infrastructureCluster: PatchTarget;
  /** The control-plane template (e.g. the KubeadmControlPlaneTemplate). */
  readonly controlPlane: PatchTarget;
  /** The machine template of control-plane machines, when the control plane has machines. */
  readonly controlPlaneMachines?: PatchTarget;
  /** Each worker template, bootstrap and machines, for the classes that use it, by worker class. */
  readonly workers: Readonly<
    Record<string, { readonly bootstrap: PatchTarget; readonly machines: PatchTarget }>
  >;
  /** The bootstrap templates of all worker classes (one target per template, with every class using it). */
  readonly workerBootstrap: readonly PatchTarget[];
  /** The machine templates of all worker classes (one target per template, with every class using it). */
  readonly workerMachines: readonly PatchTarget[];
  /** Every machine template: the control plane's, then the workers'. */
  readonly allMachines: readonly PatchTarget[];
  /** Every kubeadm configuration: the control-plane template, then the worker bootstrap templates. */
  readonly allKubeadm: readonly PatchTarget[];
}

/** One target per distinct template, with the worker classes that use it, in class order. */
function workerTargets(
  workers: readonly MachineDeploymentClass[],
  pick: (w: MachineDeploymentClass) => TemplateResource,
) {
  const classes = new Map<TemplateResource, string[]>();
  for (const w of workers) classes.set(pick(w), [...(classes.get(pick(w)) ?? []), w.class]);
  return [...classes].map(([template, names]) => PatchTarget.machineDeployments(template, names));
}

/** The patches and templates as one CAPI version renders them. */
type Rendering = V1beta2FlagLists;

/** Props of {@link ClusterClass}. */
export interface ClusterClassProps {
  /** The infrastructure cluster template. */
  readonly infrastructure: TemplateResource;
  /** The control plane. */
  readonly controlPlane: ControlPlaneClass;
  /** The worker classes. @default - none */
  readonly workers?: readonly MachineDeploymentClass[];
  /** The variables Clusters may set. @default - none */
  readonly variables?: readonly VariableDefinition[];
  /** Template schemas by `<apiVersion>/<kind>`, to check patch paths. */
  readonly templateSchemas: { readonly [apiVersionKind: string]: SchemaNode };
}

/**
 * A Cluster API ClusterClass: templates, variables and patches, rendered for CAPI v1beta1 or v1beta2.
 * Cross-checks (patch targets, variable references, defaults, patch paths) are reported with this
 * construct's path when the stack is synthesized.
 */
export class ClusterClass extends Construct {
  private readonly variables = new Map<string, VariableDefinition>();
  private readonly patches: PatchProps[] = [];

  public constructor(
    scope: Construct,
    id: string,
    private readonly props: ClusterClassProps,
  ) {
    super(scope, id);
    for (const variable of props.variables ?? []) this.addVariable(variable);
    const classes = (props.workers ?? []).map((w) => w.class);
    const duplicate = classes.find((c, i) => classes.indexOf(c) !== i);
    if (duplicate) {
      throw new StackDefinitionError(
        `${this.node.path}: workers[].class ${describeValue(duplicate)} is used twice: worker class names must be unique.`,
      );
    }
    this.node.addValidation({ validate: () => this.validateModel() });
  }

  /** Declares a variable. */
  public addVariable(variable: VariableDefinition): void {
    if (this.variables.has(variable.name)) {
      throw new StackDefinitionError(
        `${this.node.path}: variable ${describeValue(variable.name)} is declared twice.`,
      );
    }
    this.variables.set(variable.name, variable);
  }

  /** Adds a patch; patches apply in the order they are added. */
  public addPatch(patch: PatchProps): void {
    if (this.patches.some((p) => p.name === patch.name)) {
      throw new StackDefinitionError(
        `${this.node.path}: patch ${describeValue(patch.name)} is added twice: patch names must be unique.`,
      );
    }
    this.patches.push(patch);
  }

  /** Where patches go: the control plane, its machines, each worker class, all machines, all kubeadm configurations. */
  public get targets(): ClassTargets {
    const workers = this.props.workers ?? [];
    const machines = this.props.controlPlane.machineInfrastructure;
    const controlPlaneMachines = machines ? PatchTarget.controlPlane(machines) : undefined;
    const controlPlane = PatchTarget.controlPlane(this.props.controlPlane.template);
    const workerBootstrap = workerTargets(workers, (w) => w.bootstrap);
    const workerMachines = workerTargets(workers, (w) => w.infrastructure);
    return {
      infrastructureCluster: PatchTarget.infrastructureCluster(this.props.infrastructure),
      controlPlane,
      ...(controlPlaneMachines ? { controlPlaneMachines } : {}),
      workers: Object.fromEntries(
        workers.map((w) => [
          w.class,
          {
            bootstrap: PatchTarget.machineDeployments(w.bootstrap, [w.class]),
            machines: PatchTarget.machineDeployments(w.infrastructure, [w.class]),
          },
        ]),
      ),
      workerBootstrap,
      workerMachines,
      allMachines: [...(controlPlaneMachines ? [controlPlaneMachines] : []), ...workerMachines],
      allKubeadm: [controlPlane, ...workerBootstrap],
    };
  }

  /** The declared variables, in declaration order. */
  public get variableDefinitions(): VariableDefinition[] {
    return [...this.variables.values()];
  }

  /** Every template this class references, each once, in a stable order. */
  public get templates(): TemplateResource[] {
    const all = [
      this.props.infrastructure,
      this.props.controlPlane.template,
      this.props.controlPlane.machineInfrastructure,
      ...(this.props.workers ?? []).flatMap((w) => [w.bootstrap, w.infrastructure]),
    ].filter((t): t is TemplateResource => t !== undefined);
    return [...new Set(all)];
  }

  /** The ClusterClass and its templates for a CAPI version. Throws if a patch path does not fit its template. */
  public render(capi: CapiVersion): ManifestObject[] {
    const rendering = this.renderingFor(capi);
    const errors =
      rendering.problems.length > 0
        ? rendering.problems.map((p) => `${this.node.path}: ${p}`)
        : this.patchPathErrors(capi, rendering);
    if (errors.length > 0) {
      throw new StackDefinitionError(errors.join('\n'));
    }
    return [this.renderClusterClass(capi, rendering), ...this.templates.map((t) => rendering.render(t))];
  }

  /**
   * The patches and templates as rendered for a CAPI version: for v1beta2, flags that patches set are
   * appended, and left out of the templates (see flag-lists.ts).
   */
  private renderingFor(capi: CapiVersion): Rendering {
    if (capi === CapiVersion.V1BETA2) {
      return v1beta2FlagLists(this.patches, (t) =>
        (this.props.workers ?? [])
          .filter((w) => w.bootstrap === t || w.infrastructure === t)
          .map((w) => w.class),
      );
    }
    return { patches: this.patches, problems: [], render: (t) => t.render(capi) };
  }

  private renderClusterClass(capi: CapiVersion, rendering: Rendering): ManifestObject {
    const v1 = capi === CapiVersion.V1BETA1;
    const ref = (t: TemplateResource) =>
      v1 ? { ref: t.reference(capi) } : { templateRef: t.reference(capi) };
    const health = (h: MachineHealthCheck | undefined) =>
      h === undefined
        ? {}
        : v1
          ? { machineHealthCheck: h.renderV1beta1() }
          : { healthCheck: h.renderV1beta2() };
    const cp = this.props.controlPlane;
    return {
      apiVersion: capi.coreApiVersion,
      kind: 'ClusterClass',
      metadata: { name: versionedObjectName(), namespace: HelmValue.releaseNamespace },
      spec: {
        infrastructure: ref(this.props.infrastructure),
        controlPlane: {
          ...ref(cp.template),
          ...(cp.machineInfrastructure ? { machineInfrastructure: ref(cp.machineInfrastructure) } : {}),
          ...health(cp.healthCheck),
        },
        workers: {
          machineDeployments: (this.props.workers ?? []).map((w) => ({
            class: w.class,
            ...(v1
              ? { template: { bootstrap: ref(w.bootstrap), infrastructure: ref(w.infrastructure) } }
              : { bootstrap: ref(w.bootstrap), infrastructure: ref(w.infrastructure) }),
            ...health(w.healthCheck),
          })),
        },
        variables: this.variableDefinitions.map((v) => ({
          name: v.name,
          required: v.required,
          schema: { openAPIV3Schema: v.schema },
        })),
        patches: rendering.patches.map((p) => ({
          name: p.name,
          ...(p.description ? { description: p.description } : {}),
          ...(p.enabledIf ? { enabledIf: p.enabledIf.toTemplate() } : {}),
          definitions: p.definitions.map((d) => {
            const base = rendering.render(d.target.template);
            return {
              selector: d.target.selector(capi),
              jsonPatches: d.operations.flatMap((o) => o.render(capi, base, d.target.template)),
            };
          }),
        })),
      },
    };
  }

  private patchPathErrors(capi: CapiVersion, rendering: Rendering): string[] {
    const errors: string[] = [];
    // Paths earlier operations add, per template: a later add may build on them.
    const created = new Map<TemplateResource, Set<string>>();
    for (const patch of rendering.patches) {
      for (const definition of patch.definitions) {
        const template = definition.target.template;
        const key = `${template.apiVersion(capi)}/${template.kindFor(capi)}`;
        const schema = this.props.templateSchemas[key];
        if (!schema) {
          errors.push(
            `${this.node.path}: patch ${describeValue(patch.name)} targets ${key}, which has no schema: add its CRD to the import and run "npm run import-crds".`,
          );
          continue;
        }
        const done = created.get(template) ?? new Set<string>();
        created.set(template, done);
        const base = rendering.render(template);
        for (const op of definition.operations.flatMap((o) => o.render(capi, base, template))) {
          const problem =
            checkPatchPath(schema, op.path, op.op) ??
            (op.op === 'add' ? checkAddParent(schema, base, op.path, done) : undefined);
          if (problem) {
            errors.push(
              `${this.node.path}: patch ${describeValue(patch.name)} path ${describeValue(op.path)} does not fit ${key} (${capi}): ${problem}.`,
            );
          }
          if (op.op === 'add') done.add(op.path);
        }
      }
    }
    return errors;
  }

  private validateModel(): string[] {
    const errors: string[] = [...this.renderingFor(CapiVersion.V1BETA2).problems];
    for (const variable of this.variables.values()) {
      const value = applyDefaults(variable.schema, undefined);
      if (value === undefined) continue;
      for (const problem of validateAgainstSchema(variable.schema, value)) {
        errors.push(
          `variable ${describeValue(variable.name)} default ${describeValue(value)} does not match its schema: ${problem}`,
        );
      }
    }
    for (const patch of this.patches) {
      const refs = [
        ...(patch.enabledIf?.references() ?? []),
        ...patch.definitions.flatMap((d) => d.operations.flatMap((o) => o.references())),
      ];
      for (const ref of refs) {
        if (ref.variableName !== 'builtin' && !this.variables.has(ref.variableName)) {
          errors.push(
            `patch ${describeValue(patch.name)} reads variable ${describeValue(ref.variableName)}, which is not declared: declare it or fix the name.`,
          );
        }
      }
      for (const definition of patch.definitions) {
        const problem = this.targetProblem(definition.target);
        if (problem) errors.push(`patch ${describeValue(patch.name)}: ${problem}`);
      }
    }
    return errors;
  }

  /** Why a target does not select the template it names in this class, or undefined when it does. */
  private targetProblem(target: PatchTarget): string | undefined {
    const t = target.template;
    const cp = this.props.controlPlane;
    const label = `${t.kind} ${describeValue(t.node.path)}`;
    switch (target.position) {
      case 'infrastructureCluster':
        return t === this.props.infrastructure
          ? undefined
          : `${label} is not this class's infrastructure cluster template.`;
      case 'controlPlane':
        return t === cp.template || t === cp.machineInfrastructure
          ? undefined
          : `${label} is not a control-plane template of this class.`;
      case 'machineDeployments': {
        const workers = this.props.workers ?? [];
        for (const name of target.classes) {
          const worker = workers.find((w) => w.class === name);
          if (!worker)
            return `machine deployment class ${describeValue(name)} does not exist (classes: ${workers.map((w) => w.class).join(', ') || 'none'}).`;
          if (worker.bootstrap !== t && worker.infrastructure !== t)
            return `${label} is not used by machine deployment class ${describeValue(name)}.`;
        }
        return target.classes.length === 0
          ? 'machineDeployments() needs at least one class name.'
          : undefined;
      }
    }
  }
}
