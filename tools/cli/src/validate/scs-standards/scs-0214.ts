import { advisory, Clause, notCheckable, Outcome, pass, ScsInput, violated } from './clause';
import { containers, dig, ManifestObject } from './manifests';

/**
 * scs-0214-v2, Kubernetes node distribution and availability (stable since 2024-11-21; the text of 2026-04,
 * "remove nonsensical regulation"). Its Decision section asks for control-plane nodes on several physical
 * machines (SHOULD: several failure zones), recommends workers over zones, and requires the zone and region
 * labels on every node. The host-id label was in the draft of v2 and was removed when it was stabilized.
 */
const STANDARD = 'scs-0214-v2';
const SECTION = 'Decision';

/** The image of the OpenStack cloud controller manager (any registry). */
const OPENSTACK_CCM_IMAGE = /(^|\/)openstack-cloud-controller-manager:/;

function classObjects(input: ScsInput, kind: string): ManifestObject[] {
  return input.manifests.objects('cluster-class').filter((o) => o.kind === kind);
}

function requireOpenStack(input: ScsInput, what: string): void {
  if (classObjects(input, 'OpenStackMachineTemplate').length === 0)
    violated(
      `${input.stack}: no ${what} known for its infrastructure provider (the check knows OpenStack (CAPO); other stacks need an exemption or a check)`,
    );
}

/** ClusterClass patches that set `path` on control-plane machine templates of `kind`, by patch name. */
function controlPlanePatches(input: ScsInput, kind: string, path: string): string[] {
  const cc = input.manifests.objects('cluster-class').find((o) => o.kind === 'ClusterClass');
  const patches = (dig(cc?.body, 'spec', 'patches') ?? []) as Record<string, unknown>[];
  return patches
    .filter((p) =>
      ((p.definitions ?? []) as Record<string, unknown>[]).some(
        (d) =>
          dig(d, 'selector', 'kind') === kind &&
          dig(d, 'selector', 'matchResources', 'controlPlane') === true &&
          ((d.jsonPatches ?? []) as { path?: string }[]).some((j) => j.path === path),
      ),
    )
    .map((p) => String(p.name));
}

/** Control-plane nodes can be kept on distinct physical machines (what the templates offer). */
export function controlPlaneHosts(input: ScsInput): Outcome {
  requireOpenStack(input, 'control-plane placement');
  const inTemplate = classObjects(input, 'OpenStackMachineTemplate').filter((o) =>
    dig(o.body, 'spec', 'template', 'spec', 'serverGroup'),
  );
  const patches = controlPlanePatches(input, 'OpenStackMachineTemplate', '/spec/template/spec/serverGroup');
  if (inTemplate.length === 0 && patches.length === 0)
    violated(
      `${input.stack}: nothing in the ClusterClass puts control-plane servers in a server group (no serverGroup on an OpenStackMachineTemplate, no patch of /spec/template/spec/serverGroup for the control plane), so nothing keeps them on distinct hypervisors`,
    );
  return pass(
    `control-plane servers join a Nova server group (anti-affinity) through patch ${patches.join(', ') || inTemplate.map((o) => o.name).join(', ')}; the hosts they land on are Nova's to decide (not checkable statically)`,
  );
}

/** Control-plane nodes spread over failure zones (KubeadmControlPlane follows the infra cluster's failure domains). */
export function controlPlaneZones(input: ScsInput): Outcome {
  requireOpenStack(input, 'failure domains');
  const omitted = classObjects(input, 'OpenStackClusterTemplate').filter(
    (o) => dig(o.body, 'spec', 'template', 'spec', 'controlPlaneOmitAvailabilityZone') === true,
  );
  if (omitted.length > 0)
    return advisory(
      `${omitted.map((o) => o.name).join(', ')} sets controlPlaneOmitAvailabilityZone: the OpenStackCluster reports no failure domains to spread over`,
    );
  return pass(
    'KubeadmControlPlane spreads control-plane machines over the failure domains the OpenStackCluster reports (its Nova availability zones, narrowed by controlPlaneAvailabilityZones); the template does not omit them',
  );
}

function kubeletArg(registration: unknown, name: string): unknown {
  const args = dig(registration, 'kubeletExtraArgs');
  if (Array.isArray(args))
    return (args as { name?: string; value?: unknown }[]).find((a) => a.name === name)?.value;
  return dig(args, name);
}

/** Every kubelet the templates configure registers for an external cloud provider; returns the exceptions. */
function kubeletsWithoutExternalCloud(input: ScsInput): string[] {
  const registrations: [string, unknown][] = [];
  for (const kcp of classObjects(input, 'KubeadmControlPlaneTemplate')) {
    const spec = dig(kcp.body, 'spec', 'template', 'spec', 'kubeadmConfigSpec');
    for (const phase of ['initConfiguration', 'joinConfiguration'])
      registrations.push([`${kcp.file} ${phase}`, dig(spec, phase, 'nodeRegistration')]);
  }
  for (const config of classObjects(input, 'KubeadmConfigTemplate'))
    registrations.push([
      `${config.file} joinConfiguration`,
      dig(config.body, 'spec', 'template', 'spec', 'joinConfiguration', 'nodeRegistration'),
    ]);
  if (registrations.length === 0) return ['no kubeadm template in the ClusterClass'];
  return registrations
    .filter(([, r]) => kubeletArg(r, 'cloud-provider') !== 'external')
    .map(([where]) => where);
}

