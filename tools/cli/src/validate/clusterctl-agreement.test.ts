import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { openstackScsStack } from '@cluster-stacks/provider-openstack';
import { clusterctlAgreement } from './clusterctl-agreement';
import { buildTopologyPlan } from './topology-plan-build';

// clusterctl v1.10 (`alpha topology plan`) and CAPI v1.14 (tools/topology-plan, generated objects read back in
// v1beta1) on every example and variable test of the v1beta1 renderings: every generated field is compared.
jest.setTimeout(300_000);
beforeAll(() => buildTopologyPlan());

function counts(explained: Map<string, string[]>): Record<string, number> {
  return Object.fromEntries([...explained.entries()].map(([name, lines]) => [name, lines.length]));
}

describe('clusterctl v1.10 and CAPI v1.14 agree on v1beta1', () => {
  test('GIVEN docker/scs 1.35 WHEN every case is planned by both THEN every field agrees but the three explained version differences', () => {
    // GIVEN / WHEN
    const report = clusterctlAgreement(dockerScsStack('1.35'), 'cluster-stacks');

    // THEN: 20 cases (4 examples, 16 variable tests); per case 6 owner references, 2 references, 2 health checks
    expect(report.unexplained).toEqual([]);
    expect(report.cases).toBe(20);
    expect(counts(report.explained)).toEqual({
      'owner reference version': 120,
      'reference version': 40,
      maxUnhealthy: 40,
    });
  });

  test('GIVEN openstack/scs 1.35 WHEN every case is planned by both THEN every field agrees but the three explained version differences', () => {
    // GIVEN / WHEN
    const report = clusterctlAgreement(openstackScsStack('1.35', { cilium: false }), 'cluster-stacks');

    // THEN: 43 cases (3 examples, 40 variable tests)
    expect(report.unexplained).toEqual([]);
    expect(report.cases).toBe(43);
    expect(counts(report.explained)).toEqual({
      'owner reference version': 258,
      'reference version': 86,
      maxUnhealthy: 86,
    });
  });
});
