import { CapiVersion, invalidProp, TemplateResource } from '@cluster-stacks/core';
import { capoV1beta1 } from './imports';
import { Construct } from 'constructs';

/**
 * CAPO's templates are `infrastructure.cluster.x-k8s.io/v1beta1` for both CAPI renderings: CAPO v0.12 to
 * v0.14 serve v1beta1 as their only undeprecated version, and CAPI v1beta2 ClusterClasses reference
 * infrastructure templates of any contract version.
 */
export const CAPO_API_VERSION = 'infrastructure.cluster.x-k8s.io/v1beta1';

/** The spec of an OpenStackClusterTemplate's `template.spec`, typed by the CAPO v1beta1 CRD. */
export type OpenStackClusterSpec = capoV1beta1.OpenStackClusterTemplateSpecTemplateSpec;

/** The spec of an OpenStackMachineTemplate's `template.spec`, typed by the CAPO v1beta1 CRD. */
export type OpenStackMachineSpec = capoV1beta1.OpenStackMachineTemplateSpecTemplateSpec;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkNameSuffix(where: string, value: string): void {
  if (!DNS_LABEL.test(value)) {
    throw invalidProp(
      where,
      'nameSuffix',
      value,
      'a lowercase DNS label such as "control-plane"',
      'It ends the name of the template object.',
    );
  }
}

/** Props of {@link OpenStackClusterTemplate}. */
export interface OpenStackClusterTemplateProps {
  /** Name suffix of the object. @default cluster */
  readonly nameSuffix?: string;
  /** The OpenStackCluster every Cluster of the class starts from; patches fill in the rest. */
  readonly spec: OpenStackClusterSpec;
}

/** CAPO's infrastructure cluster template: network, router, security groups and API server load balancer. */
export class OpenStackClusterTemplate extends TemplateResource {
  public readonly kind = 'OpenStackClusterTemplate';
  /** The spec as given. */
  public readonly spec: OpenStackClusterSpec;

  public constructor(scope: Construct, id: string, props: OpenStackClusterTemplateProps) {
    super(scope, id, props.nameSuffix ?? 'cluster');
    checkNameSuffix(this.node.path, this.nameSuffix);
    this.spec = props.spec;
  }

  public apiVersion(_capi: CapiVersion): string {
    return CAPO_API_VERSION;
  }

  protected renderSpec(): Record<string, unknown> {
    return { template: { spec: capoV1beta1.toJson_OpenStackClusterTemplateSpecTemplateSpec(this.spec) } };
  }
}

/** Props of {@link OpenStackMachineTemplate}. */
export interface OpenStackMachineTemplateProps {
  /** Name suffix of the object, e.g. `control-plane` or `default-worker`. */
  readonly nameSuffix: string;
  /** The OpenStackMachine every machine of the class starts from; patches fill in the rest. */
  readonly spec: OpenStackMachineSpec;
}

/** CAPO's machine template: one Nova server per machine. */
export class OpenStackMachineTemplate extends TemplateResource {
  public readonly kind = 'OpenStackMachineTemplate';
  /** The spec as given. */
  public readonly spec: OpenStackMachineSpec;

  public constructor(scope: Construct, id: string, props: OpenStackMachineTemplateProps) {
    super(scope, id, props.nameSuffix);
    checkNameSuffix(this.node.path, props.nameSuffix);
    this.spec = props.spec;
  }

  public apiVersion(_capi: CapiVersion): string {
    return CAPO_API_VERSION;
  }

  protected renderSpec(): Record<string, unknown> {
    return { template: { spec: capoV1beta1.toJson_OpenStackMachineTemplateSpecTemplateSpec(this.spec) } };
  }
}