/** The addon stage and object that run the OpenStack cloud controller manager's cloud-node controller. */
function openstackCloudNodeController(input: ScsInput): string | undefined {
  for (const object of input.manifests.addonObjects()) {
    if (object.kind !== 'DaemonSet' && object.kind !== 'Deployment') continue;
    for (const container of containers(object)) {
      if (!OPENSTACK_CCM_IMAGE.test(String(container.image ?? ''))) continue;
      const args = [...((container.command ?? []) as string[]), ...((container.args ?? []) as string[])];
      const controllers = args.find((a) => a.startsWith('--controllers='))?.slice('--controllers='.length);
      const runsCloudNode =
        controllers === undefined || controllers.split(',').some((c) => c === 'cloud-node' || c === '*');
      if (args.includes('--cloud-provider=openstack') && runsCloudNode)
        return `${object.kind} ${object.file}`;
    }
  }
  return undefined;
}

/** The node labels a cloud controller manager sets: `topology.kubernetes.io/<label>`. */
function labelledByCloudControllerManager(
  input: ScsInput,
  label: 'zone' | 'region',
  source: string,
): Outcome {
  requireOpenStack(input, `source of topology.kubernetes.io/${label}`);
  const ccm = openstackCloudNodeController(input);
  if (!ccm)
    violated(
      `${input.stack}: no addon runs the OpenStack cloud controller manager with its cloud-node controller, which sets topology.kubernetes.io/${label}`,
    );
  const unlabelled = kubeletsWithoutExternalCloud(input);
  if (unlabelled.length > 0)
    violated(
      `${input.stack}: kubelets register without cloud-provider=external, so the cloud controller manager never initializes (or labels) them: ${unlabelled.join('; ')}`,
    );
  return pass(
    `set by the cloud-node controller of the OpenStack CCM (${ccm}) from ${source}; every kubelet registers with cloud-provider=external`,
  );
}

/** The clauses of scs-0214-v2, in the order of its Decision section, and the draft's host-id label. */
export const SCS_0214: readonly Clause[] = [
  {
    id: `${STANDARD}/control-plane-hosts`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'control-plane nodes are distributed over multiple physical machines',
    check: controlPlaneHosts,
  },
  {
    id: `${STANDARD}/control-plane-placement-live`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'the same, on the machines a Cluster actually got',
    check: () =>
      notCheckable(
        "the hypervisor host of each server is known only to the cloud (Nova's hostId of the server), and the replica count and server group are the Cluster's; needs a running Cluster and the compute API",
      ),
  },
  {
    id: `${STANDARD}/control-plane-zones`,
    standard: STANDARD,
    section: SECTION,
    level: 'SHOULD',
    requirement: 'control-plane nodes are distributed over multiple failure zones',
    check: controlPlaneZones,
  },
  {
    id: `${STANDARD}/worker-zones`,
    standard: STANDARD,
    section: SECTION,
    level: 'RECOMMENDED',
    requirement: 'worker nodes are distributed over multiple zones',
    check: () =>
      notCheckable(
        "a Cluster's choice, not the ClusterClass's: one MachineDeployment per zone (topology.workers.machineDeployments[].failureDomain)",
      ),
  },
  {
    id: `${STANDARD}/label-zone`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'nodes carry topology.kubernetes.io/zone',
    check: (input) =>
      labelledByCloudControllerManager(input, 'zone', 'the Nova availability zone of each server'),
  },
  {
    id: `${STANDARD}/label-region`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'nodes carry topology.kubernetes.io/region',
    check: (input) =>
      labelledByCloudControllerManager(input, 'region', 'the region_name of the clouds.yaml entry it uses'),
  },
  {
    id: `${STANDARD}/labels-live`,
    standard: STANDARD,
    section: SECTION,
    level: 'MUST',
    requirement: 'the labels have values and are kept up to date',
    check: () =>
      notCheckable(
        "the values come from the cloud (Nova's availability zone) and from the Cluster's clouds.yaml Secret (region_name, which may be empty); needs a running Cluster on OpenStack, and the lab runs CAPD only",
      ),
  },
  {
    id: 'scs-0214-v2-draft/host-id',
    standard: 'scs-0214-v2 (draft)',
    section: 'Decision (removed at stabilization)',
    level: 'MUST',
    requirement: 'nodes carry topology.scs.community/host-id, the id of the hypervisor host',
    check: () =>
      notCheckable(
        "not a clause of the stable text: it was removed when v2 was stabilized (2024-11-21), since the host of a node cannot be observed from inside the cluster (scs-0214-w1). On OpenStack the host is the server's hostId in the compute API (an opaque hash of project and host); no component of these stacks reads it (the CCM sets only zone and region). It would need a controller with the cluster's cloud credentials that labels each Node with its server's hostId and follows live migrations",
      ),
  },
];
