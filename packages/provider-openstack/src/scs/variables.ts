import type { Integer } from '@cluster-stacks/core';

// An OpenStack ID: the list variables below carry its format on their items. (No description here: a documented
// alias would give every use its description.)
/** @format uuid4 */
export type Uuid4 = string;

/** How the Kubernetes API server is reached: no load balancer, or an Octavia load balancer of a provider. */
export type ApiServerLoadBalancer = 'none' | 'octavia-amphora' | 'octavia-ovn';

/** An extra Cinder volume attached to every worker. */
export interface WorkerBlockDevice {
  /** Name of the device; CAPO names the volume `<machine>-<name>`. */
  readonly name: string;
  /**
   * Size of the volume in GiB.
   * @default 20
   */
  readonly sizeGiB?: Integer;
  /**
   * Cinder volume type; `__DEFAULT__` is the cloud's default type.
   * @default "__DEFAULT__"
   */
  readonly type?: string;
}

/** Which OpenStack credentials CAPO uses for the cluster. */
export interface IdentityRef {
  /**
   * Secret in the Cluster's namespace whose `clouds.yaml` key holds the OpenStack credentials.
   * @default "openstack"
   */
  readonly name?: string;
  /**
   * Entry of that clouds.yaml to use.
   * @default "openstack"
   */
  readonly cloudName?: string;
}

/** OpenID Connect authentication of the API server; it is configured only when clientID and issuerURL are set. */
export interface OidcConfig {
  /**
   * Client ID every token must be issued for (`jwt[0].issuer.audiences` of the authentication configuration).
   * @optional
   * @example "kubectl"
   */
  readonly clientID?: string;
  /**
   * HTTPS URL of the issuer; the API server discovers its signing keys there (`jwt[0].issuer.url`).
   * @optional
   * @example "https://dex.example.com"
   */
  readonly issuerURL?: string;
  /**
   * JWT claim used as the user name (`jwt[0].claimMappings.username.claim`).
   * @default "preferred_username"
   */
  readonly usernameClaim?: string;
  /**
   * JWT claim holding the user's groups, a list of strings (`jwt[0].claimMappings.groups.claim`).
   * @default "groups"
   */
  readonly groupsClaim?: string;
  /**
   * Prefix of user names from tokens, so they cannot collide with other users such as `system:` ones (`jwt[0].claimMappings.username.prefix`).
   * @default "oidc:"
   */
  readonly usernamePrefix?: string;
  /**
   * Prefix of group names from tokens (`jwt[0].claimMappings.groups.prefix`).
   * @default "oidc:"
   */
  readonly groupsPrefix?: string;
}

/**
 * The variables a Cluster of the openstack/scs ClusterClass can set. Names, types, defaults and effects are
 * those of the upstream scs2 ClusterClass, plus the root-disk availability-zone pins. Registry mirrors, the HTTP
 * proxy, NTP servers and certificate renewal are the core's (`ClusterFeatureVariables`), the hardening
 * profile's settings too (`HardeningVariables`).
 * @clusterClassVariables
 */
