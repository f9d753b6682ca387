// Unit tests of reading release directories (metadata.yaml and the tag) for the e2e plan.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packagedTag, readRelease, releaseInfo } from './release';

const METADATA = (clusterStack: string, kubernetes = 'v1.35.1', clusterAddon = clusterStack) =>
  `apiVersion: metadata.clusterstack.x-k8s.io/v1alpha1\nversions:\n  clusterStack: ${clusterStack}\n  components:\n    clusterAddon: ${clusterAddon}\n    nodeImage: ${clusterStack}\n  kubernetes: ${kubernetes}\n`;

describe('releaseInfo', () => {
  test('GIVEN a stable release WHEN read THEN every name CSO derives from it', () => {
    expect(releaseInfo('docker-scs-1-35-v2', METADATA('v2', 'v1.35.1', 'v1'))).toEqual({
      tag: 'docker-scs-1-35-v2',
      provider: 'docker',
      stackName: 'scs',
      kubernetesMinor: '1.35',
      stackId: 'docker-scs-1-35',
      version: 'v2',
      clusterClass: 'docker-scs-1-35-v2',
      kubernetesVersion: 'v1.35.1',
      clusterAddonVersion: 'v1',
    });
  });

  test('GIVEN a hash release WHEN read THEN the class uses the dot form and the tag the dash form', () => {
    expect(releaseInfo('docker-scs-1-35-v0-sha-abcdefg', METADATA('v0-sha.abcdefg'))).toMatchObject({
      version: 'v0-sha.abcdefg',
      clusterClass: 'docker-scs-1-35-v0-sha.abcdefg',
    });
  });

  test.each([
    [
      'docker-scs-1-35',
      METADATA('v1'),
      'release docker-scs-1-35: not a release tag (<provider>-<name>-<major>-<minor>-<version>)',
    ],
    [
      'docker-scs-1-35-v2',
      METADATA('v3'),
      'release docker-scs-1-35-v2: metadata.yaml says clusterStack v3, but the tag says v2',
    ],
    [
      'docker-scs-1-35-v2',
      'versions:\n  clusterStack: v2\n',
      'release docker-scs-1-35-v2: metadata.yaml has no versions.kubernetes',
    ],
  ])('GIVEN tag %s and inconsistent metadata WHEN read THEN it fails: %s', (tag, metadata, message) => {
    expect(() => releaseInfo(tag, metadata)).toThrow(message);
  });
});

describe('reading from disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-release-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a release directory WHEN read by tag THEN its metadata is used', () => {
    fs.mkdirSync(path.join(dir, 'docker-scs-1-34-v1'));
    fs.writeFileSync(path.join(dir, 'docker-scs-1-34-v1', 'metadata.yaml'), METADATA('v1', 'v1.34.3'));
    expect(readRelease(dir, 'docker-scs-1-34-v1')).toMatchObject({
      kubernetesVersion: 'v1.34.3',
      clusterClass: 'docker-scs-1-34-v1',
    });
  });

  test('GIVEN a missing tag WHEN read THEN the error lists what is there', () => {
    fs.mkdirSync(path.join(dir, 'docker-scs-1-34-v1'));
    expect(() => readRelease(dir, 'docker-scs-1-35-v9')).toThrow(
      `release docker-scs-1-35-v9 is not in ${dir} (present: docker-scs-1-34-v1)`,
    );
  });

  test('GIVEN dist/packaged/<project>.json WHEN read THEN its tag; without it THEN how to make it', () => {
    const file = path.join(dir, 'docker-scs-1-35.json');
    expect(() => packagedTag(file)).toThrow(
      `${file} does not exist: package the stack first (npx nx run <stack>:package)`,
    );
    fs.writeFileSync(file, JSON.stringify({ tag: 'docker-scs-1-35-v1', clusterClass: 'docker-scs-1-35-v1' }));
    expect(packagedTag(file)).toBe('docker-scs-1-35-v1');
  });
});
