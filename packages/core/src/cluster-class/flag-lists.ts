import { CapiVersion } from '../capi-version';
import { describeValue } from '../errors';
import { fn } from './expressions';
import { FlagOperation, PatchDefinition, PatchProps, PatchTarget } from './patch';
import { valueAtPointer } from './schema-paths';
import { ManifestObject, TemplateResource } from './template-resource';

// v1beta2 flag lists (`{name, value}` entries) can only be appended to by ClusterClass patches: CAPI's
// ClusterClass webhook refuses a patch that replaces or removes a list element by index, or adds one at an
// index other than 0 (core/webhooks/admission/patch_validation.go, validateIndexAccess). So the template's own
// value of a flag that a patch sets is left out of the template's v1beta2 rendering, and the flag is appended
// exactly once in every Cluster: by its patch, or, while a patch with `enabledIf` is disabled, by the companion
// patch that follows it (`<patch>-disabled`, enabled exactly when the patch is not) with the template's value.
// Every Cluster gets the flags and values it gets from the v1beta1 rendering, where patches set map keys; only
// the order of a list differs (kubeadm sorts a component's flags by name).

/** The name of the companion of a patch with `enabledIf` that sets flags the template declares. */
export function disabledCompanionName(patch: string): string {
  return `${patch}-disabled`;
}

/** A flag that a patch definition sets. */
interface FlagSetting {
  readonly patch: string;
  readonly target: PatchTarget;
  readonly operation: FlagOperation;
  /** The template's own value, or undefined when the template does not declare the flag. */
  readonly templateValue?: string;
}

/** The patches and templates of a ClusterClass as rendered for v1beta2. */
export interface V1beta2FlagLists {
  /** The patches in order, each companion right after its patch. */
  readonly patches: readonly PatchProps[];
  /** Why the patches do not fit v1beta2 flag lists (empty when they do). */
  readonly problems: readonly string[];
  /** The template rendered for v1beta2 without its values of the flags patches set. */
  render(template: TemplateResource): ManifestObject;
}

/** The value of a flag in the list at `argsPath` of a rendered v1beta2 template, or undefined. */
function flagValue(rendered: unknown, argsPath: string, flag: string): string | undefined {
  const list = valueAtPointer(rendered, argsPath);
  if (!Array.isArray(list)) return undefined;
  return (list as { name?: string; value?: string }[]).find((a) => a?.name === flag)?.value;
}

/** Whether two targets of the same template can select the same generated object. */
function overlap(a: PatchTarget, b: PatchTarget): boolean {
  if (a.position !== 'machineDeployments' || b.position !== 'machineDeployments') return true;
  return a.classes.some((c) => b.classes.includes(c));
}

function where(s: FlagSetting): string {
  const t = s.target.template;
  return `flag ${describeValue(s.operation.flag)} in ${s.operation.argsPath} of ${t.kind} ${describeValue(t.node.path)}`;
}

/**
 * Plans the v1beta2 rendering of the patches that set flags. `classesUsing` names the machine deployment
 * classes that use a worker template.
 */
