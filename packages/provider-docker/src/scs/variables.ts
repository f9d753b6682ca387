import type { Integer } from '@cluster-stacks/core';

/** A Pod Security Standards level. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** Pod Security admission defaults applied to every namespace that does not set its own labels. */
export interface PodSecurityStandard {
  /**
   * Configures the PodSecurity admission plugin with the levels below.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Level enforced: pods that violate it are rejected.
   * @default "baseline"
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Level audited: violations are recorded in the audit log.
   * @default "restricted"
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Level warned about: violations are returned as warnings to the client.
   * @default "restricted"
   */
  readonly warn?: PodSecurityLevel;
}

/**
 * The variables a Cluster of the docker/scs ClusterClass can set.
 * @clusterClassVariables
 */
export interface DockerScsVariables {
  /**
   * Registry the control-plane images (kube-apiserver, etcd, CoreDNS, kube-proxy) are pulled from; empty uses kubeadm's default.
   * @default ""
   * @example "registry.k8s.io"
   */
  readonly imageRepository?: string;
  /**
   * Tag of the etcd image; empty uses the one kubeadm pins for the Kubernetes version.
   * @default ""
   * @example "3.5.21-0"
   */
  readonly etcdImageTag?: string;
  /**
   * Tag of the CoreDNS image; empty uses the one kubeadm pins for the Kubernetes version.
   * @default ""
   * @example "v1.12.0"
   */
  readonly coreDNSImageTag?: string;
  /**
   * Repository of the kindest/node images the machines run; the tag and digest come from the stack's node-image layer.
   * @default "kindest/node"
   * @example "registry.example.com/docker.io/kindest/node"
   */
  readonly nodeImageRepository?: string;
  /**
   * Extra subject alternative names of the API server certificate, added to localhost, 127.0.0.1, 0.0.0.0 and host.docker.internal.
   * @default []
   * @example ["api.example.com"]
   */
  readonly certSANs?: readonly string[];
  /**
   * Pod Security admission defaults for the whole cluster.
   * @default {}
   */
  readonly podSecurityStandard?: PodSecurityStandard;
  /**
   * Maximum number of pods the kubelet runs on each node.
   * @default 110
   * @minimum 10
   * @maximum 250
   */
  readonly kubeletMaxPods?: Integer;
}
