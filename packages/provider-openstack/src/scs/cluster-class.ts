import {
  builtin,
  ClusterClass,
  ClusterFeatures,
  ClusterFeatureVariables,
  ClusterStack,
  fn,
  goTemplate,
  Hardening,
  HardeningVariables,
  JwtAuthenticators,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
  literalText,
  MachineHealthCheck,
  oidcIssuerListed,
  PatchOperation,
  PatchDefinition,
  patchesOn,
  Ref,
  template,
  TEMPLATE_SCHEMAS,
  TemplateText,
  vars,
} from '@cluster-stacks/core';
import { OpenStackClusterTemplate, OpenStackMachineTemplate } from '../capo-templates';
import { capoV1beta1 } from '../imports';
import { openStackScsVariables } from './imports/variables';
import { controlPlaneSpec, kubeProxyConfig, WORKER_SPEC } from './kubeadm';
import type { OpenStackScsRelease } from './releases';
import { OpenStackScsVariables, WorkerBlockDevice } from './variables';

const v = vars<OpenStackScsVariables & HardeningVariables & ClusterFeatureVariables>();

/** The worker class of the ClusterClass. */
export const DEFAULT_WORKER_CLASS = 'default-worker';

/** Value of template fields that a patch always sets. */
const SET_BY_PATCH = 'set-by-patch';

type Rule =
  capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecManagedSecurityGroupsAllNodesSecurityGroupRules;
const Direction =
  capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecManagedSecurityGroupsAllNodesSecurityGroupRulesDirection;
const EtherType =
  capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecManagedSecurityGroupsAllNodesSecurityGroupRulesEtherType;
const Group =
  capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecManagedSecurityGroupsAllNodesSecurityGroupRulesRemoteManagedGroups;

/** Node-to-node traffic Cilium needs on top of CAPO's managed rules: VXLAN, health checks and Hubble. */
function ciliumRule(name: string, port: number, protocol: 'tcp' | 'udp', purpose: string): Rule {
  return {
    name,
    description: `Allow ${purpose} traffic for Cilium`,
    direction: Direction.INGRESS,
    etherType: EtherType.I_PV4,
    protocol,
    portRangeMin: port,
    portRangeMax: port,
    remoteManagedGroups: [Group.CONTROLPLANE, Group.WORKER],
  };
}

/** The security group rules Cilium needs between all nodes. */
export const CILIUM_SECURITY_GROUP_RULES: readonly Rule[] = [
  ciliumRule('VXLAN (Cilium)', 8472, 'udp', 'VXLAN'),
  ciliumRule('HealthCheck (Cilium)', 4240, 'tcp', 'health check'),
  ciliumRule('Hubble (Cilium)', 4244, 'tcp', 'Hubble'),
];

/** The templates of the ClusterClass, for patches and tests. */
export interface OpenStackScsTemplates {
  readonly cluster: OpenStackClusterTemplate;
  readonly controlPlane: KubeadmControlPlaneTemplate;
  readonly controlPlaneMachines: OpenStackMachineTemplate;
  readonly workerBootstrap: KubeadmConfigTemplate;
  readonly workerMachines: OpenStackMachineTemplate;
}

/** A Go-template field access on the loop item of a block device. */
const device = (field: keyof WorkerBlockDevice) => `$item.${field}`;

/** The image of a machine: an ORC Image reference or a Glance name filter, with or without the machine's version. */
function imagePatch(version: Ref<string>): PatchOperation {
  const name = v.ref('imageName');
  return PatchOperation.add(
    '/spec/template/spec/image',
    goTemplate`{"{{ if ${v.ref('imageIsOrc')} }}imageRef{{ else }}filter{{ end }}": {"name": {{ if ${v.ref('imageAddVersion')} }}{{ printf "%s-%s" ${name} ${version} | toJson }}{{ else }}{{ toJson ${name} }}{{ end }} } }`,
  );
}

/** The additional block devices of workers, pinned to the server's availability zone or not. */
function blockDevices(pinned: boolean): TemplateText {
  const zone = pinned ? ', "availabilityZone": {"from": "Machine"}' : '';
  const item = `{"name": {{ toJson ${device('name')} }}, "sizeGiB": {{ ${device('sizeGiB')} }}, "storage": {"type": "Volume", "volume": {"type": {{ toJson ${device('type')} }}${zone} } } }`;
  const list = v.ref('workerAdditionalBlockDevices');
  return new TemplateText(
    `[{{ range $i, $item := ${list.renderPipeline()} }}{{ if $i }}, {{ end }}${item}{{ end }} ]`,
    [list],
  );
}

