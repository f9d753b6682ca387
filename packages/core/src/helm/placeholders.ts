/**
 * Placeholders for the Helm built-ins a cluster-class chart needs. Constructs put them into names and
 * namespaces; the chart writer turns them into Helm actions after escaping every other `{{ }}`.
 * They are plain YAML scalars, so serialisation never quotes or splits them.
 */
export const HelmValue = {
  /** `{{ .Release.Name }}`: `<provider>-<stack>-<maj>-<min>` when CSO renders the chart. */
  releaseName: '__HELM_RELEASE_NAME__',
  /** `{{ .Chart.Version }}`: the cluster stack version in dot form. */
  chartVersion: '__HELM_CHART_VERSION__',
  /** `{{ .Release.Namespace }}`: the namespace of the ClusterStack. */
  releaseNamespace: '__HELM_RELEASE_NAMESPACE__',
} as const;

const ACTIONS: Record<string, string> = {
  [HelmValue.releaseName]: '{{ .Release.Name }}',
  [HelmValue.chartVersion]: '{{ .Chart.Version }}',
  [HelmValue.releaseNamespace]: '{{ .Release.Namespace }}',
};

/**
 * A placeholder for `{{ .Values.<path> }}` in an addon chart, for values CSO sets per cluster through
 * `overwrite.yaml`. `path` is a dotted path of identifiers, e.g. `kindnet.podSubnet`.
 */
export function helmValue(path: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(path)) {
    throw new Error(
      `helmValue: path ${JSON.stringify(path)} must be dotted identifiers such as "kindnet.podSubnet"`,
    );
  }
  return `__HELM_VALUE_${path}__`;
}

/** `<release>-<version>[-suffix]`: how every object of a cluster-class chart is named. */
export function versionedObjectName(suffix?: string): string {
  const base = `${HelmValue.releaseName}-${HelmValue.chartVersion}`;
  return suffix ? `${base}-${suffix}` : base;
}

/**
 * Makes YAML text safe for Helm: every `{{`/`}}` that belongs to CAPI (or any other Go template) becomes a
 * Helm action printing it literally, then the placeholders become Helm actions. Working on the YAML text is
 * safe whatever quoting style the serialiser chose, because Helm evaluates actions before YAML is parsed.
 */
export function toHelmTemplate(yamlText: string): string {
  const escaped = yamlText.replace(/\{\{|\}\}/g, (delimiter) =>
    delimiter === '{{' ? '{{ "{{" }}' : '{{ "}}" }}',
  );
  return (
    escaped
      .replace(
        /__HELM_(RELEASE_NAME|CHART_VERSION|RELEASE_NAMESPACE)__/g,
        (placeholder) => ACTIONS[placeholder],
      )
      // A value that is a whole scalar keeps its type (toJson quotes strings); inside a longer string it is inlined.
      .replace(
        /^(\s*(?:- |[^\s:][^:]*: )(?:- )?)__HELM_VALUE_([A-Za-z0-9_.]+?)__$/gm,
        (_, lead: string, path: string) => `${lead}{{ .Values.${path} | toJson }}`,
      )
      .replace(/__HELM_VALUE_([A-Za-z0-9_.]+?)__/g, (_, path: string) => `{{ .Values.${path} }}`)
  );
}