export function v1beta2FlagLists(
  patches: readonly PatchProps[],
  classesUsing: (template: TemplateResource) => readonly string[],
): V1beta2FlagLists {
  const full = new Map<TemplateResource, ManifestObject>();
  const renderFull = (t: TemplateResource): ManifestObject => {
    if (!full.has(t)) full.set(t, t.render(CapiVersion.V1BETA2));
    return full.get(t)!;
  };
  const settings: FlagSetting[] = [];
  const problems: string[] = [];
  const planned: PatchProps[] = [];
  for (const patch of patches) {
    planned.push(patch);
    const companion: PatchDefinition[] = [];
    for (const { target, operations } of patch.definitions) {
      const flags = operations.filter((o): o is FlagOperation => o instanceof FlagOperation);
      for (const operation of flags) {
        const { argsPath, flag } = operation;
        const templateValue = flagValue(renderFull(target.template), argsPath, flag);
        const setting: FlagSetting = { patch: patch.name, target, operation, templateValue };
        const earlier = settings.find(
          (s) =>
            s.target.template === target.template &&
            s.operation.argsPath === argsPath &&
            s.operation.flag === flag &&
            overlap(s.target, target),
        );
        if (earlier) {
          problems.push(
            `${where(setting)} is set by patch ${describeValue(earlier.patch)} and again by patch ${describeValue(patch.name)}: a v1beta2 patch can only append a flag, and a list must not name it twice; let one patch set it.`,
          );
        }
        settings.push(setting);
      }
      const withTemplateValue = flags.flatMap((o) => {
        const value = flagValue(renderFull(target.template), o.argsPath, o.flag);
        return value === undefined ? [] : [o.withValue(value)];
      });
      if (patch.enabledIf && withTemplateValue.length > 0)
        companion.push({ target, operations: withTemplateValue });
    }
    if (patch.enabledIf && companion.length > 0) {
      const name = disabledCompanionName(patch.name);
      if (patches.some((p) => p.name === name)) {
        problems.push(
          `patch ${describeValue(name)} has the name of the v1beta2 companion of patch ${describeValue(patch.name)}, which appends the template's values of its flags while it is disabled: rename it.`,
        );
      }
      planned.push({
        name,
        description: `While ${patch.name} is disabled: the template's own values of the flags it sets (v1beta2 flag lists are only appended to).`,
        enabledIf: fn.not(patch.enabledIf),
        definitions: companion,
      });
    }
  }
  problems.push(...uncoveredClasses(settings, classesUsing));
  const stripped = new Map<TemplateResource, ManifestObject>();
  const render = (template: TemplateResource): ManifestObject => {
    if (!stripped.has(template)) {
      const own = settings.filter((s) => s.target.template === template && s.templateValue !== undefined);
      stripped.set(template, withoutFlags(renderFull(template), own));
    }
    return stripped.get(template)!;
  };
  problems.push(...emptiedLists(settings, render));
  return { patches: planned, problems, render };
}

/** A list the template declares only flags of that patches set would be empty in v1beta2 (CAPI drops it). */
function emptiedLists(
  settings: readonly FlagSetting[],
  render: (template: TemplateResource) => ManifestObject,
): string[] {
  const problems = new Set<string>();
  for (const s of settings) {
    const list = valueAtPointer(render(s.target.template), s.operation.argsPath);
    if (s.templateValue !== undefined && Array.isArray(list) && list.length === 0) {
      problems.add(
        `${where(s)}: the template declares no other flag there, and v1beta2 leaves out the flags that patches set, so the list would be empty and a patch cannot append to it: declare a flag there that no patch sets.`,
      );
    }
  }
  return [...problems];
}

/**
 * A flag a worker template declares must be set for every class that uses the template: v1beta2 leaves the
 * template's value out, so a class no patch sets it for would lose it.
 */
function uncoveredClasses(
  settings: readonly FlagSetting[],
  classesUsing: (template: TemplateResource) => readonly string[],
): string[] {
  const problems = new Set<string>();
  for (const s of settings) {
    if (s.templateValue === undefined || s.target.position !== 'machineDeployments') continue;
    const covered = new Set(
      settings
        .filter(
          (o) =>
            o.target.template === s.target.template &&
            o.operation.argsPath === s.operation.argsPath &&
            o.operation.flag === s.operation.flag,
        )
        .flatMap((o) => o.target.classes),
    );
    const missing = classesUsing(s.target.template).filter((c) => !covered.has(c));
    if (missing.length > 0) {
      problems.add(
        `${where(s)} is set by patch ${describeValue(s.patch)} for machine deployment classes ${s.target.classes.join(', ')} but not for ${missing.join(', ')}, which use the same template: v1beta2 leaves the template's value out, so set it for every class of the template.`,
      );
    }
  }
  return [...problems];
}

/** A copy of the rendered template without the given flags in its lists. */
function withoutFlags(rendered: ManifestObject, settings: readonly FlagSetting[]): ManifestObject {
  if (settings.length === 0) return rendered;
  const copy = structuredClone(rendered) as ManifestObject;
  for (const { operation } of settings) {
    const list = valueAtPointer(copy, operation.argsPath) as { name?: string }[];
    const index = list.findIndex((a) => a?.name === operation.flag);
    if (index >= 0) list.splice(index, 1);
  }
  return copy;
}
