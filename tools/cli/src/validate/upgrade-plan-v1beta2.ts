import { stableYaml } from '@cluster-stacks/core';
import { capiTopologyPlan, CapiClusterPlan } from './capi-topology-plan';
import { PlannedObject } from './topology-plan';

/** What the v1beta2 upgrade dry run found: the objects of the upgraded Cluster, or where it stopped. */
export type UpgradePlanV1beta2 =
  { ok: true; before: PlannedObject[]; after: CapiClusterPlan } | { ok: false; error: string };

const AVAILABLE = {
  type: 'Available',
  status: 'True',
  lastTransitionTime: '2026-01-01T00:00:00Z',
  reason: 'Available',
};

/**
 * The objects of a Cluster as a healthy, fully rolled-out cluster would show them, in the v1beta2 status shape
 * (status.initialization, upToDateReplicas). CAPI only moves a control plane to a new version when it is stable;
 * this is an assumption of the dry run, stated here, not an observation.
 */
function asHealthyV1beta2(object: PlannedObject, version: string): PlannedObject {
  const metadata = { ...object.metadata, generation: 1 };
  const replicas = ((object.spec as { replicas?: number } | undefined)?.replicas ?? 1) as number;
  const rolledOut = {
    replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    upToDateReplicas: replicas,
  };
  switch (object.kind) {
    case 'Cluster':
      return {
        ...object,
        status: {
          initialization: { infrastructureProvisioned: true, controlPlaneInitialized: true },
          conditions: [AVAILABLE],
          phase: 'Provisioned',
        },
      };
    case 'KubeadmControlPlane':
      return {
        ...object,
        metadata,
        status: {
          ...rolledOut,
          initialization: { controlPlaneInitialized: true },
          version,
          observedGeneration: 1,
          conditions: [AVAILABLE],
        },
      };
    case 'MachineDeployment':
      return { ...object, metadata, status: { ...rolledOut, observedGeneration: 1, phase: 'Running' } };
    default:
      return object.kind.endsWith('Cluster')
        ? { ...object, status: { ready: true, initialization: { provisioned: true } } }
        : object;
  }
}

/**
 * Dry-runs moving a v1beta2 Cluster from one ClusterClass to another (and to a new Kubernetes version) with CAPI
 * v1.14's topology engine: plan the Cluster on the old class, take the objects as the healthy current state,
 * switch `topology.classRef.name` and `topology.version`, and plan again on the new class. Both classes must be
 * admitted by the ClusterClass webhook.
 */
export function upgradePlanV1beta2(
  oldClassManifests: string,
  newClassManifests: string,
  cluster: Record<string, unknown>,
  to: { className: string; version: string },
): UpgradePlanV1beta2 {
  const first = capiTopologyPlan(oldClassManifests, [cluster]);
  if (!first.ok) return { ok: false, error: `creating the Cluster on the old class failed: ${first.error}` };
  const name = (cluster.metadata as { name: string }).name;
  const created = first.clusters.get(name)!;
  const planned = created.modified.find((o) => o.kind === 'Cluster');
  if (!planned) return { ok: false, error: 'the first plan did not return the Cluster' };
  const oldVersion = (cluster.spec as { topology: { version: string } }).topology.version;
  const current = created.created.map((o) => asHealthyV1beta2(o, oldVersion));
  const healthy = asHealthyV1beta2(planned, oldVersion);
  const spec = healthy.spec as { topology: Record<string, unknown> };
  const upgraded = {
    ...healthy,
    spec: { ...spec, topology: { ...spec.topology, classRef: { name: to.className }, version: to.version } },
  };
  const second = capiTopologyPlan(newClassManifests, [upgraded], {
    current: current.map((o) => stableYaml(o)).join('---\n'),
  });
  if (!second.ok)
    return {
      ok: false,
      error: `moving the Cluster to ${to.className} (${to.version}) failed: ${second.error}`,
    };
  return { ok: true, before: created.created, after: second.clusters.get(name)! };
}