/** A security group list: `{"filter": {"name": …}}` per name, or `{"id": …}` per ID. */
function securityGroups(list: Ref<readonly string[] | undefined>, by: 'name' | 'id'): TemplateText {
  const item = by === 'name' ? '{"filter": {"name": {{ toJson $item }} } }' : '{"id": {{ toJson $item }} }';
  return new TemplateText(
    `[{{ range $i, $item := ${list.renderPipeline()} }}{{ if $i }}, {{ end }}${item}{{ end }} ]`,
    [list],
  );
}

/**
 * The API server's JWT authenticator from scs2's oidcConfig variable, when it names a client and an issuer that
 * the core's oidcAuthentication does not list (the API server refuses two authenticators of one issuer; the fuller
 * definition wins). The item is written as scs2 Clusters have it, so their control planes stay as they are.
 */
export function oidcJwtAuthenticator(): JwtAuthenticators {
  const oidc = v.ref('oidcConfig');
  const enabled = fn.and(
    fn.isSet(oidc),
    fn.isSet(oidc.field('clientID')),
    fn.isSet(oidc.field('issuerURL')),
    fn.not(oidcIssuerListed(oidc.field('issuerURL'))),
  );
  const item = template`
  - issuer:
      url: ${oidc.field('issuerURL').toJson()}
      audiences:
        - ${oidc.field('clientID').toJson()}
    claimMappings:
      username:
        claim: ${oidc.field('usernameClaim').toJson()}
        prefix: ${oidc.field('usernamePrefix').toJson()}
      groups:
        claim: ${oidc.field('groupsClaim').toJson()}
        prefix: ${oidc.field('groupsPrefix').toJson()}`;
  return {
    enabledIf: enabled,
    items: new TemplateText(`{{- if ${enabled.renderPipeline()} }}${item.text}{{- end }}`, [
      ...enabled.references(),
      ...item.refs,
    ]),
  };
}

/** Builds the openstack/scs ClusterClass with its templates, variables and patches (in upstream scs2's order). */
export function addOpenStackScsClusterClass(
  stack: ClusterStack,
  release: OpenStackScsRelease,
): {
  clusterClass: ClusterClass;
  templates: OpenStackScsTemplates;
} {
  const cluster = new OpenStackClusterTemplate(stack, 'OpenStackClusterTemplate', {
    spec: {
      identityRef: {
        name: 'openstack',
        cloudName: 'openstack',
        type: capoV1beta1.OpenStackClusterTemplateSpecTemplateSpecIdentityRefType.SECRET,
      },
      apiServerLoadBalancer: { enabled: false },
      managedSecurityGroups: {
        allowAllInClusterTraffic: false,
        allNodesSecurityGroupRules: [...CILIUM_SECURITY_GROUP_RULES],
      },
    },
  });
  const machineSpec = { flavor: SET_BY_PATCH, image: { filter: { name: SET_BY_PATCH } } };
  const controlPlane = new KubeadmControlPlaneTemplate(stack, 'ControlPlaneTemplate', {
    kubeadmConfigSpec: controlPlaneSpec(release.coreDNS),
  });
  const controlPlaneMachines = new OpenStackMachineTemplate(stack, 'ControlPlaneMachineTemplate', {
    nameSuffix: 'control-plane',
    spec: machineSpec,
  });
  const workerBootstrap = new KubeadmConfigTemplate(stack, 'WorkerBootstrapTemplate', { spec: WORKER_SPEC });
  const workerMachines = new OpenStackMachineTemplate(stack, 'WorkerMachineTemplate', {
    nameSuffix: DEFAULT_WORKER_CLASS,
    spec: machineSpec,
  });

  const clusterClass = new ClusterClass(stack, 'ClusterClass', {
    infrastructure: cluster,
    controlPlane: {
      template: controlPlane,
      machineInfrastructure: controlPlaneMachines,
      healthCheck: MachineHealthCheck.NODE_NOT_READY,
    },
    workers: [
      {
        class: DEFAULT_WORKER_CLASS,
        bootstrap: workerBootstrap,
        infrastructure: workerMachines,
        healthCheck: MachineHealthCheck.NODE_NOT_READY,
      },
    ],
    variables: openStackScsVariables,
    templateSchemas: TEMPLATE_SCHEMAS,
  });
  const templates = { cluster, controlPlane, controlPlaneMachines, workerBootstrap, workerMachines };
  addClusterPatches(clusterClass);
  addMachinePatches(clusterClass);
  const features = addKubeadmPatches(stack, clusterClass);
  // Last: its patches append to the files list the registry mirror patches rewrite. scs2's oidcConfig first, as
  // before oidcAuthentication existed.
  new Hardening(stack, 'Hardening', {
    clusterClass,
    controlPlane,
    workers: [{ template: workerBootstrap, classes: [DEFAULT_WORKER_CLASS] }],
    jwtAuthenticators: [oidcJwtAuthenticator(), features.jwtAuthenticators],
  });
  stack.recordBehaviour(
    'coreDNSUpgrade',
    "the control plane names the release's CoreDNS tag, so an upgrade moves CoreDNS to it",
  );
  return { clusterClass, templates };
}

