// Test helpers of the package (not exported from it).
import {
  CapiVersion,
  ClusterClass,
  ClusterStack,
  KubeadmControlPlaneTemplate,
  KubernetesVersion,
  synthesizeStack,
} from '@cluster-stacks/core';
import { parse } from 'yaml';
import { OpenStackClusterTemplate } from './capo-templates';
import { ubuntuNodeImage } from './scs/node-images';
import { OPENSTACK_SCS_RELEASES } from './scs/releases';
import { capoV1beta1 } from './imports';

const SECRET = capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecIdentityRefType.SECRET;

/** Rendered JSON as tests read it: deep property access without casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into rendered JSON
export type Json = Record<string, any>;

/** An empty stack for Kubernetes 1.35, the scope of the constructs under test. */
export function emptyStack(): ClusterStack {
  return new ClusterStack({
    provider: 'test',
    name: 'openstack',
    kubernetesVersion: KubernetesVersion.of('1.35.1'),
  });
}

/**
 * Synthesizes a stack that only has addons, after giving it the ClusterClass and node image synthesis needs;
 * returns the files the addons own (`cluster-addon/**`, `clusteraddon.yaml`).
 */
export function addonFiles(stack: ClusterStack): Record<string, string> {
  new ClusterClass(stack, 'ClusterClass', {
    infrastructure: new OpenStackClusterTemplate(stack, 'Cluster', {
      spec: { identityRef: { name: 'openstack', cloudName: 'openstack', type: SECRET } },
    }),
    controlPlane: {
      template: new KubeadmControlPlaneTemplate(stack, 'ControlPlane', { kubeadmConfigSpec: {} }),
    },
    templateSchemas: {},
  });
  stack.nodeImages.add(ubuntuNodeImage(OPENSTACK_SCS_RELEASES.row('1.35')));
  const { files } = synthesizeStack(stack, CapiVersion.V1BETA1);
  return Object.fromEntries(
    [...files].filter(([path]) => path.startsWith('cluster-addon/') || path === 'clusteraddon.yaml'),
  );
}

/** The objects of a list, keyed `<Kind>/<name>`. */
export function byKindAndName(objects: readonly Json[]): Record<string, Json> {
  return Object.fromEntries(
    objects.map((o) => [`${String(o.kind)}/${(o.metadata as { name: string }).name}`, o]),
  );
}

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
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but none was thrown');
}
