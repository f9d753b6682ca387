// Test helpers of the package (not exported from it), on the shared StackTesting of the core.
import { ClusterStack, StackTesting, TestJson } from '@cluster-stacks/core';

/** Rendered JSON as tests read it. */
export type Json = TestJson;

/** An empty stack for Kubernetes 1.35, the scope of the addons under test. */
export function testStack(): ClusterStack {
  return StackTesting.stack('addons');
}

/** The files the stack's addons synthesize (`cluster-addon/**`, `clusteraddon.yaml`). */
export function synthesizeAddonFiles(stack: ClusterStack): Record<string, string> {
  return StackTesting.addonFiles(stack);
}

/** The rendered objects of an addon, keyed `<Kind>/<name>`. */
export const objectsByKindAndName = StackTesting.byKindAndName;

/** The error `fn` throws; fails the test when it throws none. */
export const errorOf = StackTesting.errorOf;
