// Test helpers of the package (not exported from it), on the shared StackTesting of the core.
import { ClusterStack, StackTesting, TestJson } from '@cluster-stacks/core';
import { parse } from 'yaml';
import { OpenStackClusterTemplate } from './capo-templates';
import { capoV1beta1 } from './imports';
import { ubuntuNodeImage } from './scs/node-images';
import { OPENSTACK_SCS_RELEASES } from './scs/releases';

const SECRET = capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecIdentityRefType.SECRET;

/** Rendered JSON as tests read it. */
export type Json = TestJson;

/** An empty stack for Kubernetes 1.35, the scope of the constructs under test. */
export function emptyStack(): ClusterStack {
  return StackTesting.stack('openstack');
}

/** The files the stack's addons synthesize, next to an OpenStack cluster template and the 1.35 node image. */
export function addonFiles(stack: ClusterStack): Record<string, string> {
  return StackTesting.addonFiles(stack, {
    infrastructure: (scope) =>
      new OpenStackClusterTemplate(scope, 'Cluster', {
        spec: { identityRef: { name: 'openstack', cloudName: 'openstack', type: SECRET } },
      }),
    nodeImage: ubuntuNodeImage(OPENSTACK_SCS_RELEASES.row('1.35')),
  });
}

/** The objects of a list, keyed `<Kind>/<name>`. */
export const byKindAndName = StackTesting.byKindAndName;

/**
 * A chart template as Helm would print it with placeholder names, for assertions: CAPI's escaped `{{ }}` back
 * to plain, the release name and version to `R-V`, the namespace to `NS`.
 */
export function readTemplate(text: string): Json {
  return parse(
    text
      .replace(/\{\{ "\{\{" \}\}/g, '{{')
      .replace(/\{\{ "\}\}" \}\}/g, '}}')
      .replace(/\{\{ \.Release\.Name \}\}-\{\{ \.Chart\.Version \}\}/g, 'R-V')
      .replace(/\{\{ \.Release\.Namespace \}\}/g, 'NS'),
  ) as Json;
}

/** The error `fn` throws; fails the test when it throws none. */
export const errorOf = StackTesting.errorOf;
