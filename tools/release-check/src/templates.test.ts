import { formatTypeErrors, parseGoYaml } from './goyaml';
import { classifyNamespace, isReleaseNameChartVersion, isRenderedTemplate, scanTemplate } from './templates';

describe('scanTemplate', () => {
  it('reads kind and the top-level metadata name/namespace of each document', () => {
    // GIVEN Helm template text with control lines, nested namespaces and two documents
    const text = [
      '{{- if .Values.enabled }}',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  {{- with .Values.labels }}',
      '  labels:',
      '    namespace: not-this-one',
      '  {{- end }}',
      '  name: "cm" # the name',
      '  namespace: monitoring',
      'data:',
      '  namespace: nor-this-one',
      '---',
      'kind: ClusterRoleBinding',
      'metadata:',
      '  name: crb',
      'subjects:',
      '  - namespace: other',
      '{{- end }}',
    ].join('\n');
    // WHEN it is scanned
    const docs = scanTemplate(text);
    // THEN only the metadata children count, with their line numbers
    expect(docs).toEqual([
      { kind: 'ConfigMap', name: { line: 9, value: 'cm' }, namespace: { line: 10, value: 'monitoring' } },
      { kind: 'ClusterRoleBinding', name: { line: 16, value: 'crb' } },
    ]);
  });

  it.each([
    [undefined, 'unset'],
    ['', 'unset'],
    ['{{ .Release.Namespace }}', 'release-namespace'],
    ['{{- .Release.Namespace | quote -}}', 'release-namespace'],
    ['{{ include "x.namespace" . }}', 'expression'],
    ['kube-system', 'literal'],
  ])('classifies namespace %j as %s', (value, kind) => {
    // GIVEN a metadata.namespace value WHEN classified THEN the kind is as expected
    expect(classifyNamespace(value).kind).toBe(kind);
  });

  it('recognizes the ClusterClass name template and rendered template files', () => {
    // GIVEN names and file paths WHEN classified THEN only the canonical forms match
    expect(isReleaseNameChartVersion('{{ .Release.Name }}-{{ .Chart.Version }}')).toBe(true);
    expect(isReleaseNameChartVersion('{{.Release.Name}}-{{.Chart.Version}}')).toBe(true);
    expect(isReleaseNameChartVersion('{{ .Release.Name }}')).toBe(false);
    expect(isRenderedTemplate('c/templates/a.yaml')).toBe(true);
    expect(isRenderedTemplate('c/templates/_helpers.tpl')).toBe(false);
    expect(isRenderedTemplate('c/templates/NOTES.txt')).toBe(false);
  });
});

describe('parseGoYaml', () => {
  function decodeMetadata(text: string): { values: Record<string, string>; error?: string } {
    const p = parseGoYaml(text);
    if (!p.ok) return { values: {}, error: p.error };
    const d = p.decoder;
    const values: Record<string, string> = {};
    d.struct(p.root, 'release.Metadata', {
      versions: (v) =>
        d.struct(v, 'release.Versions', {
          kubernetes: (x) => (values.kubernetes = d.string(x)),
          clusterStack: (x) => (values.clusterStack = d.string(x)),
        }),
    });
    return d.errors.length > 0 ? { values, error: formatTypeErrors(d.errors) } : { values };
  }

  it('decodes like yaml.v3 into string fields', () => {
    // GIVEN scalars of several YAML types (checked against gopkg.in/yaml.v3 v3.0.1)
    // WHEN decoded into string fields
    // THEN each keeps its literal text, null gives "", and only the first document counts
    expect(decodeMetadata('versions: {kubernetes: 1.30, clusterStack: 0x10}')).toEqual({
      values: { kubernetes: '1.30', clusterStack: '0x10' },
    });
    expect(decodeMetadata('versions: {kubernetes: ~, clusterStack: "v1"}')).toEqual({
      values: { kubernetes: '', clusterStack: 'v1' },
    });
    expect(decodeMetadata('versions:\n  kubernetes: v1.30.1\n---\n: bad: x\n')).toEqual({
      values: { kubernetes: 'v1.30.1' },
    });
    expect(decodeMetadata('')).toEqual({ values: {} });
  });

  it('reports type errors with yaml.v3 wording and line numbers', () => {
    // GIVEN documents of the wrong shape WHEN decoded THEN yaml.v3-style errors
    expect(decodeMetadata('foo').error).toBe(
      'yaml: unmarshal errors: line 1: cannot unmarshal !!str `foo` into release.Metadata',
    );
    expect(decodeMetadata('a: 1\nversions:\n  kubernetes: [1]\n').error).toBe(
      'yaml: unmarshal errors: line 3: cannot unmarshal !!seq into string',
    );
    expect(decodeMetadata('versions: {a: 1, a: 2}').error).toBe(
      'Map keys must be unique at line 1, column 18',
    );
  });
});
