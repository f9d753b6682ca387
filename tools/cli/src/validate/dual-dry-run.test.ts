import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { dualDryRun, FLAG_ORDER } from './dual-dry-run';
import { buildTopologyPlan } from './topology-plan-build';

// Every example and variable test of docker/scs 1.35 through the v1beta1 and the v1beta2 rendering, both
// admitted and planned by CAPI v1.14's topology engine (tools/topology-plan) and read in v1beta2.
jest.setTimeout(120_000);
beforeAll(() => buildTopologyPlan());

describe('dry run of both renderings', () => {
  test('GIVEN docker/scs 1.35 WHEN every case is planned from both renderings THEN both ClusterClasses are admitted, every generated field is the same and only the order of the flag lists the patches set differs, explained', () => {
    // GIVEN / WHEN
    const report = dualDryRun(dockerScsStack('1.35'), 'cluster-stacks');

    // THEN
    expect(report.cases).toBe(19);
    expect(report.unexplained).toEqual([]);
    expect(report.rejected).toEqual([]);
    expect(report.fields).toBeGreaterThan(4000);
    expect([...report.explained.keys()]).toEqual([FLAG_ORDER]);
    const order = report.explained.get(FLAG_ORDER)!;
    // Three lists of the control plane in each case: etcd's appended flag already sorts last.
    expect(order).toHaveLength(3 * 19);
    const kcp = 'KubeadmControlPlane/cluster .spec.kubeadmConfigSpec.clusterConfiguration';
    expect(order.filter((line) => line.startsWith('example defaults: '))).toEqual([
      `example defaults: ${kcp}.apiServer.extraArgs: v1beta1 admission-control-config-file,audit-log-maxage,audit-log-maxbackup,audit-log-maxsize,audit-log-path,audit-policy-file,authentication-config,enable-admission-plugins,encryption-provider-config,profiling,tls-cipher-suites,tls-min-version, v1beta2 admission-control-config-file,audit-log-path,audit-policy-file,authentication-config,enable-admission-plugins,encryption-provider-config,profiling,tls-cipher-suites,tls-min-version,audit-log-maxage,audit-log-maxbackup,audit-log-maxsize`,
      `example defaults: ${kcp}.controllerManager.extraArgs: v1beta1 bind-address,profiling,terminated-pod-gc-threshold,tls-cipher-suites,tls-min-version,use-service-account-credentials, v1beta2 profiling,tls-cipher-suites,tls-min-version,use-service-account-credentials,bind-address,terminated-pod-gc-threshold`,
      `example defaults: ${kcp}.scheduler.extraArgs: v1beta1 bind-address,profiling,tls-cipher-suites,tls-min-version, v1beta2 profiling,tls-cipher-suites,tls-min-version,bind-address`,
    ]);
  });
});
