import { stableYaml } from '@cluster-stacks/core';
import { PlannedObject, topologyPlan, TopologyPlan } from './topology-plan';

/** What the upgrade dry run found: the objects of the upgraded Cluster, or where it stopped. */
export type UpgradePlan =
  { ok: true; before: PlannedObject[]; after: TopologyPlan & { ok: true } } | { ok: false; error: string };

const HEALTHY = { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' };

/**
 * The objects of a Cluster as a healthy, fully rolled-out cluster would show them. CAPI only moves a
 * control plane to a new version when it is stable, so the dry run of an upgrade starts from this state:
 * an assumption, stated here, not an observation.
 */
function asHealthy(object: PlannedObject, version: string): PlannedObject {
  const metadata = { ...object.metadata, generation: 1 };
  switch (object.kind) {
    case 'Cluster':
      return {
        ...object,
        status: {
          controlPlaneReady: true,
          infrastructureReady: true,
          phase: 'Provisioned',
          conditions: [HEALTHY],
        },
      };
    case 'KubeadmControlPlane': {
      const replicas = (object.spec as { replicas?: number }).replicas ?? 1;
      return {
        ...object,
        metadata,
        status: {
          initialized: true,
          ready: true,
          replicas,
          readyReplicas: replicas,
          updatedReplicas: replicas,
          unavailableReplicas: 0,
          version,
          observedGeneration: 1,
        },
      };
    }
    case 'MachineDeployment': {
      const replicas = (object.spec as { replicas?: number }).replicas ?? 1;
      return {
        ...object,
        metadata,
        status: {
          replicas,
          readyReplicas: replicas,
          updatedReplicas: replicas,
          availableReplicas: replicas,
          observedGeneration: 1,
          phase: 'Running',
        },
      };
    }
    default:
      return object.kind.endsWith('Cluster') ? { ...object, status: { ready: true } } : object;
  }
}

/**
 * Dry-runs moving a Cluster from one ClusterClass to another (and to a new Kubernetes version), the way users
 * upgrade a cluster stack: plan the Cluster on the old class, take the objects CAPI would create as the
 * healthy current state, switch `topology.class` and `topology.version`, and plan again with the new class.
 * CAPI validates the Cluster against the new class and computes the rollout; its update-only rules (such as
 * "the version cannot decrease") need the old object and are not part of a dry run.
 */
export function upgradePlan(
  oldClassManifests: string,
  newClassManifests: string,
  cluster: Record<string, unknown>,
  to: { className: string; version: string },
): UpgradePlan {
  const first = topologyPlan(oldClassManifests, stableYaml(cluster));
  if (!first.ok) return { ok: false, error: `creating the Cluster on the old class failed: ${first.error}` };
  const oldVersion = (cluster.spec as { topology: { version: string } }).topology.version;
  const planned = first.modified.find((o) => o.kind === 'Cluster');
  if (!planned) return { ok: false, error: 'the first plan did not return the Cluster' };
  const current = [...first.created, planned].map((o) => asHealthy(o, oldVersion));
  const upgraded = current.map((o) => {
    if (o.kind !== 'Cluster') return o;
    const spec = o.spec as { topology: Record<string, unknown> };
    return {
      ...o,
      spec: { ...spec, topology: { ...spec.topology, class: to.className, version: to.version } },
    };
  });
  const second = topologyPlan(newClassManifests, upgraded.map((o) => stableYaml(o)).join('---\n'));
  if (!second.ok)
    return {
      ok: false,
      error: `moving the Cluster to ${to.className} (${to.version}) failed: ${second.error}`,
    };
  return { ok: true, before: first.created, after: second };
}
