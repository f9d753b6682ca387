import { CapiVersion, TemplateResource } from '@cluster-stacks/core';
import { capdV1beta1, capdV1beta2 } from './imports';
import { Construct } from 'constructs';

/**
 * The API of CAPD's templates for each CAPI rendering. The v1beta1 rendering keeps the Docker* kinds at
 * `infrastructure.cluster.x-k8s.io/v1beta1`, served by every CAPD the shipped releases target. CAPD serves its
 * Docker* kinds in v1beta2 only as deprecated (v1.14), in favour of the Dev* kinds with the docker backend, so
 * the v1beta2 rendering uses those, with the docker settings under `backend.docker`.
 */
const CAPD_API: Readonly<Record<CapiVersion['version'], { apiVersion: string; settingsPath: string }>> = {
  v1beta1: { apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1', settingsPath: '/spec/template/spec' },
  v1beta2: {
    apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta2',
    settingsPath: '/spec/template/spec/backend/docker',
  },
};

/** Props of {@link DockerClusterTemplate}. */
export interface DockerClusterTemplateProps {
  /** Name suffix of the object. @default cluster */
  readonly nameSuffix?: string;
}

/**
 * The infrastructure cluster template of CAPD (a load balancer container in front of the control plane):
 * a `DockerClusterTemplate` in the v1beta1 rendering, a `DevClusterTemplate` with the docker backend in v1beta2.
 */
export class DockerClusterTemplate extends TemplateResource {
  public readonly kind = 'DockerClusterTemplate';

  public constructor(scope: Construct, id: string, props: DockerClusterTemplateProps = {}) {
    super(scope, id, props.nameSuffix ?? 'cluster');
  }

  public apiVersion(capi: CapiVersion): string {
    return CAPD_API[capi.version].apiVersion;
  }

  public override kindFor(capi: CapiVersion): string {
    return capi === CapiVersion.V1BETA2 ? 'DevClusterTemplate' : this.kind;
  }

  public override settingsPath(capi: CapiVersion): string {
    return CAPD_API[capi.version].settingsPath;
  }

  protected renderSpec(capi: CapiVersion): Record<string, unknown> {
    // An empty docker backend still chooses the backend: a DevCluster needs one.
    if (capi === CapiVersion.V1BETA2) {
      return capdV1beta2.DevClusterTemplate.manifest({
        spec: { template: { spec: { backend: { docker: {} } } } },
      }).spec;
    }
    return capdV1beta1.DockerClusterTemplate.manifest({ spec: { template: { spec: {} } } }).spec;
  }
}

/** A host path mounted into a CAPD node container. */
export interface DockerMount {
  /** Path inside the node container. */
  readonly containerPath: string;
  /** Path on the Docker host. */
  readonly hostPath: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
}

/** Props of {@link DockerMachineTemplate}. */
export interface DockerMachineTemplateProps {
  /** Name suffix of the object, e.g. `control-plane` or `default-worker`. */
  readonly nameSuffix: string;
  /** Host paths mounted into the node container. @default - none */
  readonly extraMounts?: readonly DockerMount[];
}

/**
 * A CAPD machine template, each machine a kindest/node container: a `DockerMachineTemplate` in the v1beta1
 * rendering, a `DevMachineTemplate` with the docker backend in v1beta2. Patches reach its docker settings
 * with `PatchOperation.addSetting`, which finds them in either.
 */
export class DockerMachineTemplate extends TemplateResource {
  public readonly kind = 'DockerMachineTemplate';
  private readonly extraMounts: readonly DockerMount[];

  public constructor(scope: Construct, id: string, props: DockerMachineTemplateProps) {
    super(scope, id, props.nameSuffix);
    this.extraMounts = props.extraMounts ?? [];
  }

  public apiVersion(capi: CapiVersion): string {
    return CAPD_API[capi.version].apiVersion;
  }

  public override kindFor(capi: CapiVersion): string {
    return capi === CapiVersion.V1BETA2 ? 'DevMachineTemplate' : this.kind;
  }

  public override settingsPath(capi: CapiVersion): string {
    return CAPD_API[capi.version].settingsPath;
  }

  protected renderSpec(capi: CapiVersion): Record<string, unknown> {
    // Rendered through the generated CAPD bindings, so the fields are checked against the CRDs' types.
    const extraMounts = this.extraMounts.map((m) => ({ ...m }));
    if (capi === CapiVersion.V1BETA2) {
      return capdV1beta2.DevMachineTemplate.manifest({
        spec: { template: { spec: { backend: { docker: { extraMounts } } } } },
      }).spec;
    }
    return capdV1beta1.DockerMachineTemplate.manifest({
      spec: { template: { spec: { extraMounts } } },
    }).spec;
  }
}
