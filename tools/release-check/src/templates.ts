// Static reading of Helm template text (before rendering): which documents declare which
// kind, and what their top-level `metadata.name` / `metadata.namespace` lines say. The text
// is not valid YAML in general, so this works line by line: documents are separated by
// `---` lines, top-level keys start in column 0, and lines that consist only of template
// actions (`{{- if … }}`, `{{ include … | nindent 4 }}`) are ignored.

export interface MetadataField {
  /** 1-based line number in the file. */
  line: number;
  /** The value as written, without a trailing comment and without surrounding quotes. */
  value: string;
}

export interface TemplateDocument {
  kind?: string;
  name?: MetadataField;
  namespace?: MetadataField;
}

function isActionOnly(trimmed: string): boolean {
  return trimmed.startsWith('{{') && trimmed.replace(/\{\{.*?\}\}/g, '').trim() === '';
}

function scalarValue(raw: string): string {
  let v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) {
    const quote = v[0];
    const end = v.indexOf(quote, 1);
    return end === -1 ? v.slice(1) : v.slice(1, end);
  }
  // A comment starts at " #" outside of quotes.
  const hash = v.search(/\s#/);
  if (hash !== -1) v = v.slice(0, hash);
  return v.trim();
}

/** Splits template text into documents and reads their kind and top-level metadata fields. */
export function scanTemplate(text: string): TemplateDocument[] {
  const docs: TemplateDocument[] = [];
  let doc: TemplateDocument = {};
  let inMetadata = false;
  let childIndent = -1;
  const lines = text.split(/\r?\n/);
  const flush = (): void => {
    if (doc.kind !== undefined || doc.name !== undefined || doc.namespace !== undefined) docs.push(doc);
    doc = {};
    inMetadata = false;
    childIndent = -1;
  };
  lines.forEach((line, index) => {
    if (/^---/.test(line)) {
      flush();
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || isActionOnly(trimmed)) return;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      inMetadata = /^metadata:\s*(#.*)?$/.test(line);
      childIndent = -1;
      const kind = /^kind:(.*)$/.exec(line);
      if (kind) doc.kind = scalarValue(kind[1]);
      return;
    }
    if (!inMetadata) return;
    if (childIndent === -1) childIndent = indent;
    if (indent !== childIndent) return;
    const field = /^(name|namespace):(.*)$/.exec(trimmed);
    if (field) doc[field[1] as 'name' | 'namespace'] = { line: index + 1, value: scalarValue(field[2]) };
  });
  flush();
  return docs;
}

export type NamespaceValue =
  | { kind: 'unset' }
  | { kind: 'release-namespace' }
  | { kind: 'expression'; text: string }
  | { kind: 'literal'; text: string };

/** Classifies a `metadata.namespace` value. */
export function classifyNamespace(value: string | undefined): NamespaceValue {
  if (value === undefined || value === '' || value === '~' || value === 'null') return { kind: 'unset' };
  if (/^\{\{-?\s*\.Release\.Namespace(\s*\|\s*quote)?\s*-?\}\}$/.test(value))
    return { kind: 'release-namespace' };
  if (value.includes('{{')) return { kind: 'expression', text: value };
  return { kind: 'literal', text: value };
}

/** True for `{{ .Release.Name }}-{{ .Chart.Version }}` (whitespace inside the braces is free). */
export function isReleaseNameChartVersion(value: string): boolean {
  return /^\{\{\s*\.Release\.Name\s*\}\}-\{\{\s*\.Chart\.Version\s*\}\}$/.test(value);
}

/** Helm renders every file under templates/ except partials (`_*`) and NOTES.txt. */
export function isRenderedTemplate(pathInChart: string): boolean {
  const base = pathInChart.split('/').pop() ?? '';
  return !base.startsWith('_') && base !== 'NOTES.txt';
}