const SPEC = '/spec/template/spec';

function addClusterPatches(cc: ClusterClass): void {
  const lb = v.ref('apiServerLoadBalancer');
  for (const [name, value, provider] of [
    ['apiServerLoadBalancerOctaviaAmphora', 'octavia-amphora', 'amphora'],
    ['apiServerLoadBalancerOctaviaOVN', 'octavia-ovn', 'ovn'],
  ] as const) {
    cc.addPatch({
      name,
      description: `Puts an Octavia load balancer with the ${provider} provider in front of the API server (apiServerLoadBalancer: ${value}).`,
      enabledIf: fn.eq(lb, value),
      definitions: patchesOn(
        cc.targets.infrastructureCluster,
        PatchOperation.replace(`${SPEC}/apiServerLoadBalancer/enabled`, true),
        PatchOperation.add(`${SPEC}/apiServerLoadBalancer/provider`, provider),
      ),
    });
  }
  const cidrs = v.ref('apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs');
  cc.addPatch({
    name: 'apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs',
    description: 'Restricts the source addresses of the amphora API server load balancer.',
    enabledIf: fn.and(fn.isSet(cidrs), fn.eq(lb, 'octavia-amphora')),
    definitions: patchesOn(
      cc.targets.infrastructureCluster,
      PatchOperation.add(`${SPEC}/apiServerLoadBalancer/allowedCIDRs`, cidrs),
    ),
  });
  const externalId = v.ref('networkExternalID');
  cc.addPatch({
    name: 'networkExternalID',
    description: 'Connects the cluster router to the given external network.',
    enabledIf: fn.isSet(externalId),
    definitions: patchesOn(
      cc.targets.infrastructureCluster,
      PatchOperation.add(`${SPEC}/externalNetwork`, template`{"id": ${externalId.toJson()} }`),
    ),
  });
  for (const name of [
    'networkMTU',
    'controlPlaneAvailabilityZones',
    'controlPlaneOmitAvailabilityZone',
  ] as const) {
    cc.addPatch({
      name,
      description: `Sets ${name} of the OpenStackCluster.`,
      enabledIf: fn.isSet(v.ref(name)),
      definitions: patchesOn(
        cc.targets.infrastructureCluster,
        PatchOperation.add(`${SPEC}/${name}`, v.ref(name)),
      ),
    });
  }
  const identity = v.ref('identityRef');
  cc.addPatch({
    name: 'identityRef',
    description: 'Names the Secret and the clouds.yaml entry CAPO authenticates with.',
    definitions: patchesOn(
      cc.targets.infrastructureCluster,
      PatchOperation.replace(`${SPEC}/identityRef/name`, identity.field('name')),
      PatchOperation.replace(`${SPEC}/identityRef/cloudName`, identity.field('cloudName')),
    ),
  });
  const nodeCidr = v.ref('nodeCIDR');
  cc.addPatch({
    name: 'nodeCIDRSubnet',
    description:
      'Lets CAPO create the node network: a subnet with nodeCIDR and dnsNameservers, and a router.',
    enabledIf: fn.isSet(nodeCidr),
    definitions: patchesOn(
      cc.targets.infrastructureCluster,
      PatchOperation.add(
        `${SPEC}/managedSubnets`,
        template`[{"cidr": ${nodeCidr.toJson()}, "dnsNameservers": ${v.ref('dnsNameservers').toJson()} }]`,
      ),
    ),
  });
  cc.addPatch({
    name: 'disableAPIServerFloatingIP',
    description: 'Attaches no floating IP to the API server.',
    enabledIf: fn.isSet(v.ref('disableAPIServerFloatingIP')),
    definitions: patchesOn(
      cc.targets.infrastructureCluster,
      PatchOperation.add(`${SPEC}/disableAPIServerFloatingIP`, v.ref('disableAPIServerFloatingIP')),
    ),
  });
}

