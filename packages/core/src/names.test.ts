import { KubernetesVersion } from './kubernetes-version';
import { ReleaseNames } from './release-names';
import { StackVersion } from './stack-version';

describe('KubernetesVersion', () => {
  test('GIVEN a release WHEN parsed THEN every spelling CSO needs is derived', () => {
    const version = KubernetesVersion.of('v1.35.1');
    expect([version.semver, version.minorDotted, version.minorDashed]).toEqual(['v1.35.1', '1.35', '1-35']);
  });

  test('GIVEN a malformed release WHEN parsed THEN the error names the value and the expected form', () => {
    expect(() => KubernetesVersion.of('1.35')).toThrow(
      'KubernetesVersion.of: version "1.35" is invalid: expected a release like "1.35.1" or "v1.35.1".',
    );
  });

  test('GIVEN minor 0 WHEN parsed THEN it is rejected as CSO does', () => {
    expect(() => KubernetesVersion.of('1.0.3')).toThrow(
      'expected a major and minor greater than 0 (CSO rejects 0)',
    );
  });
});

describe('StackVersion', () => {
  test('GIVEN a stable version THEN dot and dash forms are both vN', () => {
    expect([
      StackVersion.stable(3).dotted,
      StackVersion.stable(3).dashed,
      StackVersion.stable(3).next().dotted,
    ]).toEqual(['v3', 'v3', 'v4']);
  });

  test('GIVEN a hash version THEN the dot form names charts and the dash form names tags', () => {
    const version = StackVersion.hash('abc1234');
    expect([version.dotted, version.dashed]).toEqual(['v0-sha.abc1234', 'v0-sha-abc1234']);
  });

  test('GIVEN an all-digit hash with a leading zero WHEN used THEN it is refused because Helm rejects it', () => {
    expect(() => StackVersion.hash('0123456')).toThrow(
      'StackVersion.hash: hash "0123456" is invalid: expected not all digits with a leading zero (Helm rejects it as semver).',
    );
  });

  test('GIVEN both forms WHEN parsed THEN they round-trip', () => {
    expect(StackVersion.parseDashed('v0-sha-abc1234').dotted).toBe('v0-sha.abc1234');
    expect(StackVersion.parseDotted('v0-sha.abc1234').dashed).toBe('v0-sha-abc1234');
    expect(() => StackVersion.parseDotted('v1-alpha')).toThrow(
      'expected the dot form vN or vN-<channel>.<patch>',
    );
  });
});

describe('ReleaseNames', () => {
  const names = new ReleaseNames('docker', 'scs', KubernetesVersion.of('1.35.1'));

  test('GIVEN a stack WHEN a stable version is released THEN every CSO name is derived from it', () => {
    const v3 = StackVersion.stable(3);
    expect({
      tag: names.releaseTag(v3),
      clusterClass: names.clusterClassName(v3),
      helmRelease: names.helmReleaseName,
      chart: names.clusterClassChartName,
      classArchive: names.clusterClassArchive(v3),
      addonArchive: names.clusterAddonArchive(StackVersion.stable(2)),
    }).toEqual({
      tag: 'docker-scs-1-35-v3',
      clusterClass: 'docker-scs-1-35-v3',
      helmRelease: 'docker-scs-1-35',
      chart: 'docker-scs-1-35-cluster-class',
      classArchive: 'docker-scs-1-35-cluster-class-v3.tgz',
      addonArchive: 'docker-scs-1-35-cluster-addon-v2.tgz',
    });
  });

  test('GIVEN a hash version THEN the tag uses the dash form and the class the dot form', () => {
    const hash = StackVersion.hash('abc1234');
    expect([names.releaseTag(hash), names.clusterClassName(hash)]).toEqual([
      'docker-scs-1-35-v0-sha-abc1234',
      'docker-scs-1-35-v0-sha.abc1234',
    ]);
  });

  test.each([
    ['my-stack', 'name'],
    ['Scs', 'name'],
  ])('GIVEN stack name %s WHEN named THEN it is rejected with the reason', (value) => {
    expect(() => new ReleaseNames('docker', value, KubernetesVersion.of('1.35.1'))).toThrow(
      `ReleaseNames: name "${value}" is invalid: expected lowercase letters and digits, starting with a letter (no "-", no upper case). CSO splits release tags on "-", so "my-stack" would be read as provider "my", stack "stack".`,
    );
  });

  test('GIVEN a provider with a dash THEN it is rejected naming the provider prop', () => {
    expect(() => new ReleaseNames('open-stack', 'scs', KubernetesVersion.of('1.35.1'))).toThrow(
      'ReleaseNames: provider "open-stack" is invalid',
    );
  });
});
