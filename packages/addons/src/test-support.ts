// Test helpers: a stack to add addons to, and its synthesized addon files. Not exported from the package.
import {
  CapiVersion,
  ClusterClass,
  ClusterStack,
  KubeadmControlPlaneTemplate,
  KubernetesVersion,
  TemplateResource,
  synthesizeStack,
} from '@cluster-stacks/core';
import { Construct } from 'constructs';

/** The smallest infrastructure cluster template a ClusterClass accepts. */
class TestClusterTemplate extends TemplateResource {
  public readonly kind = 'DockerClusterTemplate';

  public constructor(scope: Construct, id: string) {
    super(scope, id, 'cluster');
  }

  public apiVersion(): string {
    return 'infrastructure.cluster.x-k8s.io/v1beta1';
  }

  protected renderSpec(): Record<string, unknown> {
    return { template: { spec: {} } };
  }
}

/** An empty stack for Kubernetes 1.35, the scope of the addons under test. */
export function testStack(): ClusterStack {
  return new ClusterStack({
    provider: 'test',
    name: 'addons',
    kubernetesVersion: KubernetesVersion.of('1.35.1'),
  });
}

/**
 * Synthesizes the stack after giving it the ClusterClass and node image that synthesis needs, and returns
 * only the files the addons own (`cluster-addon/**` and `clusteraddon.yaml`), so that snapshots do not
 * change with the ClusterClass rendering.
 */
export function synthesizeAddonFiles(stack: ClusterStack): Record<string, string> {
  new ClusterClass(stack, 'ClusterClass', {
    infrastructure: new TestClusterTemplate(stack, 'Cluster'),
    controlPlane: {
      template: new KubeadmControlPlaneTemplate(stack, 'ControlPlane', { kubeadmConfigSpec: {} }),
    },
    templateSchemas: {},
  });
  stack.nodeImages.add({
    kubernetesVersion: KubernetesVersion.of('1.35.1'),
    // kind v0.31.0's image of Kubernetes 1.35.1, as docker/scs pins it
    image: 'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
  });
  const { files } = synthesizeStack(stack, CapiVersion.V1BETA1);
  return Object.fromEntries(
    [...files].filter(([path]) => path.startsWith('cluster-addon/') || path === 'clusteraddon.yaml'),
  );
}

/** Rendered JSON as tests read it: deep property access without casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into rendered JSON
export type Json = Record<string, any>;

/** The rendered objects of an addon, keyed `<Kind>/<name>`. */
export function objectsByKindAndName(objects: Json[]): Record<string, Json> {
  return Object.fromEntries(
    objects.map((o) => [`${String(o.kind)}/${(o.metadata as { name: string }).name}`, o]),
  );
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
