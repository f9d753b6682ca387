import { stringify } from 'yaml';

const LEADING_KEYS = ['apiVersion', 'kind', 'metadata'];

function sortKeys(value: unknown, top: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, false));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort((a, b) => {
      const ia = top ? LEADING_KEYS.indexOf(a) : -1;
      const ib = top ? LEADING_KEYS.indexOf(b) : -1;
      if (ia !== -1 || ib !== -1) return (ia === -1 ? 99 : ia) - (ib === -1 ? 99 : ib);
      return a < b ? -1 : a > b ? 1 : 0;
    });
  return Object.fromEntries(keys.map((k) => [k, sortKeys(object[k], false)]));
}

/**
 * Serialises a value as YAML with a stable key order (apiVersion, kind, metadata first at the top, the rest
 * sorted), no line folding and no anchors, so the same input always gives the same bytes. Strings are quoted
 * wherever YAML 1.1 would read them as something else (`yes`, `on`, `off`, `0755`…): Go's YAML readers
 * (clusterctl, Helm, the API machinery's sigs.k8s.io/yaml) follow 1.1 and would turn them into booleans or
 * numbers.
 */
export function stableYaml(value: unknown): string {
  return stringify(sortKeys(value, true), {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    indentSeq: true,
    version: '1.1',
  });
}
