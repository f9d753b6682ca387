import {
  ClusterFeatureVariables,
  ClusterStack,
  EXAMPLE_OIDC_ISSUERS,
  ExampleCluster,
  ExampleClusterProps,
  HardeningVariables,
} from '@cluster-stacks/core';
import { OpenStackScsVariables } from './variables';

/** A PEM block in the shape of a CA certificate, for the examples (not a real certificate). */
const EXAMPLE_CA = '-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n';

/** Every variable a Cluster of openstack/scs can set: the stack's own, the core's features and the hardening profile's. */
export type OpenStackScsClusterVariables = OpenStackScsVariables &
  ClusterFeatureVariables &
  HardeningVariables;

/**
 * Every variable set, choosing the non-default branch wherever a variable has one. The metrics address is
 * upstream scs2's (metrics of the control plane reachable by a monitoring stack in the cluster).
 */
export const ALL_VARIABLES: Required<OpenStackScsClusterVariables> = {
  imageName: 'scs-node-image',
  imageIsOrc: true,
  imageAddVersion: true,
  disableAPIServerFloatingIP: true,
  networkExternalID: 'ebfe5546-f09f-4f42-ab54-094e457d42ec',
  networkMTU: 1450,
  dnsNameservers: ['192.0.2.53', '198.51.100.53'],
  nodeCIDR: '10.10.0.0/20',
  controlPlaneFlavor: 'SCS-2V-4-20s',
  controlPlaneRootDisk: 30,
  controlPlaneRootDiskPin: true,
  controlPlaneServerGroupID: '3adf4e92-bb33-4e44-8ad3-afda9dfe8ec3',
  controlPlaneAvailabilityZones: ['az1', 'az2', 'az3'],
  controlPlaneOmitAvailabilityZone: true,
  workerFlavor: 'SCS-8V-16',
  workerRootDisk: 80,
  workerRootDiskPin: true,
  workerServerGroupID: '869fe071-1e56-46a9-9166-47c9f228e297',
  workerAdditionalBlockDevices: [
    { name: 'data', sizeGiB: 100, type: 'ssd' },
    { name: 'scratch', sizeGiB: 40, type: '__DEFAULT__' },
  ],
  workerAdditionalBlockDevicesPin: true,
  sshKeyName: 'capi-keypair',
  securityGroups: ['allow-monitoring'],
  securityGroupIDs: ['9ae2f488-30a3-4629-bd51-07acb8eb4278'],
  workerSecurityGroups: ['allow-ingress'],
  workerSecurityGroupIDs: ['4f7c1a52-3d1e-4b8e-9c0f-2a6b8d9e1f30', '0b8e2c4d-6f1a-4a3b-8c5d-7e9f0a1b2c3d'],
  identityRef: { name: 'tenant-a-credentials', cloudName: 'tenant-a' },
  certSANs: ['api.example.com', '203.0.113.10'],
  apiServerLoadBalancer: 'octavia-amphora',
  apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs: ['192.0.2.0/24', '198.51.100.7/32'],
  oidcConfig: {
    clientID: 'kubectl',
    issuerURL: 'https://dex.example.com',
    usernameClaim: 'email',
    groupsClaim: 'roles',
    usernamePrefix: 'sso:',
    groupsPrefix: 'sso-group:',
  },
  blockMetadataService: false,
  registryMirrors: [
    {
      hostnameUpstream: 'docker.io',
      urlUpstream: 'https://registry-1.docker.io',
      urlMirror: 'https://registry.example.com/v2/dockerhub',
      certMirror: EXAMPLE_CA,
      overridePath: true,
    },
    { hostnameUpstream: 'registry.k8s.io', urlMirror: 'https://mirror.example.com', overridePath: false },
    {
      hostnameUpstream: 'ghcr.io',
      urlMirror: 'https://registry.example.com/v2/ghcr',
      credentialsSecretRef: { name: 'registry-credentials', usernameKey: 'user', passwordKey: 'token' },
    },
  ],
  httpProxy: {
    http: 'http://proxy.example.com:3128',
    https: 'http://proxy.example.com:3128',
    noProxy: ['.example.com', '192.0.2.0/24'],
  },
  ntpServers: ['ntp1.example.com', '192.0.2.123'],
  controlPlaneCertificateRenewal: { enabled: true, daysBeforeExpiry: 30 },
  oidcAuthentication: { jwt: EXAMPLE_OIDC_ISSUERS },
  podSecurityStandard: { enabled: true, enforce: 'restricted', audit: 'restricted', warn: 'restricted' },
  auditLog: { maxAgeDays: 90, maxBackups: 20, maxSizeMegabytes: 200 },
  controlPlaneMetricsBindAddress: '0.0.0.0',
  terminatedPodGCThreshold: 500,
};

/** The example Clusters of openstack/scs. */
export const OPENSTACK_SCS_EXAMPLES: readonly ExampleClusterProps<OpenStackScsClusterVariables>[] = [
  {
    name: 'defaults',
    description:
      'One control-plane node and one worker, every variable at its default: Octavia OVN in front of the API server, Glance images by name, 50 GiB root volumes.',
  },
  {
    name: 'all-variables',
    description:
      'Three control-plane nodes and two workers with every variable set: amphora load balancer with allowed CIDRs, ORC images, pinned volumes, security groups by ID, OIDC from the scs2 oidcConfig and two more issuers with claim mappings and CEL rules, registry mirrors (one with credentials), an HTTP proxy, NTP servers, certificate renewal 30 days before expiry, control-plane metrics on all interfaces as upstream scs2, and Pods allowed to reach the metadata service.',
    controlPlaneReplicas: 3,
    machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 2 }],
    variables: ALL_VARIABLES,
  },
  {
    name: 'flavor-disks',
    description:
      "Servers booting from their flavors' disks, no API server load balancer, images by exact name, security groups by name and extra worker volumes with default size and type.",
    variables: {
      controlPlaneFlavor: 'SCS-2V-4-20s',
      controlPlaneRootDisk: 0,
      workerFlavor: 'SCS-4V-8-50s',
      workerRootDisk: 0,
      apiServerLoadBalancer: 'none',
      imageName: 'ubuntu-24.04-kube-v1',
      imageAddVersion: false,
      securityGroups: ['allow-monitoring', 'allow-ssh'],
      workerSecurityGroups: ['allow-ingress'],
      workerAdditionalBlockDevices: [{ name: 'data' }],
    },
  },
];

/** Adds the example Clusters: they document the stack and feed the topology dry run. */
export function addOpenStackScsExamples(stack: ClusterStack): void {
  for (const example of OPENSTACK_SCS_EXAMPLES) {
    const id = example.name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
    new ExampleCluster<OpenStackScsClusterVariables>(stack, `${id}Example`, example);
  }
}
