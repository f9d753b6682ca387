// CustomResourceDefinition documents: the fields this tool reads, parsing, and the version filter.
import { parseAllDocuments } from 'yaml';

export type JsonObject = { [key: string]: unknown };

export interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly storage?: boolean;
  readonly deprecated?: boolean;
  readonly schema?: { readonly openAPIV3Schema?: JsonObject };
  readonly [key: string]: unknown;
}

export interface Crd {
  readonly apiVersion: string;
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly [key: string]: unknown };
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string; readonly plural: string; readonly [key: string]: unknown };
    readonly versions: readonly CrdVersion[];
    readonly [key: string]: unknown;
  };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCrd(doc: unknown): doc is Crd {
  if (!isObject(doc) || doc['kind'] !== 'CustomResourceDefinition') return false;
  const metadata = doc['metadata'];
  const spec = doc['spec'];
  return (
    isObject(metadata) &&
    typeof metadata['name'] === 'string' &&
    isObject(spec) &&
    typeof spec['group'] === 'string' &&
    isObject(spec['names']) &&
    Array.isArray(spec['versions'])
  );
}

/**
 * Every CustomResourceDefinition in a (multi-document) YAML text, by `metadata.name`. Other documents (the
 * Deployments, RBAC, ... of a release's components file) are ignored. `origin` names the text in errors.
 */
export function parseCrds(text: string, origin: string): Map<string, Crd> {
  const crds = new Map<string, Crd>();
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      throw new Error(`${origin}: invalid YAML: ${doc.errors[0]?.message}`);
    }
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    const items =
      isObject(value) && value['kind'] === 'List' && Array.isArray(value['items']) ? value['items'] : [value];
    for (const item of items) {
      if (!isCrd(item)) continue;
      if (crds.has(item.metadata.name)) {
        throw new Error(`${origin}: CustomResourceDefinition ${item.metadata.name} appears twice`);
      }
      crds.set(item.metadata.name, item);
    }
  }
  return crds;
}

/** Why a version of a CRD was kept for the typed bindings or dropped. */
export interface VersionDecision {
  readonly version: string;
  readonly kept: boolean;
  readonly reason: 'wanted' | 'not served' | 'deprecated' | 'not the wanted version';
}

export interface VersionSelection {
  /** The CRD with only the wanted version, or undefined when it is not served or only served as deprecated. */
  readonly crd: Crd | undefined;
  /** One decision per version of the input, in input order. */
  readonly decisions: readonly VersionDecision[];
}

/**
 * The versions of a CRD that are served and not deprecated, the wanted version first (cdk8s gives the first
 * version of a CRD the plain class name, later ones a version suffix).
 */
export function usableVersions(crd: Crd, wanted: string): CrdVersion[] {
  const usable = crd.spec.versions.filter((v) => v.served === true && v.deprecated !== true);
  return [...usable.filter((v) => v.name === wanted), ...usable.filter((v) => v.name !== wanted)];
}

/**
 * Reduces a CRD to the one version the bindings are generated for. The version must be served and not
 * deprecated; every other version is dropped, so the wanted version gets the plain class name.
 */
export function selectVersion(crd: Crd, wanted: string): VersionSelection {
  const usable = usableVersions(crd, wanted);
  const decisions = crd.spec.versions.map((v): VersionDecision => {
    if (v.served !== true) return { version: v.name, kept: false, reason: 'not served' };
    if (v.deprecated === true) return { version: v.name, kept: false, reason: 'deprecated' };
    if (v.name !== wanted) return { version: v.name, kept: false, reason: 'not the wanted version' };
    return { version: v.name, kept: true, reason: 'wanted' };
  });
  const first = usable[0];
  if (first === undefined || first.name !== wanted) return { crd: undefined, decisions };
  return { crd: { ...crd, spec: { ...crd.spec, versions: [first] } }, decisions };
}

/** The versions a JSON schema is written for: every served version, deprecated or not. */
export function servedVersions(crd: Crd): CrdVersion[] {
  return crd.spec.versions.filter((v) => v.served === true);
}
