// Unit tests of probe evaluation: which objects each probe reads, through an in-memory client. No cluster.
import { KubeClient, KubeClientFactory } from '../kube/client';
import { FakeKubeClient } from '../testing/fake-kube-client';
import {
  cluster,
  kubeadmControlPlane,
  kubeconfigSecret,
  machineDeployment,
  node,
  nodeMetrics,
  pod,
} from '../testing/objects';
import { evaluateProbe } from './evaluate';
import { workloadAccess } from './workload-access';

function factoryOf(
  management: FakeKubeClient,
  workload: FakeKubeClient,
): KubeClientFactory & { kubeconfigs: string[] } {
  const kubeconfigs: string[] = [];
  return {
    management,
    kubeconfigs,
    forKubeconfig(kubeconfig: string): KubeClient {
      kubeconfigs.push(kubeconfig);
      return workload;
    },
  };
}

describe('evaluateProbe', () => {
  test('GIVEN a Cluster and its KubeadmControlPlane WHEN the control plane is probed THEN it follows controlPlaneRef', async () => {
    const management = new FakeKubeClient([
      cluster('e2e', 'defaults'),
      kubeadmControlPlane('e2e', 'defaults-cp'),
    ]);
    const context = { management, workload: workloadAccess(factoryOf(management, new FakeKubeClient())) };
    const result = await evaluateProbe(
      { type: 'control-plane-ready', namespace: 'e2e', cluster: 'defaults', replicas: 1, version: 'v1.35.1' },
      context,
    );
    expect(result).toEqual({ done: true, detail: 'KubeadmControlPlane defaults-cp: 1/1 ready at v1.35.1' });
    expect(management.calls).toEqual(['get Cluster e2e/defaults', 'get KubeadmControlPlane e2e/defaults-cp']);
  });

  test('GIVEN a Cluster API v1.11+ Cluster whose controlPlaneRef names v1beta2 WHEN the control plane is probed THEN the KubeadmControlPlane is read as v1beta1, whose status the judge reads', async () => {
    const stored = cluster('e2e', 'defaults');
    const refV1beta2 = {
      ...stored,
      spec: {
        ...(stored.spec as Record<string, unknown>),
        controlPlaneRef: {
          apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
          kind: 'KubeadmControlPlane',
          name: 'defaults-cp',
        },
      },
    };
    const management = new FakeKubeClient([refV1beta2, kubeadmControlPlane('e2e', 'defaults-cp')]);
    const versions: string[] = [];
    const recording: KubeClient = Object.assign(Object.create(management) as KubeClient, {
      get: (ref: Parameters<KubeClient['get']>[0]) => {
        versions.push(`${ref.apiVersion} ${ref.kind}`);
        return management.get(ref);
      },
    });
    const context = {
      management: recording,
      workload: workloadAccess(factoryOf(management, new FakeKubeClient())),
    };
    const result = await evaluateProbe(
      { type: 'control-plane-ready', namespace: 'e2e', cluster: 'defaults', replicas: 1, version: 'v1.35.1' },
      context,
    );
    expect(result).toEqual({ done: true, detail: 'KubeadmControlPlane defaults-cp: 1/1 ready at v1.35.1' });
    expect(versions).toEqual([
      'cluster.x-k8s.io/v1beta1 Cluster',
      'controlplane.cluster.x-k8s.io/v1beta1 KubeadmControlPlane',
    ]);
  });

  test('GIVEN MachineDeployments of two Clusters WHEN workers are probed THEN only the Cluster label is listed', async () => {
    const management = new FakeKubeClient([
      machineDeployment('e2e', 'defaults', 'md-0'),
      machineDeployment('e2e', 'other', 'md-0'),
    ]);
    const context = { management, workload: workloadAccess(factoryOf(management, new FakeKubeClient())) };
    const result = await evaluateProbe(
      {
        type: 'workers-ready',
        namespace: 'e2e',
        cluster: 'defaults',
        machineDeployments: [{ name: 'md-0', replicas: 1 }],
        version: 'v1.35.1',
      },
      context,
    );
    expect(result).toEqual({ done: true, detail: '1 MachineDeployment(s), 1 worker(s) ready at v1.35.1' });
    expect(management.calls).toEqual(['list MachineDeployment e2e cluster.x-k8s.io/cluster-name=defaults']);
  });

  test('GIVEN no kubeconfig Secret yet WHEN a workload probe runs THEN it waits for the Secret', async () => {
    const management = new FakeKubeClient();
    const context = { management, workload: workloadAccess(factoryOf(management, new FakeKubeClient())) };
    expect(
      await evaluateProbe(
        { type: 'nodes-ready', namespace: 'e2e', cluster: 'defaults', count: 2, version: 'v1.35.1' },
        context,
      ),
    ).toEqual({
      done: false,
      detail: 'Secret e2e/defaults-kubeconfig does not exist yet',
    });
  });

  test('GIVEN the kubeconfig Secret WHEN workload probes run THEN they use one client built from the decoded kubeconfig', async () => {
    const management = new FakeKubeClient([
      kubeconfigSecret('e2e', 'defaults', 'apiVersion: v1\nkind: Config\n'),
    ]);
    const workload = new FakeKubeClient([
      node('cp-1'),
      node('md-1'),
      pod('kindnet-1'),
      nodeMetrics('cp-1'),
      nodeMetrics('md-1'),
    ]);
    const factory = factoryOf(management, workload);
    const context = { management, workload: workloadAccess(factory) };
    expect(
      await evaluateProbe(
        { type: 'nodes-ready', namespace: 'e2e', cluster: 'defaults', count: 2, version: 'v1.35.1' },
        context,
      ),
    ).toEqual({ done: true, detail: '2/2 nodes Ready at v1.35.1' });
    expect(
      await evaluateProbe({ type: 'kube-system-pods-ready', namespace: 'e2e', cluster: 'defaults' }, context),
    ).toEqual({ done: true, detail: '1 kube-system pods running and ready' });
    expect(
      await evaluateProbe(
        { type: 'metrics-serving', namespace: 'e2e', cluster: 'defaults', count: 2 },
        context,
      ),
    ).toEqual({ done: true, detail: 'metrics.k8s.io serves 2 node metrics' });
    expect(factory.kubeconfigs).toEqual(['apiVersion: v1\nkind: Config\n']);
    expect(workload.calls).toEqual(['list Node ', 'list Pod kube-system', 'list NodeMetrics ']);
  });
});
