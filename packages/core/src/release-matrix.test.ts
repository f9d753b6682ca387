import { CapiVersion } from './capi-version';
import { KubernetesVersion } from './kubernetes-version';
import { field, ReleaseMatrix, ReleaseRow } from './release-matrix';

interface Row extends ReleaseRow {
  readonly nodeImage: string;
  readonly checksum: string | undefined;
}

const SPEC = {
  kubernetes: field.kubernetesRelease(),
  capi: field.capiVersion(),
  kubernetesSchema: field.releaseTag(),
  clusterApiMinimum: field.releaseLine(),
  nodeImage: field.pinnedImage(),
  checksum: field.digestOrNone(),
};
const DIGEST = `sha256:${'a'.repeat(64)}`;
const row = (kubernetes: string, extra: Record<string, unknown> = {}) => ({
  kubernetes,
  capi: 'v1beta1',
  kubernetesSchema: `v${kubernetes.split('.').slice(0, 2).join('.')}.0`,
  clusterApiMinimum: 'v1.13',
  nodeImage: `kindest/node:v${kubernetes}@${DIGEST}`,
  checksum: null,
  ...extra,
});
const matrix = (data: unknown) => ReleaseMatrix.fromData<Row>('docker/scs', data, SPEC);

describe('ReleaseMatrix', () => {
  test('GIVEN two rows WHEN read THEN each minor has its typed row and the previous one', () => {
    // GIVEN
    const releases = matrix({ '1.35': row('1.35.1'), '1.36': row('1.36.1', { checksum: DIGEST }) });

    // WHEN
    const current = releases.row('1-36');

    // THEN
    expect(releases.minors).toEqual(['1.35', '1.36']);
    expect(current.kubernetes.semver).toBe('v1.36.1');
    expect(current.capi).toBe(CapiVersion.V1BETA1);
    expect(current.checksum).toBe(DIGEST);
    expect(releases.row('1.35').checksum).toBeUndefined();
    expect(releases.previous('1.36')?.kubernetes.semver).toBe('v1.35.1');
    expect(releases.previous('1.35')).toBeUndefined();
    expect(Object.isFrozen(current)).toBe(true);
  });

  test('GIVEN a row without a field WHEN read THEN the error names the stack, the row and the field', () => {
    const { nodeImage: _, ...partial } = row('1.36.1');
    expect(() => matrix({ '1.36': partial })).toThrow(
      'docker/scs release matrix, row "1.36": field "nodeImage" is missing.',
    );
  });

  test('GIVEN a malformed field WHEN read THEN the error names the field, the value and the expected form', () => {
    expect(() => matrix({ '1.36': row('1.36.1', { capi: 'v1' }) })).toThrow(
      'docker/scs release matrix, row "1.36": field "capi" is "v1": expected "v1beta1" or "v1beta2".',
    );
    expect(() => matrix({ '1.36': row('1.36.1', { checksum: 'sha256:abc' }) })).toThrow(
      'docker/scs release matrix, row "1.36": field "checksum" is "sha256:abc": expected "sha256:" and 64 hex digits, or null.',
    );
  });

  test('GIVEN a field the row type does not have WHEN read THEN it is refused by name', () => {
    expect(() => matrix({ '1.36': row('1.36.1', { cilium: '1.20.0' }) })).toThrow(
      'docker/scs release matrix, row "1.36": field "cilium" is not a field of this matrix.',
    );
  });

  test('GIVEN a row under the key of another minor or out of order WHEN read THEN it is refused', () => {
    expect(() => matrix({ '1.36': row('1.35.1') })).toThrow(
      'docker/scs release matrix, row "1.36": field "kubernetes" is v1.35.1, not a 1.36 release.',
    );
    expect(() => matrix({ '1.36': row('1.36.1'), '1.35': row('1.35.1') })).toThrow(
      'docker/scs release matrix, row "1.35": rows must be in ascending order of minor.',
    );
  });

  test('GIVEN a row the minor generator prefilled WHEN its minor is built THEN the unverified fields are named', () => {
    // GIVEN a 1.37 row still holding the 1.36 image
    const releases = matrix({
      '1.36': row('1.36.1'),
      '1.37': { ...row('1.37.0'), nodeImage: row('1.36.1').nodeImage, unverified: ['nodeImage'] },
    });

    // WHEN / THEN the 1.36 row stays usable and the 1.37 row is refused until filled in
    expect(releases.row('1.36').kubernetes.semver).toBe('v1.36.1');
    expect(() => releases.row('1.37')).toThrow(
      'docker/scs: the release matrix row "1.37" was prefilled from the previous minor and needs real values for "nodeImage"; fill them in and remove "unverified".',
    );
  });

  test('GIVEN a release of another patch WHEN its row is asked for THEN the row and its release are named', () => {
    expect(() => matrix({ '1.36': row('1.36.1') }).row(KubernetesVersion.of('1.36.2'))).toThrow(
      'docker/scs: Kubernetes v1.36.2 is not the release of the matrix row "1.36" (v1.36.1); change the row\'s "kubernetes" field to build another patch release.',
    );
  });

  test('GIVEN a check across fields WHEN a row breaks it THEN the problem is reported for that row', () => {
    expect(() =>
      ReleaseMatrix.fromData<Row>('docker/scs', { '1.36': row('1.36.1') }, SPEC, (r) =>
        r.nodeImage.includes(r.kubernetes.semver) ? undefined : 'field "nodeImage" is wrong',
      ),
    ).not.toThrow();
    expect(() =>
      ReleaseMatrix.fromData<Row>(
        'docker/scs',
        { '1.36': row('1.36.1') },
        SPEC,
        () => 'field "nodeImage" is wrong',
      ),
    ).toThrow('docker/scs release matrix, row "1.36": field "nodeImage" is wrong.');
  });
});