type Definitions = (...operations: PatchOperation[]) => PatchDefinition[];

function addRootDiskPatches(
  cc: ClusterClass,
  role: 'controlPlane' | 'worker',
  definitions: Definitions,
): void {
  const size = v.ref(role === 'controlPlane' ? 'controlPlaneRootDisk' : 'workerRootDisk');
  const pin = v.ref(role === 'controlPlane' ? 'controlPlaneRootDiskPin' : 'workerRootDiskPin');
  const who = role === 'controlPlane' ? 'control-plane' : 'worker';
  cc.addPatch({
    name: `${role}RootDisk`,
    description: `Boots ${who} servers from a Cinder volume of the given size.`,
    enabledIf: fn.and(fn.isSet(size), fn.not(pin)),
    definitions: definitions(PatchOperation.add(`${SPEC}/rootVolume`, template`{"sizeGiB": ${size} }`)),
  });
  cc.addPatch({
    name: `${role}RootDiskPinned`,
    description: `Boots ${who} servers from a Cinder volume of the given size in the server's availability zone.`,
    enabledIf: fn.and(fn.isSet(size), pin),
    definitions: definitions(
      PatchOperation.add(
        `${SPEC}/rootVolume`,
        template`{"sizeGiB": ${size}, "availabilityZone": {"from": "Machine"} }`,
      ),
    ),
  });
}

