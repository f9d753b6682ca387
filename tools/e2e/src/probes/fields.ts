import { KubeObject } from '../kube/client';

/** Reading the loosely typed JSON of Kubernetes objects without a cast at every step. */

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
}

export function field(object: unknown, ...path: string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function numberField(object: unknown, ...path: string[]): number | undefined {
  const value = field(object, ...path);
  return typeof value === 'number' ? value : undefined;
}

export function stringField(object: unknown, ...path: string[]): string | undefined {
  const value = field(object, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** A condition from `status.conditions` (CAPI v1beta1 and most kinds) or from another list path. */
export function condition(object: KubeObject, type: string, ...path: string[]): Condition | undefined {
  const list = field(object, ...(path.length > 0 ? path : ['status', 'conditions']));
  return Array.isArray(list) ? (list as Condition[]).find((c) => c.type === type) : undefined;
}

/** `Ready=False (Reason: message)`, or `Ready unknown` when absent. */
export function describeCondition(type: string, found: Condition | undefined): string {
  if (!found) return `${type} not reported`;
  const why = [found.reason, found.message].filter(Boolean).join(': ');
  return `${type}=${found.status}${why ? ` (${why})` : ''}`;
}

/** Whether the controller has seen the object's latest spec (`status.observedGeneration` ≥ `metadata.generation`). */
export function isObserved(object: KubeObject): boolean {
  const generation = object.metadata.generation;
  const observed = numberField(object, 'status', 'observedGeneration');
  return generation === undefined || (observed !== undefined && observed >= generation);
}
