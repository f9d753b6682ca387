// Test support shared by every construct package (in the manner of cdk8s's `Testing`): an empty stack, the
// files its addons synthesize, rendered objects by kind and name, and the error a call throws. No I/O.
import { Construct } from 'constructs';
import { CapiVersion } from './capi-version';
import { ClusterClass } from './cluster-class/cluster-class';
import { KubeadmControlPlaneTemplate } from './cluster-class/kubeadm';
import { TemplateResource } from './cluster-class/template-resource';
import { ClusterStack } from './cluster-stack';
import { KubernetesVersion } from './kubernetes-version';
import { NodeImage } from './node-images/node-images';
import { synthesizeStack } from './synth/synthesize';

/** Rendered JSON as tests read it: deep property access without casts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read deep into rendered JSON
export type TestJson = Record<string, any>;

/** Options of {@link StackTesting.addonFiles}. */
export interface AddonFilesOptions {
  /** The infrastructure cluster template of the ClusterClass synthesis needs. @default - a minimal DockerClusterTemplate */
  readonly infrastructure?: (scope: Construct) => TemplateResource;
  /** The node image of the stack's release. @default - kind's image of Kubernetes 1.35.1, pinned by digest */
  readonly nodeImage?: NodeImage;
}

/** The smallest infrastructure cluster template a ClusterClass accepts. */
class MinimalClusterTemplate extends TemplateResource {
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

/** kind v0.31.0's image of Kubernetes 1.35.1, as docker/scs pins it. */
const KIND_1_35_1 =
  'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab';

/** Helpers for unit tests of constructs. */
export class StackTesting {
  /** An empty stack (`test-<name>-1-35` unless another release is given), the scope of constructs under test. */
  public static stack(name: string, kubernetesVersion = KubernetesVersion.of('1.35.1')): ClusterStack {
    return new ClusterStack({ provider: 'test', name, kubernetesVersion });
  }

  /**
   * Synthesizes a stack that only has addons, after giving it the ClusterClass and node image synthesis needs,
   * and returns the files the addons own (`cluster-addon/**`, `clusteraddon.yaml`), so snapshots do not change
   * with the ClusterClass rendering.
   */
  public static addonFiles(stack: ClusterStack, options: AddonFilesOptions = {}): Record<string, string> {
    new ClusterClass(stack, 'ClusterClass', {
      infrastructure: (options.infrastructure ?? ((scope) => new MinimalClusterTemplate(scope, 'Cluster')))(
        stack,
      ),
      controlPlane: {
        template: new KubeadmControlPlaneTemplate(stack, 'ControlPlane', { kubeadmConfigSpec: {} }),
      },
      templateSchemas: {},
    });
    stack.nodeImages.add(
      options.nodeImage ?? { kubernetesVersion: KubernetesVersion.of('1.35.1'), image: KIND_1_35_1 },
    );
    const { files } = synthesizeStack(stack, CapiVersion.V1BETA1);
    return Object.fromEntries(
      [...files].filter(([path]) => path.startsWith('cluster-addon/') || path === 'clusteraddon.yaml'),
    );
  }

  /** Rendered objects keyed `<Kind>/<name>`. */
  public static byKindAndName(objects: readonly TestJson[]): Record<string, TestJson> {
    return Object.fromEntries(
      objects.map((o) => [`${String(o.kind)}/${(o.metadata as { name: string }).name}`, o]),
    );
  }

  /** The error `fn` throws; fails the test when it throws none. */
  public static errorOf(fn: () => unknown): Error {
    try {
      fn();
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected an error, but none was thrown');
  }
}

/**
 * The lines every authentication configuration of the hardening profile starts with, as tests expect them:
 * the API version, then anonymous requests allowed only on the health endpoints and cluster-info. Written
 * out, not derived from the profile's constants, so a change there shows in the tests.
 */
export function expectedAnonymousAuthenticationLines(apiVersion: string): string[] {
  return [
    `apiVersion: ${apiVersion}`,
    'kind: AuthenticationConfiguration',
    'anonymous:',
    '  enabled: true',
    '  conditions:',
    '    - path: /healthz',
    '    - path: /livez',
    '    - path: /readyz',
    '    - path: /api/v1/namespaces/kube-public/configmaps/cluster-info',
  ];
}
