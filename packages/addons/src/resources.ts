import { invalidProp } from '@cluster-stacks/core';
import { k8s } from 'cdk8s-plus-30';
import { isQuantity } from './validation';

/** CPU and memory quantities of a container. */
export interface ResourceQuantities {
  /** CPU, e.g. `100m`. @default - unset */
  readonly cpu?: string;
  /** Memory, e.g. `200Mi`. @default - unset */
  readonly memory?: string;
}

/** Resource requests and limits of a container. */
export interface ContainerResources {
  /** What the scheduler reserves for the container. @default - none */
  readonly requests?: ResourceQuantities;
  /** The most the container may use. @default - none */
  readonly limits?: ResourceQuantities;
}

/** Throws for the first quantity in `resources` that is not a Kubernetes quantity. */
export function validateResources(where: string, prop: string, resources: ContainerResources): void {
  for (const kind of ['requests', 'limits'] as const) {
    const quantities = resources[kind];
    if (quantities === undefined) continue;
    for (const resource of ['cpu', 'memory'] as const) {
      const value = quantities[resource];
      if (value !== undefined && !isQuantity(value)) {
        throw invalidProp(
          where,
          `${prop}.${kind}.${resource}`,
          value,
          'a Kubernetes quantity such as "100m" or "200Mi"',
        );
      }
    }
  }
}

function toQuantities(quantities: ResourceQuantities | undefined): Record<string, k8s.Quantity> | undefined {
  if (quantities === undefined) return undefined;
  const entries = (['cpu', 'memory'] as const)
    .filter((r) => quantities[r] !== undefined)
    .map((r) => [r, k8s.Quantity.fromString(quantities[r] as string)] as const);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/** The container `resources` of the k8s bindings. */
export function toResourceRequirements(resources: ContainerResources): k8s.ResourceRequirements {
  return { requests: toQuantities(resources.requests), limits: toQuantities(resources.limits) };
}
