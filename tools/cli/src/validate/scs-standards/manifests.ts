import { parseAllDocuments, parse } from 'yaml';

/** One object of a chart template, with the file it is in. */
export interface ManifestObject {
  /** `cluster-addon/cni/templates/daemonset-kindnet.yaml`. */
  readonly file: string;
  readonly kind: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

/** Helm expressions, replaced before parsing so the template is YAML; the value is never inspected. */
const HELM_EXPRESSION = /\{\{.*?\}\}/g;
/** `{{ "{{" }}` and `{{ "}}" }}`: the escapes that put Go-template braces of CAPI patches into a chart. */
const ESCAPED_OPEN = /\{\{\s*"\{\{"\s*\}\}/g;
const ESCAPED_CLOSE = /\{\{\s*"\}\}"\s*\}\}/g;

/** A line that is one Helm action and nothing else: a control statement such as `{{- if .Values.x }}`. */
const HELM_ACTION_LINE = /^[ \t]*\{\{.*?\}\}[ \t]*$/gm;

/**
 * A chart template as YAML: escaped braces become `<<` and `>>`, lines that are only a Helm action (an object
 * rendered under a condition reads as if the condition held) are dropped, other Helm expressions become `HELM`.
 */
export function templateAsYaml(content: string): string {
  return content
    .replace(ESCAPED_OPEN, '<<')
    .replace(ESCAPED_CLOSE, '>>')
    .replace(HELM_ACTION_LINE, '')
    .replace(HELM_EXPRESSION, 'HELM');
}

/**
 * The synthesized release as the clause checks read it: the objects of every chart template (Helm expressions
 * stand for values decided when CSO renders), and each addon chart's Chart.yaml and values.yaml.
 */
export class Manifests {
  /** Reads a synthesized tree (`cluster-class/…`, `cluster-addon/<stage>/…`), by relative path. */
  public static ofTree(tree: ReadonlyMap<string, Buffer | string>): Manifests {
    const files = new Map<string, string>();
    for (const [name, content] of tree) files.set(name, content.toString());
    return new Manifests(files);
  }

  private constructor(private readonly files: ReadonlyMap<string, string>) {}

  /** The addon stages (chart directories under `cluster-addon/`), sorted. */
  public get addonStages(): string[] {
    const stages = new Set<string>();
    for (const name of this.files.keys()) {
      const match = /^cluster-addon\/([^/]+)\//.exec(name);
      if (match) stages.add(match[1]);
    }
    return [...stages].sort();
  }

  /** The objects of the templates under `dir` (`cluster-class`, `cluster-addon/cni`). */
  public objects(dir: string): ManifestObject[] {
    const out: ManifestObject[] = [];
    for (const [file, content] of [...this.files].sort(([a], [b]) => a.localeCompare(b))) {
      if (!file.startsWith(`${dir}/templates/`) || !/\.ya?ml$/.test(file)) continue;
      for (const doc of parseAllDocuments(templateAsYaml(content))) {
        if (doc.errors.length > 0)
          throw new Error(`${file}: not YAML once Helm expressions are set aside: ${doc.errors[0].message}`);
        const body = doc.toJS() as Record<string, unknown> | null;
        if (!body || typeof body.kind !== 'string') continue;
        const name = (body.metadata as { name?: unknown } | undefined)?.name;
        out.push({ file, kind: body.kind, name: typeof name === 'string' ? name : '', body });
      }
    }
    return out;
  }

  /** Every addon object, in stage order. */
  public addonObjects(): ManifestObject[] {
    return this.addonStages.flatMap((stage) => this.objects(`cluster-addon/${stage}`));
  }

  /** A chart file parsed as YAML (`cluster-addon/cni/Chart.yaml`), or undefined when absent. */
  public yaml(file: string): Record<string, unknown> | undefined {
    const content = this.files.get(file);
    return content === undefined ? undefined : ((parse(content) ?? {}) as Record<string, unknown>);
  }
}

/** The value at `path` in `value` (objects only), or undefined. */
export function dig(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The containers of a workload object's pod template. */
export function containers(object: ManifestObject): Record<string, unknown>[] {
  const list = dig(object.body, 'spec', 'template', 'spec', 'containers');
  return Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
}
