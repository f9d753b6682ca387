// Unit tests of what is collected after a failure, from in-memory clients. No cluster.
import { KubeApiError, KubeClient } from '../kube/client';
import { buildPlan } from '../plan/build-plan';
import { workloadAccess } from '../probes/workload-access';
import { FakeKubeClient } from '../testing/fake-kube-client';
import { cluster, kubeconfigSecret, node } from '../testing/objects';
import { release, renderCluster } from '../testing/releases';
import { collectDiagnostics } from './diagnostics';

const plan = buildPlan({ namespace: 'e2e', to: release('docker-scs-1-35-v1', 'v1.35.1'), renderCluster });

describe('collectDiagnostics', () => {
  test('GIVEN a reachable workload cluster WHEN collected THEN both clusters are dumped, without managedFields and without Secrets', async () => {
    const withFields = cluster('e2e', 'defaults');
    const management = new FakeKubeClient([
      { ...withFields, metadata: { ...withFields.metadata, managedFields: [{ manager: 'x' }] } },
      kubeconfigSecret('e2e', 'defaults', 'kind: Config\n'),
    ]);
    const workload = new FakeKubeClient([node('cp-1')]);
    const files = await collectDiagnostics(plan, {
      management,
      workload: workloadAccess({ management, forKubeconfig: (): KubeClient => workload }),
    });
    expect([...files.keys()]).toEqual([
      'management/e2e/ClusterStack.yaml',
      'management/e2e/ClusterStackRelease.yaml',
      'management/e2e/ClusterClass.yaml',
      'management/e2e/Cluster.yaml',
      'management/e2e/KubeadmControlPlane.yaml',
      'management/e2e/MachineDeployment.yaml',
      'management/e2e/Machine.yaml',
      'management/e2e/ClusterAddon.yaml',
      'management/e2e/Event.yaml',
      'management/capi-system/Deployment.yaml',
      'management/capi-kubeadm-bootstrap-system/Deployment.yaml',
      'management/capi-kubeadm-control-plane-system/Deployment.yaml',
      'management/cso-system/Deployment.yaml',
      'management/capd-system/Deployment.yaml',
      'workload/Node.yaml',
      'workload/kube-system/Pod.yaml',
      'workload/kube-system/Event.yaml',
    ]);
    expect(files.get('management/e2e/Cluster.yaml')).toContain('name: defaults');
    expect(files.get('management/e2e/Cluster.yaml')).not.toContain('managedFields');
    expect([...files.values()].join('\n')).not.toContain('kind: Config');
    expect(files.get('workload/Node.yaml')).toContain('name: cp-1');
  });

  test('GIVEN failing lists and no kubeconfig WHEN collected THEN the errors are written instead', async () => {
    const management = new FakeKubeClient();
    const list = management.list.bind(management);
    management.list = async (query) => {
      if (query.kind === 'Machine') throw new KubeApiError('HTTP 403: forbidden', 403);
      return list(query);
    };
    const files = await collectDiagnostics(plan, {
      management,
      workload: workloadAccess({ management, forKubeconfig: (): KubeClient => new FakeKubeClient() }),
    });
    expect(files.get('management/e2e/Machine.yaml')).toBe('# listing Machine failed: HTTP 403: forbidden\n');
    expect(files.get('workload/unreachable.txt')).toBe('no kubeconfig Secret for Cluster e2e/defaults\n');
  });
});
