import { ReleaseMatrix, ReleaseRow } from '@cluster-stacks/core';
import { DOCKER_SCS_RELEASES } from '@cluster-stacks/provider-docker';
import { OPENSTACK_SCS_RELEASES } from '@cluster-stacks/provider-openstack';
import { pinnedKubernetesSchema } from '@cluster-stacks/toolchain';
import { allProjects } from './project';

const MATRICES: readonly ReleaseMatrix<ReleaseRow>[] = [DOCKER_SCS_RELEASES, OPENSTACK_SCS_RELEASES];

describe('release matrices', () => {
  test.each(MATRICES.map((m) => [m.stack, m] as const))(
    'GIVEN the %s matrix THEN each row’s schema pin is the one the toolchain installs',
    (_name, matrix) => {
      const rows = matrix.minors.map((minor) => [minor, matrix.row(minor).kubernetesSchema]);
      expect(rows.map(([minor]) => [minor, pinnedKubernetesSchema(minor)])).toEqual(rows);
    },
  );

  test('GIVEN the matrices THEN they name exactly the stack projects of the workspace', () => {
    const fromMatrices = MATRICES.flatMap((m) =>
      m.minors.map((minor) => `${m.stack.replace('/', '-')}-${minor.replace('.', '-')}`),
    );
    expect(fromMatrices.sort()).toEqual(allProjects().map((p) => p.name));
  });
});
