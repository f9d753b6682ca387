import { PlannedObject } from './topology-plan';

// Planned objects as comparable fields: generated names and the ClusterClass name replaced by placeholders,
// server-set metadata, status (never planned) and empty objects dropped, every leaf as `<Kind>/<role> <path>` → JSON value.

const DEPLOYMENT_LABEL = 'topology.cluster.x-k8s.io/deployment-name';

function labelsOf(object: PlannedObject): Record<string, string> {
  return (object.metadata as { labels?: Record<string, string> }).labels ?? {};
}

/**
 * The role of a planned object in the topology: its MachineDeployment topology name, or `cluster`. A
 * MachineHealthCheck takes the role of the object it is named after (the control plane or a MachineDeployment).
 */
export function roleOf(object: PlannedObject, all: readonly PlannedObject[] = []): string {
  if (object.kind === 'MachineHealthCheck') {
    const target = all.find(
      (o) => o.kind !== 'MachineHealthCheck' && o.metadata.name === object.metadata.name,
    );
    if (target) return roleOf(target);
  }
  return labelsOf(object)[DEPLOYMENT_LABEL] ?? 'cluster';
}

const SERVER_SET = new Set(['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields']);

/** A list keyed by `name` (v1beta2 flag lists): its order carries no meaning, so it is compared sorted. */
function isNamedList(value: unknown[]): value is { name: string }[] {
  return (
    value.length > 0 &&
    value.every(
      (v) => v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string',
    )
  );
}

const FLAG_LISTS = /(extraArgs|kubeletExtraArgs)$/;

/** Every leaf of the objects as `<Kind>/<role> <path>` → JSON of the value. */
export function planFields(objects: PlannedObject[], className: string): Map<string, string> {
  const placeholders = new Map<string, string>();
  for (const o of objects)
    if (o.kind !== 'Cluster' && o.kind !== 'MachineHealthCheck')
      placeholders.set(o.metadata.name, `<${o.kind}/${roleOf(o)}>`);
  const fields = new Map<string, string>();
  const visit = (value: unknown, at: string, inMetadata: boolean) => {
    if (Array.isArray(value)) {
      if (value.length === 0) fields.set(at, '[]');
      const items =
        FLAG_LISTS.test(at) && isNamedList(value)
          ? [...value].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          : value;
      items.forEach((v, i) => visit(v, `${at}[${i}]`, inMetadata));
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).filter(
        ([k]) => !(inMetadata && SERVER_SET.has(k)),
      );
      // An empty object is left out: to the API it is the same as an absent field (v1.10's conversions wrote
      // empty structs such as `dns: {}` that v1.14 omits).
      for (const [k, v] of entries)
        visit(v, `${at}.${k}`, k === 'metadata' || (inMetadata && k === 'ownerReferences'));
    } else if (typeof value === 'string') {
      fields.set(at, JSON.stringify(placeholders.get(value) ?? value.split(className).join('<class>')));
    } else fields.set(at, JSON.stringify(value));
  };
  for (const o of objects) {
    const { status: _status, ...planned } = o as PlannedObject & { status?: unknown };
    visit(planned, `${o.kind}/${roleOf(o, objects)} `, false);
  }
  return fields;
}

/**
 * The order of every flag list (`extraArgs`, `kubeletExtraArgs`) in the objects, which {@link planFields}
 * compares sorted: `<Kind>/<role> <path>` → the flag names in order, comma-separated.
 */
export function flagListOrders(objects: PlannedObject[]): Map<string, string> {
  const orders = new Map<string, string>();
  const visit = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      if (FLAG_LISTS.test(at) && isNamedList(value)) orders.set(at, value.map((v) => v.name).join(','));
      else value.forEach((v, i) => visit(v, `${at}[${i}]`));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, `${at}.${k}`);
    }
  };
  for (const o of objects) visit(o.spec, `${o.kind}/${roleOf(o, objects)} .spec`);
  return orders;
}

/** Fields that differ between two plans (a missing side is undefined). */
export function fieldDifferences(
  a: Map<string, string>,
  b: Map<string, string>,
): { path: string; a?: string; b?: string }[] {
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, a: a.get(p), b: b.get(p) }));
}