function addMachinePatches(cc: ClusterClass): void {
  const cp = (...ops: PatchOperation[]) => patchesOn(cc.targets.controlPlaneMachines!, ...ops);
  const workers = (...ops: PatchOperation[]) => patchesOn(cc.targets.workerMachines, ...ops);
  const all = (...ops: PatchOperation[]) => patchesOn(cc.targets.allMachines, ...ops);

  cc.addPatch({
    name: 'controlPlaneImage',
    description: 'Sets the image of control-plane servers from imageName, imageIsOrc and imageAddVersion.',
    definitions: cp(imagePatch(builtin.controlPlane.version)),
  });
  cc.addPatch({
    name: 'controlPlaneFlavor',
    description: 'Sets the flavor of control-plane servers.',
    enabledIf: fn.ne(v.ref('controlPlaneFlavor'), ''),
    definitions: cp(PatchOperation.replace(`${SPEC}/flavor`, v.ref('controlPlaneFlavor'))),
  });
  addRootDiskPatches(cc, 'controlPlane', cp);
  cc.addPatch({
    name: 'controlPlaneServerGroupID',
    description: 'Puts control-plane servers into the given server group.',
    enabledIf: fn.ne(v.ref('controlPlaneServerGroupID'), ''),
    definitions: cp(
      PatchOperation.add(
        `${SPEC}/serverGroup`,
        template`{"id": ${v.ref('controlPlaneServerGroupID').toJson()} }`,
      ),
    ),
  });
  // The security group patches all write the same field: the later patch wins, so IDs beat names and
  // worker-only settings beat the ones for all servers (upstream scs2's order).
  cc.addPatch({
    name: 'securityGroups',
    description: 'Adds security groups, by name, to every server.',
    enabledIf: fn.isSet(v.ref('securityGroups')),
    definitions: all(
      PatchOperation.add(`${SPEC}/securityGroups`, securityGroups(v.ref('securityGroups'), 'name')),
    ),
  });
  cc.addPatch({
    name: 'securityGroupIDs',
    description: 'Adds security groups, by ID, to every server (instead of securityGroups).',
    enabledIf: fn.isSet(v.ref('securityGroupIDs')),
    definitions: all(
      PatchOperation.add(`${SPEC}/securityGroups`, securityGroups(v.ref('securityGroupIDs'), 'id')),
    ),
  });
  cc.addPatch({
    name: 'sshKeyName',
    description: 'Injects the given Nova key pair into every server.',
    enabledIf: fn.ne(v.ref('sshKeyName'), ''),
    definitions: all(PatchOperation.add(`${SPEC}/sshKeyName`, v.ref('sshKeyName'))),
  });
  cc.addPatch({
    name: 'workerImage',
    description: 'Sets the image of worker servers from imageName, imageIsOrc and imageAddVersion.',
    definitions: workers(imagePatch(builtin.machineDeployment.version)),
  });
  cc.addPatch({
    name: 'workerFlavor',
    description: 'Sets the flavor of worker servers.',
    enabledIf: fn.ne(v.ref('workerFlavor'), ''),
    definitions: workers(PatchOperation.replace(`${SPEC}/flavor`, v.ref('workerFlavor'))),
  });
  addRootDiskPatches(cc, 'worker', workers);
  cc.addPatch({
    name: 'workerServerGroupID',
    description: 'Puts worker servers into the given server group.',
    enabledIf: fn.ne(v.ref('workerServerGroupID'), ''),
    definitions: workers(
      PatchOperation.add(`${SPEC}/serverGroup`, template`{"id": ${v.ref('workerServerGroupID').toJson()} }`),
    ),
  });
  const devices = v.ref('workerAdditionalBlockDevices');
  const devicesPin = v.ref('workerAdditionalBlockDevicesPin');
  cc.addPatch({
    name: 'workerAdditionalBlockDevices',
    description: 'Attaches the extra Cinder volumes to every worker.',
    enabledIf: fn.and(fn.isSet(devices), fn.not(devicesPin)),
    definitions: workers(PatchOperation.add(`${SPEC}/additionalBlockDevices`, blockDevices(false))),
  });
  cc.addPatch({
    name: 'workerAdditionalBlockDevicesPinned',
    description:
      "Attaches the extra Cinder volumes to every worker, created in the server's availability zone.",
    enabledIf: fn.and(fn.isSet(devices), devicesPin),
    definitions: workers(PatchOperation.add(`${SPEC}/additionalBlockDevices`, blockDevices(true))),
  });
  cc.addPatch({
    name: 'workerSecurityGroups',
    description: 'Sets the security groups of worker servers, by name (instead of those for every server).',
    enabledIf: fn.isSet(v.ref('workerSecurityGroups')),
    definitions: workers(
      PatchOperation.add(`${SPEC}/securityGroups`, securityGroups(v.ref('workerSecurityGroups'), 'name')),
    ),
  });
  cc.addPatch({
    name: 'workerSecurityGroupIDs',
    description: 'Sets the security groups of worker servers, by ID (instead of every other setting).',
    enabledIf: fn.isSet(v.ref('workerSecurityGroupIDs')),
    definitions: workers(
      PatchOperation.add(`${SPEC}/securityGroups`, securityGroups(v.ref('workerSecurityGroupIDs'), 'id')),
    ),
  });
}

function addKubeadmPatches(stack: ClusterStack, cc: ClusterClass): ClusterFeatures {
  const kubeadm = '/spec/template/spec/kubeadmConfigSpec';
  cc.addPatch({
    name: 'certSANs',
    description: 'Adds subject alternative names to the API server certificate.',
    enabledIf: fn.isSet(v.ref('certSANs')),
    definitions: patchesOn(
      cc.targets.controlPlane,
      PatchOperation.add(`${kubeadm}/clusterConfiguration/apiServer/certSANs`, v.ref('certSANs')),
    ),
  });
  // The core's features: registry mirrors, proxy (the node network reached directly), NTP, certificate renewal.
  const features = new ClusterFeatures(stack, 'ClusterFeatures', {
    clusterClass: cc,
    noProxyVariables: [v.ref('nodeCIDR')],
  });
  // After the registry mirror patches, which rewrite the files list from the template's own entries.
  const address = v.ref('controlPlaneMetricsBindAddress');
  const kubeProxyFile = literalText(JSON.stringify(kubeProxyConfig('@ADDRESS@'))).replace(
    '@ADDRESS@',
    `{{ ${address.renderPipeline()} }}`,
  );
  cc.addPatch({
    name: 'kubeProxyMetricsBindAddress',
    description:
      'Writes the kube-proxy settings the first control-plane node hands to kubeadm: metrics on controlPlaneMetricsBindAddress.',
    definitions: patchesOn(
      cc.targets.controlPlane,
      PatchOperation.addKubeadmFile(new TemplateText(kubeProxyFile, [address])),
    ),
  });
  return features;
}
