import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { dualDryRun } from './dual-dry-run';
import { buildTopologyPlan } from './topology-plan-build';

// Every example and variable test of docker/scs 1.35 through the v1beta1 and the v1beta2 rendering, both
// planned by CAPI v1.14's topology engine (tools/topology-plan) and read in v1beta2.
jest.setTimeout(120_000);
beforeAll(() => buildTopologyPlan());

describe('dry run of both renderings', () => {
  test('GIVEN docker/scs 1.35 WHEN every case is planned from both renderings THEN every generated field is the same, and only the v1beta2 ClusterClass has refused patches', () => {
    // GIVEN / WHEN
    const report = dualDryRun(dockerScsStack('1.35'), 'cluster-stacks');

    // THEN
    expect(report.cases).toBe(19);
    expect(report.unexplained).toEqual([]);
    expect(report.rejected).toEqual([]);
    expect([...report.explained.keys()]).toEqual([]);
    expect(report.fields).toBeGreaterThan(4000);
    expect([...report.refusedPatches.keys()]).toEqual(['v1beta2']);
    expect(report.refusedPatches.get('v1beta2')).toHaveLength(7);
  });
});
