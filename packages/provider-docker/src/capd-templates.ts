import { CapiVersion, TemplateResource } from '@cluster-stacks/core';
import { capdV1beta1 } from './imports';
import { Construct } from 'constructs';

/**
 * CAPD's templates stay at `infrastructure.cluster.x-k8s.io/v1beta1` for both CAPI renderings: v1beta1 is
 * served by every CAPD this project targets, while CAPD's own v1beta2 Docker* kinds are deprecated in favour
 * of the Dev* kinds.
 */
const CAPD_API_VERSION = 'infrastructure.cluster.x-k8s.io/v1beta1';

/** Props of {@link DockerClusterTemplate}. */
export interface DockerClusterTemplateProps {
  /** Name suffix of the object. @default cluster */
  readonly nameSuffix?: string;
}

/** The infrastructure cluster template of CAPD (a load balancer container in front of the control plane). */
export class DockerClusterTemplate extends TemplateResource {
  public readonly kind = 'DockerClusterTemplate';

  public constructor(scope: Construct, id: string, props: DockerClusterTemplateProps = {}) {
    super(scope, id, props.nameSuffix ?? 'cluster');
  }

  public apiVersion(_capi: CapiVersion): string {
    return CAPD_API_VERSION;
  }

  protected renderSpec(): Record<string, unknown> {
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

/** A CAPD machine template: each machine is a kindest/node container. */
export class DockerMachineTemplate extends TemplateResource {
  public readonly kind = 'DockerMachineTemplate';
  private readonly extraMounts: readonly DockerMount[];

  public constructor(scope: Construct, id: string, props: DockerMachineTemplateProps) {
    super(scope, id, props.nameSuffix);
    this.extraMounts = props.extraMounts ?? [];
  }

  public apiVersion(_capi: CapiVersion): string {
    return CAPD_API_VERSION;
  }

  protected renderSpec(): Record<string, unknown> {
    // Rendered through the generated CAPD binding, so the fields are checked against the CRD's types.
    return capdV1beta1.DockerMachineTemplate.manifest({
      spec: { template: { spec: { extraMounts: this.extraMounts.map((m) => ({ ...m })) } } },
    }).spec;
  }
}
