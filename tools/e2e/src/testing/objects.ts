import { KubeObject } from '../kube/client';

/**
 * Builders of the objects the probes read, shaped like what CAPI v1.10, CSO v0.2 and Kubernetes return, with
 * the status of a healthy cluster unless a test overrides it.
 */

type Overrides = Record<string, unknown>;

function object(
  apiVersion: string,
  kind: string,
  name: string,
  namespace: string | undefined,
  rest: Overrides,
  metadata: Overrides = {},
): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, ...rest };
}

export function condition(
  type: string,
  status: 'True' | 'False' | 'Unknown',
  reason?: string,
  message?: string,
  observedGeneration?: number,
) {
  return {
    type,
    status,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
    ...(observedGeneration !== undefined ? { observedGeneration } : {}),
  };
}

export function deployment(namespace: string, name: string, status: Overrides = {}): KubeObject {
  return object(
    'apps/v1',
    'Deployment',
    name,
    namespace,
    {
      spec: { replicas: 1 },
      status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1, ...status },
    },
    { generation: 1 },
  );
}

export function clusterStackRelease(
  namespace: string,
  name: string,
  status: Overrides = { ready: true, kubernetesVersion: 'v1.35.1' },
): KubeObject {
  return object('clusterstack.x-k8s.io/v1alpha1', 'ClusterStackRelease', name, namespace, { status });
}

export function clusterClass(
  namespace: string,
  name: string,
  conditions: readonly Overrides[] = [condition('VariablesReconciled', 'True')],
): KubeObject {
  return object('cluster.x-k8s.io/v1beta1', 'ClusterClass', name, namespace, { status: { conditions } });
}

export function cluster(
  namespace: string,
  name: string,
  options: {
    clusterClass?: string;
    version?: string;
    generation?: number;
    conditions?: readonly Overrides[];
    v1beta2?: readonly Overrides[];
  } = {},
): KubeObject {
  const generation = options.generation ?? 2;
  return object(
    'cluster.x-k8s.io/v1beta1',
    'Cluster',
    name,
    namespace,
    {
      spec: {
        controlPlaneRef: {
          apiVersion: 'controlplane.cluster.x-k8s.io/v1beta1',
          kind: 'KubeadmControlPlane',
          name: `${name}-cp`,
          namespace,
        },
        topology: {
          class: options.clusterClass ?? 'docker-scs-1-35-v1',
          version: options.version ?? 'v1.35.1',
        },
      },
      status: {
        observedGeneration: generation,
        phase: 'Provisioned',
        conditions: options.conditions ?? [
          condition('Ready', 'True'),
          condition('ControlPlaneInitialized', 'True'),
          condition('TopologyReconciled', 'True'),
        ],
        v1beta2: {
          conditions: options.v1beta2 ?? [
            condition('TopologyReconciled', 'True', 'ReconcileSucceeded', undefined, generation),
          ],
        },
      },
    },
    { generation },
  );
}

export function kubeadmControlPlane(
  namespace: string,
  name: string,
  options: { replicas?: number; version?: string; status?: Overrides; generation?: number } = {},
): KubeObject {
  const replicas = options.replicas ?? 1;
  const version = options.version ?? 'v1.35.1';
  return object(
    'controlplane.cluster.x-k8s.io/v1beta1',
    'KubeadmControlPlane',
    name,
    namespace,
    {
      spec: { replicas, version },
      status: {
        observedGeneration: options.generation ?? 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        unavailableReplicas: 0,
        ready: true,
        initialized: true,
        version,
        ...options.status,
      },
    },
    { generation: options.generation ?? 1 },
  );
}

export function machineDeployment(
  namespace: string,
  cluster: string,
  topologyName: string,
  options: { replicas?: number; version?: string; status?: Overrides } = {},
): KubeObject {
  const replicas = options.replicas ?? 1;
  return object(
    'cluster.x-k8s.io/v1beta1',
    'MachineDeployment',
    `${cluster}-${topologyName}-x7k2p`,
    namespace,
    {
      spec: { replicas, template: { spec: { version: options.version ?? 'v1.35.1' } } },
      status: {
        observedGeneration: 1,
        phase: 'Running',
        replicas,
        updatedReplicas: replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        unavailableReplicas: 0,
        ...options.status,
      },
    },
    {
      generation: 1,
      labels: {
        'cluster.x-k8s.io/cluster-name': cluster,
        'topology.cluster.x-k8s.io/deployment-name': topologyName,
      },
    },
  );
}

export function clusterAddon(
  namespace: string,
  cluster: string,
  options: {
    clusterStack?: string;
    hook?: string;
    ready?: boolean;
    stages?: readonly Overrides[];
    applied?: 'True' | 'False';
  } = {},
): KubeObject {
  return object('clusterstack.x-k8s.io/v1alpha1', 'ClusterAddon', `cluster-addon-${cluster}`, namespace, {
    spec: {
      clusterStack: options.clusterStack ?? 'docker-scs-1-35-v1',
      hook: options.hook ?? '',
      version: 'v1',
    },
    status: {
      ready: options.ready ?? true,
      stages: options.stages ?? [],
      conditions: [condition('HelmChartApplied', options.applied ?? 'True')],
    },
  });
}

export function kubeconfigSecret(namespace: string, cluster: string, kubeconfig: string): KubeObject {
  return object('v1', 'Secret', `${cluster}-kubeconfig`, namespace, {
    data: { value: Buffer.from(kubeconfig).toString('base64') },
  });
}

export function node(
  name: string,
  options: { ready?: boolean; version?: string; message?: string } = {},
): KubeObject {
  return object('v1', 'Node', name, undefined, {
    status: {
      conditions: [
        condition('Ready', options.ready === false ? 'False' : 'True', undefined, options.message),
      ],
      nodeInfo: { kubeletVersion: options.version ?? 'v1.35.1' },
    },
  });
}

export function pod(
  name: string,
  options: { phase?: string; ready?: boolean; deleting?: boolean; nodeName?: string } = {},
): KubeObject {
  return object(
    'v1',
    'Pod',
    name,
    'kube-system',
    {
      ...(options.nodeName ? { spec: { nodeName: options.nodeName } } : {}),
      status: {
        phase: options.phase ?? 'Running',
        containerStatuses: [{ name: 'main', ready: options.ready ?? true }],
      },
    },
    options.deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {},
  );
}

export function nodeMetrics(name: string): KubeObject {
  return object('metrics.k8s.io/v1beta1', 'NodeMetrics', name, undefined, {
    usage: { cpu: '100m', memory: '1Gi' },
  });
}
