import { ClusterAddon, invalidProp } from '@cluster-stacks/core';
import { Construct } from 'constructs';
import { cilium } from '../imports';

/**
 * The OpenStack metadata service as Pods see it: Nova serves instance data there, including each server's user
 * data, which holds the kubeadm bootstrap token of a worker. Only IPv4: the stack runs Cilium without IPv6.
 */
export const METADATA_SERVICE_CIDR = '169.254.169.254/32';

/** The name of the policy in the workload cluster. */
export const METADATA_SERVICE_POLICY_NAME = 'deny-cloud-metadata-service';

/** Props of {@link MetadataServicePolicy}. */
export interface MetadataServicePolicyProps {
  /** Stage name of the addon (its chart directory in the addon archive). @default "metadata-service-policy" */
  readonly name?: string;
  /**
   * The boolean ClusterClass variable that switches the policy per Cluster; CSO reads it from the Cluster's
   * `spec.topology.variables`, where CAPI writes the variable's default when the Cluster does not set it.
   */
  readonly variable: string;
  /**
   * Whether the policy applies when the Cluster has no such variable (a Cluster CAPI has not defaulted, or CSO
   * rendering without a Cluster); the variable's default should say the same.
   * @default true
   */
  readonly denyWithoutVariable?: boolean;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The overwrite template of the stage: the variable's value from the Cluster's topology, or the fallback. Each
 * entry is read with `dig`, so an entry without a name or value (never written by CAPI) cannot fail the stage.
 */
export function metadataServicePolicyOverwrite(variable: string, fallback: boolean): string {
  return [
    `{{- /* ${variable}: the Cluster's variable of that name (CAPI writes its default into the Cluster), else the fallback. */}}`,
    `{{- $deny := ${fallback} }}`,
    '{{- range dig "spec" "topology" "variables" (list) .Cluster }}',
    `{{- if eq (dig "name" "" .) ${JSON.stringify(variable)} }}`,
    `{{- $deny = dig "value" ${fallback} . }}`,
    '{{- end }}',
    '{{- end }}',
    'values: |',
    `  ${variable}: {{ $deny | toJson }}`,
    '',
  ].join('\n');
}

/**
 * Denies every Pod egress to the cloud metadata service with a CiliumClusterwideNetworkPolicy, unless the
 * Cluster switches it off through its ClusterClass variable.
 *
 * - Only a deny rule, and `enableDefaultDeny` off in both directions: a policy that selects an endpoint and has
 *   rules in a direction otherwise puts the endpoint into default deny for that direction, deny rules included
 *   (`enableDefaultDeny` in Cilium's CiliumClusterwideNetworkPolicy CRD; "Deny Policies",
 *   https://docs.cilium.io/en/stable/security/policy/deny/). So every other flow stays as the Cluster's own
 *   policies decide, and deny rules win over any allow rule that would open the address again.
 * - `endpointSelector: {}` selects every endpoint Cilium manages, in every namespace. Host-network Pods are no
 *   Cilium endpoints (they share the node's host identity, which only `nodeSelector` host policies select), so
 *   the components that do need the metadata service keep it: the Cinder CSI node plugin (its instance ID) and
 *   the OpenStack cloud controller manager run on the host network; the CSI controller asks the OpenStack API
 *   only.
 * - Its own stage, after the CNI: Cilium's operator registers the CRD once it runs, and until then CSO fails to
 *   apply the policy and retries the stage; as the last stage it holds up no other addon meanwhile.
 */
export class MetadataServicePolicy extends ClusterAddon {
  /** The ClusterClass variable that switches the policy. */
  public readonly variable: string;

  public constructor(scope: Construct, id: string, props: MetadataServicePolicyProps) {
    const fallback = props.denyWithoutVariable ?? true;
    const variable = props.variable;
    const validVariable = typeof variable === 'string' && VARIABLE_NAME.test(variable);
    super(scope, id, {
      name: props.name ?? 'metadata-service-policy',
      description: 'Cilium policy denying Pods access to the cloud metadata service',
      version: 'v1',
      ...(validVariable
        ? { values: { [variable]: fallback }, overwrite: metadataServicePolicyOverwrite(variable, fallback) }
        : {}),
    });
    if (!validVariable)
      throw invalidProp(
        this.node.path,
        'variable',
        variable,
        'a ClusterClass variable name such as "blockMetadataService"',
        'It is looked up in the Cluster and names the Helm value.',
      );
    if (typeof fallback !== 'boolean')
      throw invalidProp(this.node.path, 'denyWithoutVariable', fallback, 'true or false');
    this.variable = variable;
    const policy = new cilium.CiliumClusterwideNetworkPolicy(this.manifests, 'Policy', {
      metadata: { name: METADATA_SERVICE_POLICY_NAME },
      spec: {
        description: `Pods must not read instance data (user data holds bootstrap tokens); switched by the ClusterClass variable ${variable}.`,
        endpointSelector: {},
        enableDefaultDeny: { egress: false, ingress: false },
        egressDeny: [{ toCidr: [METADATA_SERVICE_CIDR] }],
      },
    });
    this.renderOnlyIf(policy, variable);
  }
}
