// Decodes YAML into typed shapes the way gopkg.in/yaml.v3 `Unmarshal` into a Go struct does,
// which is how the Cluster Stack Operator reads metadata.yaml and clusteraddon.yaml:
// only the first document counts, unknown keys are ignored, null leaves the zero value, any
// scalar decodes into a string field as its literal text (`1.30` stays "1.30"), and a
// mapping or sequence where a scalar is expected (or the reverse) is a type error that
// names the line. Syntax errors use the messages of the `yaml` package.

import {
  Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseAllDocuments,
  Scalar,
} from 'yaml';

export type YamlNode = Node | null;

export class GoYamlDecoder {
  /** yaml.v3-style type errors, e.g. "line 3: cannot unmarshal !!seq into string". */
  readonly errors: string[] = [];

  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  line(node: Node): number {
    return node.range ? this.lineCounter.linePos(node.range[0]).line : 0;
  }

  private resolve(node: unknown): YamlNode {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node as Node;
  }

  private isNull(node: YamlNode): boolean {
    return node === null || (isScalar(node) && node.value === null);
  }

  private describe(node: Node): string {
    if (isMap(node)) return '!!map';
    if (isSeq(node)) return '!!seq';
    if (isScalar(node)) {
      const v = node.value;
      const tag =
        typeof v === 'string'
          ? '!!str'
          : typeof v === 'boolean'
            ? '!!bool'
            : Number.isInteger(v)
              ? '!!int'
              : '!!float';
      return `${tag} \`${this.text(node)}\``;
    }
    return '!!unknown';
  }

  private typeError(node: Node, into: string): void {
    this.errors.push(`line ${this.line(node)}: cannot unmarshal ${this.describe(node)} into ${into}`);
  }

  private text(node: Scalar): string {
    if (node.value === null) return '';
    if (typeof node.value === 'string') return node.value;
    return node.source !== undefined ? String(node.source) : String(node.value);
  }

  /** A Go `string` field. */
  string(raw: unknown): string {
    const node = this.resolve(raw);
    if (node === null) return '';
    if (isScalar(node)) return this.text(node);
    this.typeError(node, 'string');
    return '';
  }

  /** A Go struct: calls the decoder of each known key; null leaves the zero value. */
  struct(raw: unknown, typeName: string, fields: Record<string, (value: unknown) => void>): void {
    const node = this.resolve(raw);
    if (this.isNull(node)) return;
    if (!isMap(node!)) {
      this.typeError(node!, typeName);
      return;
    }
    for (const pair of node.items) {
      const key = this.resolve(pair.key);
      if (key === null || !isScalar(key)) continue;
      const decode = fields[this.text(key)];
      if (decode) decode(pair.value);
    }
  }

  /** A Go slice; returns null for a null or absent node (a nil slice). */
  seq<T>(raw: unknown, typeName: string, item: (value: unknown, index: number) => T): T[] | null {
    const node = this.resolve(raw);
    if (this.isNull(node)) return null;
    if (!isSeq(node!)) {
      this.typeError(node!, typeName);
      return null;
    }
    return node.items.map((v, i) => item(v, i));
  }

  /** A Go map[string]T in document order; returns null for a null or absent node. */
  map<T>(raw: unknown, typeName: string, value: (v: unknown, key: string) => T): Array<[string, T]> | null {
    const node = this.resolve(raw);
    if (this.isNull(node)) return null;
    if (!isMap(node!)) {
      this.typeError(node!, typeName);
      return null;
    }
    const out: Array<[string, T]> = [];
    for (const pair of node.items) {
      const key = this.resolve(pair.key);
      const k = key !== null && isScalar(key) ? this.text(key) : '';
      out.push([k, value(pair.value, k)]);
    }
    return out;
  }

  /** Whether a pointer-to-struct element is nil (null or empty). */
  isNil(raw: unknown): boolean {
    return this.isNull(this.resolve(raw));
  }

  /** The line of a raw node, or 0. */
  lineOf(raw: unknown): number {
    const node = this.resolve(raw);
    return node === null ? 0 : this.line(node);
  }
}

export type GoYamlParse = { ok: true; root: unknown; decoder: GoYamlDecoder } | { ok: false; error: string };

/** Parses the first document of `text`; a syntax error is returned as its first line. */
export function parseGoYaml(text: string): GoYamlParse {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  if (docs.length === 0) {
    return { ok: true, root: null, decoder: new GoYamlDecoder(new Document(), lineCounter) };
  }
  const doc = docs[0];
  if (doc.errors.length > 0) {
    return { ok: false, error: doc.errors[0].message.split('\n')[0].replace(/:$/, '') };
  }
  return { ok: true, root: doc.contents, decoder: new GoYamlDecoder(doc, lineCounter) };
}

/** yaml.v3's wording for collected type errors. */
export function formatTypeErrors(errors: string[]): string {
  return `yaml: unmarshal errors: ${errors.join('; ')}`;
}
