import { CapiVersion, ClusterStack, TemplateResource } from '@cluster-stacks/core';

// A provider may replace a kind in its v1beta2 API (CAPD v1.14 deprecates its v1beta2 Docker* kinds for the Dev*
// kinds, whose docker settings are under `backend.docker`), so the two renderings of a stack then plan objects
// of different kinds. To compare them field by field, the v1beta2 plan's fields are named as the v1beta1
// rendering names them; what the templates say about their kinds and settings per CAPI version is the only
// source, so nothing here knows a provider.

/** How one rendering names a kind and where its objects keep the provider's fields (a `.`-joined field path). */
export interface KindForm {
  readonly kind: string;
  readonly apiVersion: string;
  readonly settings: string;
}

/** A kind of the v1beta2 rendering that is another kind in the v1beta1 rendering. */
export interface RenamedKind {
  readonly v1beta1: KindForm;
  readonly v1beta2: KindForm;
}

const TEMPLATE_SPEC = '/spec/template/spec';

/** `/spec/template/spec` → `.spec.template.spec`, as plan fields spell paths. */
function dotted(pointer: string): string {
  return pointer.split('/').join('.');
}

function formOf(template: TemplateResource, capi: CapiVersion, object: boolean): KindForm {
  const settings = template.settingsPath(capi);
  // CAPI creates the object of a cluster template from the template's spec.template.spec.
  const objectSettings = settings.startsWith(TEMPLATE_SPEC)
    ? `/spec${settings.slice(TEMPLATE_SPEC.length)}`
    : settings;
  const kind = template.kindFor(capi);
  return {
    kind: object ? kind.replace(/Template$/, '') : kind,
    apiVersion: template.apiVersion(capi),
    settings: dotted(object ? objectSettings : settings),
  };
}

/**
 * Every kind a template of the stack's ClusterClass is rendered as in v1beta2 that differs from its v1beta1
 * kind, and likewise the kind of the objects CAPI creates from it (the template kind without `Template`).
 */
export function renamedKinds(stack: ClusterStack): RenamedKind[] {
  const kinds = new Map<string, RenamedKind>();
  for (const t of stack.clusterClass.templates) {
    if (t.kindFor(CapiVersion.V1BETA1) === t.kindFor(CapiVersion.V1BETA2)) continue;
    for (const object of [false, true]) {
      const v1beta2 = formOf(t, CapiVersion.V1BETA2, object);
      // Two templates of one kind (control-plane and worker machines) name it once.
      if (!kinds.has(v1beta2.kind))
        kinds.set(v1beta2.kind, { v1beta1: formOf(t, CapiVersion.V1BETA1, object), v1beta2 });
    }
  }
  return [...kinds.values()];
}

/** Why a renamed kind's fields are compared under the v1beta1 kind's names. */
export function renameReason({ v1beta1, v1beta2 }: RenamedKind): string {
  const moved =
    v1beta1.settings === v1beta2.settings
      ? ''
      : `, its provider fields at ${v1beta2.settings} where ${v1beta1.kind} has them at ${v1beta1.settings}`;
  return `${v1beta2.kind} (${v1beta2.apiVersion}) replaces ${v1beta1.kind} (${v1beta1.apiVersion}) in the v1beta2 rendering${moved}: compared as ${v1beta1.kind}`;
}

/** One field of the v1beta2 plan whose path or value was renamed for the comparison. */
export interface RenamedField {
  readonly reason: string;
  readonly line: string;
}

/** The path of a field under `settings`, or undefined when it is not below it. */
function below(path: string, settings: string): string | undefined {
  if (!path.startsWith(settings)) return undefined;
  const rest = path.slice(settings.length);
  return rest === '' || rest.startsWith('.') || rest.startsWith('[') ? rest : undefined;
}

/**
 * The fields of a v1beta2 plan (`<Kind>/<role> <path>` → JSON, see planFields) as the v1beta1 rendering would
 * name them: a renamed kind's objects under the v1beta1 kind, apiVersion and settings path, and the kind's name
 * in string values (references, placeholders, annotations) replaced. Lists each field whose path within its
 * object or whose value changed.
 */
export function asV1beta1Fields(
  fields: ReadonlyMap<string, string>,
  kinds: readonly RenamedKind[],
): { fields: Map<string, string>; renamed: RenamedField[] } {
  const out = new Map<string, string>();
  const renamed: RenamedField[] = [];
  for (const [key, value] of fields) {
    const space = key.indexOf(' ');
    const [object, path] = [key.slice(0, space), key.slice(space + 1)];
    const slash = object.indexOf('/');
    const kind = object.slice(0, slash);
    const own = kinds.find((k) => k.v1beta2.kind === kind);
    let newPath = path;
    let newKey = key;
    let newValue = value;
    let reason = own ? renameReason(own) : undefined;
    if (own) {
      const rest = below(path, own.v1beta2.settings);
      if (rest !== undefined) newPath = `${own.v1beta1.settings}${rest}`;
      newKey = `${own.v1beta1.kind}${object.slice(slash)} ${newPath}`;
      if (path === '.apiVersion' && value === JSON.stringify(own.v1beta2.apiVersion))
        newValue = JSON.stringify(own.v1beta1.apiVersion);
    }
    if (newValue.startsWith('"')) {
      for (const k of kinds) {
        const replaced = newValue.replace(new RegExp(`\\b${k.v1beta2.kind}\\b`, 'g'), k.v1beta1.kind);
        if (replaced === newValue) continue;
        newValue = replaced;
        reason ??= renameReason(k);
      }
    }
    out.set(newKey, newValue);
    // A field whose object only changed its kind name (metadata, most of it) is not listed.
    if (reason !== undefined && (newPath !== path || newValue !== value)) {
      const line =
        newValue === value
          ? `${key} compared as ${newKey}`
          : `${key}: ${value} compared as ${newKey}: ${newValue}`;
      renamed.push({ reason, line });
    }
  }
  return { fields: out, renamed };
}
