import type { Integer } from '../cluster-class/schema';

// Items of the list variables below carry their pattern through these aliases (no description here: a
// documented alias would give every use its description).
/** @pattern ^[^\s,"\\]+$ */
export type NoProxyEntry = string;
/** @pattern ^[A-Za-z0-9]([-A-Za-z0-9.:]*[A-Za-z0-9])?$ */
export type NtpServer = string;

/** A Secret of the management cluster holding a registry's user name and password. */
export interface RegistryCredentialsSecretRef {
  /**
   * Name of the Secret, in the Cluster's namespace of the management cluster (e.g. of type `kubernetes.io/basic-auth`).
   * @example "registry-credentials"
   */
  readonly name: string;
  /**
   * Key of the Secret holding the user name.
   * @default "username"
   */
  readonly usernameKey?: string;
  /**
   * Key of the Secret holding the password or token.
   * @default "password"
   */
  readonly passwordKey?: string;
}

/**
 * A pull-through mirror of a container registry. Every node gets
 * `/etc/containerd/certs.d/<hostnameUpstream>/hosts.toml`, so containerd tries the mirror first and falls back
 * to the registry itself.
 */
export interface RegistryMirror {
  /**
   * Registry host the mirror stands in for, as image references name it (with a port if they do).
   * @pattern ^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]+)?$
   * @example "docker.io"
   */
  readonly hostnameUpstream: string;
  /**
   * URL of the mirror. With overridePath it is the mirror's registry API root (what containerd would reach as `/v2`).
   * @pattern ^https?://
   * @example "https://registry.example.com/v2/dockerhub"
   */
  readonly urlMirror: string;
  /**
   * URL of the registry itself (containerd's `server`); empty uses containerd's default for the host, e.g. `https://registry-1.docker.io` for docker.io.
   * @default ""
   * @example "https://registry-1.docker.io"
   */
  readonly urlUpstream?: string;
  /**
   * CA certificate (PEM) the mirror's TLS certificate is checked against; empty uses the node's trust store.
   * @default ""
   */
  readonly certMirror?: string;
  /**
   * Use urlMirror as the API root as it is (containerd's `override_path`); false appends `/v2` to it.
   * @default true
   */
  readonly overridePath?: boolean;
  /**
   * Secret with the user name and password the nodes authenticate to the mirror with (HTTP basic authentication). The bootstrap provider copies both into the node's bootstrap data; they end up in the mirror's hosts.toml, readable by root only. Unset pulls anonymously.
   * @optional
   * @example {"name": "registry-credentials"}
   */
  readonly credentialsSecretRef?: RegistryCredentialsSecretRef;
}

/** The HTTP proxy containerd and the kubelet of every node use. */
export interface HttpProxy {
  /**
   * URL of the proxy for plain HTTP requests (`HTTP_PROXY`).
   * @pattern ^https?://[^\s,"\\]+$
   * @optional
   * @example "http://proxy.example.com:3128"
   */
  readonly http?: string;
  /**
   * URL of the proxy for HTTPS requests (`HTTPS_PROXY`).
   * @pattern ^https?://[^\s,"\\]+$
   * @optional
   * @example "http://proxy.example.com:3128"
   */
  readonly https?: string;
  /**
   * Further hosts, domains (`.example.com`), IP addresses and CIDRs reached without the proxy (`NO_PROXY`). localhost, 127.0.0.1, the Cluster's pod and service CIDRs and its service domain (`.svc`, `.<serviceDomain>`) are always added; add the API server's address when the nodes reach it without the proxy.
   * @default []
   * @example ["10.0.0.0/8", ".example.com"]
   */
  readonly noProxy?: readonly NoProxyEntry[];
}

/** When control-plane machines are replaced before their certificates expire. */
export interface CertificateRenewal {
  /**
   * Replace control-plane machines before their certificates expire (KubeadmControlPlane `rolloutBefore.certificatesExpiryDays`).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Days before the expiry of the control-plane certificates (issued by kubeadm for one year) at which a machine is replaced.
   * @default 21
   * @minimum 7
   * @maximum 180
   */
  readonly daysBeforeExpiry?: Integer;
}

/**
 * The node and control-plane features that every stack's ClusterClass offers: registry mirrors, HTTP proxy,
 * time servers and certificate renewal.
 * @clusterClassVariables
 */
export interface ClusterFeatureVariables {
  /**
   * Pull-through mirrors of container registries, configured for containerd on every node.
   * @default []
   * @example [{"hostnameUpstream": "docker.io", "urlMirror": "https://registry.example.com/v2/dockerhub"}]
   */
  readonly registryMirrors?: readonly RegistryMirror[];
  /**
   * HTTP proxy of containerd (image pulls) and the kubelet on every node, as systemd drop-ins; off unless http or https is set.
   * @default {}
   * @example {"http": "http://proxy.example.com:3128", "https": "http://proxy.example.com:3128", "noProxy": [".example.com"]}
   */
  readonly httpProxy?: HttpProxy;
  /**
   * NTP servers every node synchronises its clock with (cloud-init's ntp module); empty keeps the node image's time settings. Container-based nodes (CAPD) share the host's clock and ignore it.
   * @default []
   * @example ["ntp1.example.com", "192.0.2.123"]
   */
  readonly ntpServers?: readonly NtpServer[];
  /**
   * Replacement of control-plane machines before their certificates expire, so that a cluster without upgrades keeps valid certificates.
   * @default {}
   */
  readonly controlPlaneCertificateRenewal?: CertificateRenewal;
}
