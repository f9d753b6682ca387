// Unit test of the --dry-run listing of a plan.
import { buildPlan } from '../plan/build-plan';
import { release, renderCluster } from '../testing/releases';
import { formatPlan } from './format-plan';

describe('formatPlan', () => {
  test('GIVEN an upgrade plan WHEN formatted THEN a header, numbered steps with limits and the applied objects', () => {
    const text = formatPlan(
      buildPlan({
        namespace: 'e2e',
        to: release('docker-scs-1-35-v2', 'v1.35.1'),
        from: release('docker-scs-1-34-v1', 'v1.34.3'),
        renderCluster,
      }),
    );
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'upgrade test of docker-scs-1-35-v2 (Cluster created on docker-scs-1-34-v1)',
      'Cluster e2e/defaults',
      'CSO: the operator',
      '',
      ' 1. management cluster runs capi-system/capi-controller-manager [up to 300s]',
    ]);
    expect(lines.filter((l) => l.includes('finally'))).toEqual([
      '31. finally: no unhealthy node in defaults [once]',
      '32. finally: no pending addon stage in defaults [once]',
    ]);
    expect(lines).toContain('# upgrade Cluster defaults to docker-scs-1-35-v2 (v1.35.1)');
    expect(text.match(/^---$/gm)).toHaveLength(5);
  });
});
