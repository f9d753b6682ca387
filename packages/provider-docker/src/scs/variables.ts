import type { Integer } from '@cluster-stacks/core';

/**
 * The variables a Cluster of the docker/scs ClusterClass can set, besides those of the hardening profile
 * (`HardeningVariables` in the core library).
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
   * Tag of the CoreDNS image; empty uses the one kubeadm of the stack's Kubernetes release deploys, which the
   * control plane names so that an upgrade moves CoreDNS too.
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
   * Maximum number of pods the kubelet runs on each node.
   * @default 110
   * @minimum 10
   * @maximum 250
   */
  readonly kubeletMaxPods?: Integer;
  /**
   * Mounts the host's Docker socket (/var/run/docker.sock) into every node container, for a cluster that itself creates Docker machines (e.g. runs CAPD as a management cluster in a test). It exposes the host's Docker daemon: root on any node, or any Pod allowed a hostPath volume, controls every container on the host and the host itself.
   * @default false
   */
  readonly mountHostDockerSocket?: boolean;
  /**
   * Enables the controller manager's hostpath provisioner, which serves PersistentVolumeClaims from directories on one node. Testing only, as Kubernetes documents it: volumes are not isolated, and it does not work with more than one node.
   * @default false
   */
  readonly hostPathProvisioner?: boolean;
}
