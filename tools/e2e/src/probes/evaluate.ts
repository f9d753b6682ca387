import { KubeClient } from '../kube/client';
import { Probe } from '../plan/plan';
import { ProbeResult } from '../wait/wait-for';
import { API, CLUSTER_NAME_LABEL } from './api';
import { field } from './fields';
import {
  judgeClusterAddon,
  judgeClusterClass,
  judgeClusterReady,
  judgeClusterStackRelease,
  judgeControlPlane,
  judgeControlPlaneInitialized,
  judgeDeployment,
  judgeTopologyReconciled,
  judgeWorkers,
} from './management';
import { notYet } from './result';
import { judgeKubeSystemPods, judgeNodeMetrics, judgeNodes, judgeWorkload } from './workload';
import { WorkloadAccess } from './workload-access';

export interface ProbeContext {
  readonly management: KubeClient;
  readonly workload: WorkloadAccess;
}

async function controlPlaneOf(management: KubeClient, namespace: string, cluster: string) {
  const object = await management.get({ ...API.cluster, namespace, name: cluster });
  const ref = field(object, 'spec', 'controlPlaneRef') as
    { apiVersion?: string; kind?: string; name?: string; namespace?: string } | undefined;
  if (!ref?.name) return { name: undefined, object: undefined };
  // The judges read v1beta1 status fields (updatedReplicas…). From Cluster API v1.11 on, the reference names
  // the stored version (v1beta2, whose status says upToDateReplicas), so a KubeadmControlPlane is read as
  // v1beta1, which every Cluster API line the stacks support still serves.
  const isKcp = (ref.kind ?? API.kubeadmControlPlane.kind) === API.kubeadmControlPlane.kind;
  const controlPlane = await management.get({
    apiVersion: isKcp
      ? API.kubeadmControlPlane.apiVersion
      : (ref.apiVersion ?? API.kubeadmControlPlane.apiVersion),
    kind: ref.kind ?? API.kubeadmControlPlane.kind,
    namespace: ref.namespace ?? namespace,
    name: ref.name,
  });
  return { name: ref.name, object: controlPlane };
}

async function onWorkload(
  context: ProbeContext,
  namespace: string,
  cluster: string,
  judge: (client: KubeClient) => Promise<ProbeResult>,
): Promise<ProbeResult> {
  const client = await context.workload(namespace, cluster);
  return client ? judge(client) : notYet(`Secret ${namespace}/${cluster}-kubeconfig does not exist yet`);
}

/** Looks at the cluster once and judges what it sees. */
export async function evaluateProbe(probe: Probe, context: ProbeContext): Promise<ProbeResult> {
  const { management } = context;
  switch (probe.type) {
    case 'deployment-available':
      return judgeDeployment(
        await management.get({ ...API.deployment, namespace: probe.namespace, name: probe.name }),
        probe.namespace,
        probe.name,
      );
    case 'cluster-stack-release-ready':
      return judgeClusterStackRelease(
        await management.get({ ...API.clusterStackRelease, namespace: probe.namespace, name: probe.name }),
        probe.namespace,
        probe.name,
      );
    case 'cluster-class-present':
      return judgeClusterClass(
        await management.get({ ...API.clusterClass, namespace: probe.namespace, name: probe.name }),
        probe.namespace,
        probe.name,
      );
    case 'control-plane-initialized':
      return judgeControlPlaneInitialized(
        await management.get({ ...API.cluster, namespace: probe.namespace, name: probe.cluster }),
        probe.namespace,
        probe.cluster,
      );
    case 'topology-reconciled':
      return judgeTopologyReconciled(
        await management.get({ ...API.cluster, namespace: probe.namespace, name: probe.cluster }),
        probe,
      );
    case 'cluster-ready':
      return judgeClusterReady(
        await management.get({ ...API.cluster, namespace: probe.namespace, name: probe.cluster }),
        probe.namespace,
        probe.cluster,
      );
    case 'cluster-addon-done':
      return judgeClusterAddon(
        await management.get({
          ...API.clusterAddon,
          namespace: probe.namespace,
          name: `cluster-addon-${probe.cluster}`,
        }),
        probe,
      );
    case 'control-plane-ready': {
      const { name, object } = await controlPlaneOf(management, probe.namespace, probe.cluster);
      return judgeControlPlane(object, { ...probe, name });
    }
    case 'workers-ready': {
      const machineDeployments = await management.list({
        ...API.machineDeployment,
        namespace: probe.namespace,
        labelSelector: `${CLUSTER_NAME_LABEL}=${probe.cluster}`,
      });
      return judgeWorkers(machineDeployments, probe);
    }
    case 'nodes-ready':
      return onWorkload(context, probe.namespace, probe.cluster, async (client) =>
        judgeNodes(await client.list(API.node), probe),
      );
    case 'kube-system-pods-ready':
      return onWorkload(context, probe.namespace, probe.cluster, async (client) =>
        judgeKubeSystemPods(await client.list({ ...API.pod, namespace: 'kube-system' })),
      );
    case 'workload-running':
      return onWorkload(context, probe.namespace, probe.cluster, async (client) =>
        judgeWorkload(
          await client.get({ ...API.deployment, namespace: probe.workloadNamespace, name: probe.name }),
          await client.list({
            ...API.pod,
            namespace: probe.workloadNamespace,
            labelSelector: `app=${probe.name}`,
          }),
          await client.list(API.node),
          probe,
        ),
      );
    case 'metrics-serving':
      return onWorkload(context, probe.namespace, probe.cluster, async (client) =>
        judgeNodeMetrics(await client.list(API.nodeMetrics), probe.count),
      );
  }
}
