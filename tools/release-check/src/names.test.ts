import {
  dashToDot,
  dotToDash,
  formatClusterClassName,
  formatReleaseTag,
  isDashVersion,
  isDotVersion,
  parseClusterClassName,
  parseReleaseTag,
  parseReleaseTagAsCso,
} from './names';

describe('parseReleaseTag', () => {
  it('parses stable and hash tags into their parts', () => {
    // GIVEN a stable tag and a hash-mode tag
    // WHEN they are parsed
    const stable = parseReleaseTag('openstack-scs-1-30-v3');
    const hash = parseReleaseTag('docker-ferrol-1-27-v0-sha-hipstsw');
    // THEN provider, name, Kubernetes version and version come out as CSO reads them
    expect(stable).toEqual({
      provider: 'openstack',
      name: 'scs',
      kubernetesMajor: 1,
      kubernetesMinor: 30,
      kubernetesParts: ['1', '30'],
      version: { major: 3, channel: 'stable', patch: '' },
    });
    expect(hash.version).toEqual({ major: 0, channel: 'sha', patch: 'hipstsw' });
    expect(formatClusterClassName(hash)).toBe('docker-ferrol-1-27-v0-sha.hipstsw');
    expect(formatReleaseTag(hash)).toBe('docker-ferrol-1-27-v0-sha-hipstsw');
  });

  it.each([
    // a tag with a "." has 6 parts
    ['docker-ferrol-1-27-v0-sha.hipstsw', 'invalid format'],
    ['docker-ferrol-1-27', 'invalid format'],
    ['my-stack-x-1-27-v2', 'invalid format'],
    ['-ferrol-1-27-v1', 'invalid provider'],
    ['docker--1-27-v1', 'invalid name'],
    ['docker-ferrol-x-27-v1', 'failed to create Kubernetes version from x-27: invalid major version'],
    ['docker-ferrol-1-2x-v1', 'failed to create Kubernetes version from 1-2x: invalid minor version'],
    ['docker-ferrol-1-27-1', 'failed to create version from 1: invalid version string 1'],
    ['docker-ferrol-1-27-v1-alpha', 'invalid format'],
    [
      'docker-ferrol-1-27-v1-al.pha-1',
      'failed to create version from v1-al.pha-1: invalid version string v1-al.pha-1',
    ],
    [
      'docker-ferrol-1-27-v99999999999999999999',
      'failed to create version from v99999999999999999999: invalid major version v99999999999999999999',
    ],
  ])('rejects %s with CSO message "%s"', (tag, message) => {
    // GIVEN a tag CSO cannot parse WHEN it is parsed THEN CSO's own message is raised
    expect(() => parseReleaseTagAsCso(tag)).toThrow(message);
    expect(() => parseReleaseTag(tag)).toThrow(message);
  });

  it('accepts what CSO accepts but rejects names Kubernetes and OCI cannot carry', () => {
    // GIVEN tags that CSO parses but that are no valid object name / OCI tag
    const upper = 'Docker-ferrol-1-27-v1';
    const underscore = 'docker-ferrol-1-27-v1-my_channel-1';
    const long = `docker-${'n'.repeat(120)}-1-27-v1`;
    // WHEN they are parsed THEN CSO's grammar accepts them, the full check does not
    expect(parseReleaseTagAsCso(upper).provider).toBe('Docker');
    expect(() => parseReleaseTag(upper)).toThrow(
      'release tag "Docker-ferrol-1-27-v1" is not a lowercase RFC 1123 name (a-z, 0-9, "-"), so no ClusterStackRelease can be named after it',
    );
    expect(() => parseReleaseTag(underscore)).toThrow('is not a lowercase RFC 1123 name');
    expect(() => parseReleaseTag(long)).toThrow(
      `release tag "${long}" is longer than 128 characters, the limit of an OCI tag`,
    );
  });

  it('silently splits a provider containing "-" the way CSO does', () => {
    // GIVEN "my-stack" as provider with no name WHEN parsed THEN provider "my" and name "stack"
    const n = parseReleaseTag('my-stack-1-27-v2');
    expect([n.provider, n.name, n.kubernetesMajor, n.kubernetesMinor]).toEqual(['my', 'stack', 1, 27]);
  });
});

describe('parseClusterClassName', () => {
  it('parses the dot form and rejects the dash form of channel versions', () => {
    // GIVEN ClusterClass names WHEN parsed THEN only the dot form of a channel version is accepted
    expect(parseClusterClassName('docker-ferrol-1-27-v0-sha.hipstsw').version).toEqual({
      major: 0,
      channel: 'sha',
      patch: 'hipstsw',
    });
    expect(parseClusterClassName('openstack-scs-1-30-v3').version.major).toBe(3);
    expect(() => parseClusterClassName('docker-ferrol-1-27-v0-sha-hipstsw')).toThrow('invalid format');
    expect(() => parseClusterClassName('docker-ferrol-1-27-v0-sha.a.b')).toThrow(
      'failed to create version from v0-sha.a.b: invalid version string v0-sha.a.b',
    );
  });
});

describe('version grammar', () => {
  it.each([
    ['v1', true, true],
    ['v0-sha.abcdefg', true, false],
    ['v0-sha-abcdefg', false, true],
    ['v1-alpha.0', true, false],
    ['v1-alpha', false, false],
    ['v1-alpha-1.0', false, false],
    ['v1.0-alpha.1', false, false],
    ['1', false, false],
    ['V1', false, false],
    ['v1-älpha.1', false, false],
    ['', false, false],
  ])('%s: dot %s, dash %s', (v, dot, dash) => {
    // GIVEN a version string WHEN classified THEN it matches the grammars as CSO's regexes do (ASCII \w)
    expect(isDotVersion(v)).toBe(dot);
    expect(isDashVersion(v)).toBe(dash);
  });

  it('converts between the forms and normalizes as CSO does', () => {
    // GIVEN dot and dash versions WHEN converted THEN the other form comes back, normalized
    expect(dotToDash('v0-sha.abcdefg')).toBe('v0-sha-abcdefg');
    expect(dashToDot('v0-sha-abcdefg')).toBe('v0-sha.abcdefg');
    expect(dotToDash('v3')).toBe('v3');
    expect(dashToDot('v01')).toBe('v1');
    expect(() => dotToDash('v0-sha-abcdefg')).toThrow('invalid version string v0-sha-abcdefg');
    expect(() => dashToDot('v0-sha.abcdefg')).toThrow('invalid version string v0-sha.abcdefg');
  });
});
