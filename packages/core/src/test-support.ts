import { Construct } from 'constructs';
import { CapiVersion } from './capi-version';
import { ClusterClass, ClusterClassProps } from './cluster-class/cluster-class';
import { KubeadmConfigTemplate, KubeadmControlPlaneTemplate } from './cluster-class/kubeadm';
import { SchemaNode } from './cluster-class/schema-paths';
import { TemplateResource } from './cluster-class/template-resource';
import { ClusterStack } from './cluster-stack';
import { TEMPLATE_SCHEMAS } from './imports/template-schemas';
import { KubernetesVersion } from './kubernetes-version';

/** A minimal infrastructure template for tests of the core (providers have real ones). */
export class FakeInfraTemplate extends TemplateResource {
  public readonly kind: string;
  public constructor(scope: Construct, id: string, kind: string, suffix: string) {
    super(scope, id, suffix);
    this.kind = kind;
  }
  public apiVersion(_capi: CapiVersion): string {
    return 'infrastructure.test.dev/v1';
  }
  protected renderSpec(): Record<string, unknown> {
    return { template: { spec: { image: 'none' } } };
  }
}

/**
 * A fake machine template whose v1beta2 rendering is another kind with its settings moved below
 * `backend/fake`, the way CAPD's v1beta2 Dev* kinds replace its Docker* kinds.
 */
export class FakeMovedTemplate extends TemplateResource {
  public readonly kind = 'FakeMachineTemplate';
  public constructor(scope: Construct, id: string, suffix: string) {
    super(scope, id, suffix);
  }
  public apiVersion(_capi: CapiVersion): string {
    return 'infrastructure.test.dev/v1';
  }
  public override kindFor(capi: CapiVersion): string {
    return capi === CapiVersion.V1BETA2 ? 'FakeBackendMachineTemplate' : this.kind;
  }
  public override settingsPath(capi: CapiVersion): string {
    return capi === CapiVersion.V1BETA2 ? '/spec/template/spec/backend/fake' : super.settingsPath(capi);
  }
  protected renderSpec(capi: CapiVersion): Record<string, unknown> {
    const settings = { image: 'none' };
    return { template: { spec: capi === CapiVersion.V1BETA2 ? { backend: { fake: settings } } : settings } };
  }
}

/** Schemas for the fake kinds plus the real kubeadm ones. */
export const TEST_SCHEMAS: { readonly [key: string]: SchemaNode } = {
  ...TEMPLATE_SCHEMAS,
  'infrastructure.test.dev/v1/FakeClusterTemplate': {
    p: { spec: { p: { template: { p: { spec: { p: { image: 1 } } } } } } },
  },
  'infrastructure.test.dev/v1/FakeMachineTemplate': {
    p: { spec: { p: { template: { p: { spec: { p: { image: 1 } } } } } } },
  },
  'infrastructure.test.dev/v1/FakeBackendMachineTemplate': {
    p: {
      spec: { p: { template: { p: { spec: { p: { backend: { p: { fake: { p: { image: 1 } } } } } } } } } },
    },
  },
};

/** A stack with a small but complete ClusterClass (one worker class) and one node image. */
export function testStack(
  overrides: Partial<ClusterClassProps> = {},
  kubernetesVersion = KubernetesVersion.of('1.35.1'),
) {
  const stack = new ClusterStack({ provider: 'test', name: 'core', kubernetesVersion });
  stack.nodeImages.add({
    kubernetesVersion,
    image: 'example/node:v1.35.1@sha256:3e744c3991f041db0686e12227a2fefebfda1a6975616638cce1d24ad9419a83',
  });
  const infra = new FakeInfraTemplate(stack, 'Infra', 'FakeClusterTemplate', 'cluster');
  const controlPlane = new KubeadmControlPlaneTemplate(stack, 'ControlPlane', {
    kubeadmConfigSpec: {
      clusterConfiguration: { apiServer: { extraArgs: { 'tls-min-version': 'VersionTLS12' } } },
    },
  });
  const machines = new FakeInfraTemplate(stack, 'Machines', 'FakeMachineTemplate', 'worker');
  const bootstrap = new KubeadmConfigTemplate(stack, 'Bootstrap', {
    spec: { joinConfiguration: { nodeRegistration: { kubeletExtraArgs: { 'max-pods': '110' } } } },
  });
  const clusterClass = new ClusterClass(stack, 'ClusterClass', {
    infrastructure: infra,
    controlPlane: { template: controlPlane },
    workers: [{ class: 'default-worker', bootstrap, infrastructure: machines }],
    variables: [
      { name: 'image', required: false, schema: { type: 'string', default: 'none', description: 'Image.' } },
    ],
    templateSchemas: TEST_SCHEMAS,
    ...overrides,
  });
  return { stack, clusterClass, infra, controlPlane, machines, bootstrap };
}

/**
 * A test stack whose kubeadm templates have the files and commands lists the feature patches extend (the
 * registry mirror patches rewrite the files list from the template's own entries).
 */
export function testStackWithLists(kubernetesVersion = KubernetesVersion.of('1.35.1')) {
  const parts = testStack({}, kubernetesVersion);
  const file = { path: '/etc/base', owner: 'root:root', permissions: '0644', content: 'base\n' };
  parts.controlPlane.extend({ files: [file], preKubeadmCommands: ['true'] });
  parts.bootstrap.extend({ files: [file], preKubeadmCommands: ['true'] });
  return parts;
}
