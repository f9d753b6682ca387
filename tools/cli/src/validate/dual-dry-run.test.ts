import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { dualDryRun, FLAG_ORDER } from './dual-dry-run';
import { renamedKinds, renameReason } from './renamed-kinds';
import { buildTopologyPlan } from './topology-plan-build';

// Every example and variable test of docker/scs 1.35 through the v1beta1 and the v1beta2 rendering, both
// admitted and planned by CAPI v1.14's topology engine (tools/topology-plan) and read in v1beta2.
jest.setTimeout(120_000);
beforeAll(() => buildTopologyPlan());

describe('dry run of both renderings', () => {
  test('GIVEN docker/scs 1.35 WHEN every case is planned from both renderings THEN both ClusterClasses are admitted, every generated field is the same once the Dev* objects are named as their Docker* forms, and only the order of the flag lists the patches set differs, explained', () => {
    // GIVEN / WHEN
    const stack = dockerScsStack('1.35');
    const report = dualDryRun(stack, 'cluster-stacks');

    // THEN
    expect(report.cases).toBe(20);
    expect(report.unexplained).toEqual([]);
    expect(report.rejected).toEqual([]);
    expect(report.fields).toBeGreaterThan(4000);
    const [, devCluster, devMachines] = renamedKinds(stack).map(renameReason);
    expect([...report.explained.keys()]).toEqual([devCluster, devMachines, FLAG_ORDER]);
    // Per case: the DevCluster's apiVersion, kind, cloned-from-groupkind and name, and the Cluster's reference.
    expect(report.explained.get(devCluster)).toHaveLength(6 * 20);
    // The machine settings the patches write sit below backend.docker in v1beta2, where v1beta1 has them.
    const settings = report.explained
      .get(devMachines)!
      .filter((line) => line.startsWith('example all-variables: ') && line.includes('.backend.docker.'))
      .sort();
    const moved = (role: string, field: string) =>
      `example all-variables: DevMachineTemplate/${role} .spec.template.spec.backend.docker.${field} compared as DockerMachineTemplate/${role} .spec.template.spec.${field}`;
    expect(settings).toEqual([
      moved('cluster', 'customImage'),
      moved('cluster', 'extraMounts[0].containerPath'),
      moved('cluster', 'extraMounts[0].hostPath'),
      moved('md-0', 'customImage'),
      moved('md-0', 'extraMounts[0].containerPath'),
      moved('md-0', 'extraMounts[0].hostPath'),
    ]);
    const order = report.explained.get(FLAG_ORDER)!;
    // Three lists of the control plane in each case: etcd's appended flag already sorts last.
    expect(order).toHaveLength(3 * 20);
    const kcp = 'KubeadmControlPlane/cluster .spec.kubeadmConfigSpec.clusterConfiguration';
    expect(order.filter((line) => line.startsWith('example defaults: '))).toEqual([
      `example defaults: ${kcp}.apiServer.extraArgs: v1beta1 admission-control-config-file,audit-log-maxage,audit-log-maxbackup,audit-log-maxsize,audit-log-path,audit-policy-file,authentication-config,enable-admission-plugins,encryption-provider-config,profiling,tls-cipher-suites,tls-min-version, v1beta2 admission-control-config-file,audit-log-path,audit-policy-file,authentication-config,enable-admission-plugins,encryption-provider-config,profiling,tls-cipher-suites,tls-min-version,audit-log-maxage,audit-log-maxbackup,audit-log-maxsize`,
      `example defaults: ${kcp}.controllerManager.extraArgs: v1beta1 bind-address,profiling,terminated-pod-gc-threshold,tls-cipher-suites,tls-min-version,use-service-account-credentials, v1beta2 profiling,tls-cipher-suites,tls-min-version,use-service-account-credentials,bind-address,terminated-pod-gc-threshold`,
      `example defaults: ${kcp}.scheduler.extraArgs: v1beta1 bind-address,profiling,tls-cipher-suites,tls-min-version, v1beta2 profiling,tls-cipher-suites,tls-min-version,bind-address`,
    ]);
  });
});
