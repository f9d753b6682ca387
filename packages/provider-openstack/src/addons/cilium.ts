import { ClusterAddon, invalidProp } from '@cluster-stacks/core';
import { Construct } from 'constructs';

/** The Helm repository of the Cilium chart. */
export const CILIUM_CHART_REPOSITORY = 'https://helm.cilium.io/';

/** How Cilium assigns pod IPs. */
export type CiliumIpamMode = 'kubernetes' | 'cluster-pool' | 'multi-pool';

/** A namespace the chart keeps Secrets in, and whether the chart creates it. */
export interface SecretsNamespace {
  /** Namespace name. */
  readonly name: string;
  /**
   * Render a Namespace object for it. Off for kube-system: CSO would label kube-system as an object of the
   * addon and consider deleting it when a later release stops rendering it.
   */
  readonly create: boolean;
}

/**
 * The values this addon passes to the Cilium chart (under `cilium:` in the wrapper chart's values.yaml). The
 * keys are those of the upstream chart's values.yaml; everything else keeps the chart's defaults.
 */
export interface CiliumValues {
  /** Namespace of every Cilium object (CSO applies addons in kube-system). */
  readonly namespaceOverride: 'kube-system';
  /** Pod IP address management. */
  readonly ipam: { readonly mode: CiliumIpamMode };
  /** SCTP support of the datapath. */
  readonly sctp: { readonly enabled: boolean };
  /**
   * Session affinity of Services, as upstream scs2 sets it. The Cilium 1.19 and 1.20 charts read no such value:
   * Cilium's service load balancer honours `sessionAffinity: ClientIP` without a switch.
   */
  readonly sessionAffinity: boolean;
  /** Where the Secrets of Cilium's TLS (Hubble, Envoy) live: kube-system, which exists, so the chart creates no Namespace. */
  readonly tls: { readonly secretsNamespace: SecretsNamespace };
  /**
   * Gateway API support (the Gateway API CRDs must be installed for it to take effect), and where the TLS
   * Secrets of Gateways are synced to.
   */
  readonly gatewayAPI: { readonly enabled: boolean; readonly secretsNamespace: SecretsNamespace };
}

/** Props of {@link Cilium}. */
export interface CiliumProps {
  /** Stage name of the addon (its chart directory in the addon archive). @default "cni" */
  readonly name?: string;
  /** Version of the Cilium chart, e.g. `1.19.6`. */
  readonly chartVersion: string;
  /** sha256 of the chart archive (`sha256:<hex>`), so releases can ship the verified chart. @default - not vendored */
  readonly chartDigest?: string;
  /** Pod IP address management: `kubernetes` takes each node's pod CIDR from its Node object. @default "kubernetes" */
  readonly ipamMode?: CiliumIpamMode;
  /** Enable SCTP in the datapath. @default true */
  readonly sctp?: boolean;
  /** Keep upstream scs2's `sessionAffinity` value (see {@link CiliumValues.sessionAffinity}). @default true */
  readonly sessionAffinity?: boolean;
  /** Enable Cilium's Gateway API implementation. @default true */
  readonly gatewayApi?: boolean;
}

const NAMESPACE = 'kube-system';

/**
 * Cilium as the CNI: a wrapper chart whose only content is a dependency on the upstream Cilium chart and the
 * values in {@link CiliumValues}. CSO fetches the dependency when it applies the stage
 * (`helm template --dependency-update`), so the release ships no chart archive of Cilium.
 */
export class Cilium extends ClusterAddon {
  /** The values passed to the Cilium chart. */
  public readonly values: CiliumValues;

  public constructor(scope: Construct, id: string, props: CiliumProps) {
    const values: CiliumValues = {
      namespaceOverride: NAMESPACE,
      ipam: { mode: props.ipamMode ?? 'kubernetes' },
      sctp: { enabled: props.sctp ?? true },
      sessionAffinity: props.sessionAffinity ?? true,
      tls: { secretsNamespace: { name: NAMESPACE, create: false } },
      gatewayAPI: { enabled: props.gatewayApi ?? true, secretsNamespace: { name: NAMESPACE, create: false } },
    };
    super(scope, id, {
      name: props.name ?? 'cni',
      description: 'Cilium: the CNI, with Kubernetes IPAM, SCTP and Gateway API',
      version: props.chartVersion,
      upstreamChart: {
        name: 'cilium',
        version: props.chartVersion,
        repository: CILIUM_CHART_REPOSITORY,
        ...(props.chartDigest ? { digest: props.chartDigest } : {}),
        values: { ...values },
      },
    });
    if (!/^\d+\.\d+\.\d+$/.test(props.chartVersion)) {
      throw invalidProp(
        this.node.path,
        'chartVersion',
        props.chartVersion,
        'an exact chart version such as "1.19.6"',
        'CSO resolves the dependency at apply time; a range would change what clusters get.',
      );
    }
    this.values = values;
  }
}