export interface OpenStackScsVariables {
  /**
   * Base name of the node image. With imageIsOrc it names an ORC Image object in the Cluster's namespace, otherwise a Glance image of the project (which must exist). With imageAddVersion the machine's Kubernetes version is appended, e.g. ubuntu-capi-image-v1.35.1.
   * @default "ubuntu-capi-image"
   */
  readonly imageName?: string;
  /**
   * Whether imageName names an ORC Image object (`image.imageRef`) rather than a Glance image found by name (`image.filter`).
   * @default false
   */
  readonly imageIsOrc?: boolean;
  /**
   * Append `-<Kubernetes version>` of each machine to imageName, so control plane and workers of different versions get their own image during upgrades.
   * @default true
   */
  readonly imageAddVersion?: boolean;
  /**
   * Attach no floating IP to the API server (for clusters reached only from inside the cloud network).
   * @default false
   */
  readonly disableAPIServerFloatingIP?: boolean;
  /**
   * ID of the external network the cluster router connects to; needed when the project sees several external networks.
   * @format uuid4
   * @optional
   * @example "ebfe5546-f09f-4f42-ab54-094e457d42ec"
   */
  readonly networkExternalID?: string;
  /**
   * MTU of the cluster network CAPO creates; unset uses the cloud's default.
   * @optional
   * @example 1500
   */
  readonly networkMTU?: Integer;
  /**
   * DNS servers of the subnet CAPO creates.
   * @default ["9.9.9.9", "149.112.112.112"]
   * @example ["9.9.9.9", "149.112.112.112"]
   */
  readonly dnsNameservers?: readonly string[];
  /**
   * CIDR of the subnet CAPO creates for the nodes, together with a network and a router.
   * @format cidr
   * @default "10.8.0.0/20"
   * @example "10.8.0.0/20"
   */
  readonly nodeCIDR?: string;
  /**
   * Flavor of control-plane servers. A flavor without a disk needs controlPlaneRootDisk.
   * @default "SCS-2V-4"
   * @example "SCS-2V-4-20s"
   */
  readonly controlPlaneFlavor?: string;
  /**
   * Size in GiB of a Cinder root volume for control-plane servers, used instead of the flavor's disk; 0 boots from the flavor's disk.
   * @minimum 0
   * @default 50
   * @example 25
   */
  readonly controlPlaneRootDisk?: Integer;
  /**
   * Create the control-plane root volume in the availability zone of its server (`availabilityZone.from: Machine`); for clouds whose volumes cannot attach across zones.
   * @default false
   * @example true
   */
  readonly controlPlaneRootDiskPin?: boolean;
  /**
   * Server group of control-plane servers, e.g. one with an anti-affinity policy; empty uses none.
   * @default ""
   * @example "3adf4e92-bb33-4e44-8ad3-afda9dfe8ec3"
   */
  readonly controlPlaneServerGroupID?: string;
  /**
   * Availability zones control-plane servers may be placed in.
   * @optional
   * @example ["nova"]
   */
  readonly controlPlaneAvailabilityZones?: readonly string[];
  /**
   * Create control-plane servers without an availability zone and let the Nova scheduler choose one.
   * @optional
   * @example true
   */
  readonly controlPlaneOmitAvailabilityZone?: boolean;
  /**
   * Flavor of worker servers. A flavor without a disk needs workerRootDisk.
   * @default "SCS-4V-8"
   * @example "SCS-4V-8"
   */
  readonly workerFlavor?: string;
  /**
   * Size in GiB of a Cinder root volume for worker servers, used instead of the flavor's disk; 0 boots from the flavor's disk.
   * @minimum 0
   * @default 50
   * @example 25
   */
  readonly workerRootDisk?: Integer;
  /**
   * Create the worker root volumes in the availability zone of their servers (`availabilityZone.from: Machine`).
   * @default false
   * @example true
   */
  readonly workerRootDiskPin?: boolean;
  /**
   * Server group of worker servers; empty uses none.
   * @default ""
   * @example "869fe071-1e56-46a9-9166-47c9f228e297"
   */
  readonly workerServerGroupID?: string;
  /**
   * Extra Cinder volumes attached to every worker.
   * @default []
   * @example [{"name": "data", "sizeGiB": 100, "type": "ssd"}]
   */
  readonly workerAdditionalBlockDevices?: readonly WorkerBlockDevice[];
  /**
   * Create the extra worker volumes in the availability zone of their servers (`availabilityZone.from: Machine`).
   * @default false
   * @example true
   */
  readonly workerAdditionalBlockDevicesPin?: boolean;
  /**
   * Name of the Nova key pair injected into every server (for debugging); empty injects none.
   * @default ""
   * @example "capi-keypair"
   */
  readonly sshKeyName?: string;
  /**
   * Names of extra security groups of every server. Ignored when securityGroupIDs is set.
   * @default []
   * @example ["security-group-1"]
   */
  readonly securityGroups?: readonly string[];
  /**
   * IDs of extra security groups of every server; they replace securityGroups.
   * @default []
   * @example ["9ae2f488-30a3-4629-bd51-07acb8eb4278"]
   */
  readonly securityGroupIDs?: readonly Uuid4[];
  /**
   * Names of extra security groups of worker servers; they replace securityGroups and securityGroupIDs on workers. Ignored when workerSecurityGroupIDs is set.
   * @default []
   * @example ["security-group-1"]
   */
  readonly workerSecurityGroups?: readonly string[];
  /**
   * IDs of extra security groups of worker servers; they replace every other security group setting on workers.
   * @default []
   * @example ["9ae2f488-30a3-4629-bd51-07acb8eb4278"]
   */
  readonly workerSecurityGroupIDs?: readonly Uuid4[];
  /**
   * The Secret and clouds.yaml entry CAPO authenticates with.
   * @default {}
   */
  readonly identityRef?: IdentityRef;
  /**
   * Extra subject alternative names of the API server certificate.
   * @default []
   * @example ["api.example.com"]
   */
  readonly certSANs?: readonly string[];
  /**
   * Load balancer in front of the API server: none, or Octavia with the amphora or the OVN provider. (Load balancers of Services are the cloud controller manager's.)
   * @default "octavia-ovn"
   * @example "octavia-amphora"
   */
  readonly apiServerLoadBalancer?: ApiServerLoadBalancer;
  /**
   * Source CIDRs allowed to reach the API server load balancer; applies to octavia-amphora only (Octavia ≥ 2.12). Include the management cluster's egress address, or CAPO cannot reach the cluster.
   * @optional
   * @example ["192.168.10.0/24"]
   */
  readonly apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs?: readonly string[];
  /**
   * OpenID Connect authentication of the API server.
   * @optional
   */
  readonly oidcConfig?: OidcConfig;
  /**
   * Deny every Pod egress to the cloud metadata service (169.254.169.254), whose user data holds the bootstrap tokens of the nodes, with a Cilium clusterwide policy; host-network Pods (the cloud controller manager, the Cinder CSI node plugin) keep it. Without Cilium (the stack's cilium option off) it has no effect.
   * @default true
   * @example false
   */
  readonly blockMetadataService?: boolean;
}
