import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildManifest,
  checkTagMatchesMetadata,
  EMPTY_DESCRIPTOR,
  layerMediaType,
  parseArtifactReference,
  readReleaseDir,
  ReleaseFile,
  releaseAnnotations,
  validateReleaseTag,
} from './publish';

const sha = (s: string | Buffer) => `sha256:${createHash('sha256').update(s).digest('hex')}`;
const file = (name: string, content: string): ReleaseFile => ({ name, content: Buffer.from(content) });

const METADATA = `apiVersion: metadata.clusterstack.x-k8s.io/v1alpha1
versions:
  clusterStack: v1
  kubernetes: v1.27.3
  components:
    clusterAddon: v1
    nodeImage: v1
`;
const HASHES = '{\n  "clusterStack": "hipstswq4xkzm"\n}\n';
const GRAMMAR = '<provider>-<name>-<major>-<minor>-v<N>[-<channel>-<patch>]';

describe('layerMediaType', () => {
  test.each([
    ['docker-ferrol-1-27-cluster-class-v1.tgz', 'application/vnd.scs.cluster-class.v1.tar+gzip'],
    ['docker-ferrol-1-27-cluster-addon-v1.tgz', 'application/vnd.scs.cluster-addon.layer.v1.tar+gzip'],
    ['ubuntu-capi-node-image-v1.tgz', 'application/vnd.scs.node-image.layer.v1.tar+gzip'],
    ['clusteraddon.yaml', 'application/vnd.scs.cluster-addon.config.layer.v1+yaml'],
    ['metadata.yaml', 'application/vnd.scs.metadata.layer.v1+yaml'],
    ['node-images.yaml', 'application/vnd.scs.node-image.config.layer.v1+yaml'],
    ['hashes.json', 'application/vnd.scs.hashes.layer.v1+yaml'],
    // csctl checks cluster-addon before cluster-class
    ['cluster-addon-for-cluster-class.tgz', 'application/vnd.scs.cluster-addon.layer.v1.tar+gzip'],
    // not .tgz: csctl's empty media type, which oras-go turns into the OCI layer type
    ['cluster-addon-values.yaml', 'application/vnd.oci.image.layer.v1.tar'],
    ['docker-ferrol-1-27-cluster-class-v1.tar.gz', 'application/vnd.oci.image.layer.v1.tar'],
    ['README.md', 'application/vnd.oci.image.layer.v1.tar'],
  ])('GIVEN file %s WHEN its media type is chosen THEN it is %s', (name, expected) => {
    expect(layerMediaType(name)).toBe(expected);
  });
});

describe('buildManifest', () => {
  const files = [
    file('node-images.yaml', 'images: []\n'),
    file('metadata.yaml', METADATA),
    file('docker-ferrol-1-27-cluster-class-v1.tgz', 'class'),
    file('hashes.json', HASHES),
    file('clusteraddon.yaml', 'addonStages: {}\n'),
    file('docker-ferrol-1-27-cluster-addon-v1.tgz', 'addon'),
  ];
  const annotations = { kubernetesVersion: 'v1.27.3', hash: 'hipstsw' };
  const layer = (name: string, mediaType: string, content: string) => ({
    mediaType,
    digest: sha(content),
    size: Buffer.byteLength(content),
    annotations: { 'org.opencontainers.image.title': name },
  });

  test('GIVEN six release files in any order WHEN the manifest is built THEN it is exactly the csctl layout with layers sorted by name', () => {
    const built = buildManifest(files, annotations);

    expect(JSON.parse(built.bytes.toString())).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.scs.cluster-stacks.v1',
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
        size: 2,
        data: 'e30=',
      },
      layers: [
        layer(
          'clusteraddon.yaml',
          'application/vnd.scs.cluster-addon.config.layer.v1+yaml',
          'addonStages: {}\n',
        ),
        layer(
          'docker-ferrol-1-27-cluster-addon-v1.tgz',
          'application/vnd.scs.cluster-addon.layer.v1.tar+gzip',
          'addon',
        ),
        layer(
          'docker-ferrol-1-27-cluster-class-v1.tgz',
          'application/vnd.scs.cluster-class.v1.tar+gzip',
          'class',
        ),
        layer('hashes.json', 'application/vnd.scs.hashes.layer.v1+yaml', HASHES),
        layer('metadata.yaml', 'application/vnd.scs.metadata.layer.v1+yaml', METADATA),
        layer('node-images.yaml', 'application/vnd.scs.node-image.config.layer.v1+yaml', 'images: []\n'),
      ],
      annotations: { hash: 'hipstsw', kubernetesVersion: 'v1.27.3' },
    });
  });

  test('GIVEN the built manifest WHEN serialized THEN it is compact JSON with the spec key order and sorted annotation keys', () => {
    const text = buildManifest([file('metadata.yaml', 'm')], annotations).bytes.toString();

    expect(text).toBe(
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' +
        '"artifactType":"application/vnd.scs.cluster-stacks.v1",' +
        '"config":{"mediaType":"application/vnd.oci.empty.v1+json",' +
        '"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="},' +
        `"layers":[{"mediaType":"application/vnd.scs.metadata.layer.v1+yaml","digest":"${sha('m')}","size":1,` +
        '"annotations":{"org.opencontainers.image.title":"metadata.yaml"}}],' +
        '"annotations":{"hash":"hipstsw","kubernetesVersion":"v1.27.3"}}',
    );
  });

  test('GIVEN the same files in two orders WHEN built twice THEN bytes and digest are identical and the digest is the sha256 of the bytes', () => {
    const a = buildManifest(files, annotations);
    const b = buildManifest([...files].reverse(), { hash: 'hipstsw', kubernetesVersion: 'v1.27.3' });

    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.digest).toBe(a.digest);
    expect(a.digest).toBe(sha(a.bytes));
  });

  test('GIVEN names differing in case and punctuation WHEN built THEN layers are in byte order, as Go lists a directory', () => {
    const built = buildManifest([file('a.yaml', 'a'), file('_x', 'x'), file('B.yaml', 'b')], annotations);

    expect(built.layers.map((l) => l.annotations?.['org.opencontainers.image.title'])).toEqual([
      'B.yaml',
      '_x',
      'a.yaml',
    ]);
  });

  test('GIVEN the empty descriptor THEN its digest is the sha256 of {} and its data is base64 of {}', () => {
    expect(EMPTY_DESCRIPTOR).toEqual({
      mediaType: 'application/vnd.oci.empty.v1+json',
      digest: sha('{}'),
      size: 2,
      data: Buffer.from('{}').toString('base64'),
    });
  });

  test.each([
    [[file('a', '1'), file('a', '2')], 'release file "a" is listed twice'],
    [[file('sub/a', '1')], '"sub/a" cannot be a release file name: expected a plain file name'],
    [[file('..', '1')], '".." cannot be a release file name: expected a plain file name'],
    [[], 'a release needs at least one file'],
  ])('GIVEN invalid files %# WHEN built THEN it throws %s', (input, message) => {
    expect(() => buildManifest(input, annotations)).toThrow(new Error(message));
  });
});

describe('validateReleaseTag', () => {
  test.each([
    'docker-ferrol-1-27-v1',
    'docker-ferrol-1-27-v0-sha-hipstsw',
    'openstack-scs-1-30-v3',
    'docker-scs-1-35-v2-alpha-0',
  ])('GIVEN %s WHEN validated THEN it is a release tag', (tag) => {
    expect(() => validateReleaseTag(tag)).not.toThrow();
  });

  const long = `${'p'.repeat(117)}-scs-1-35-v1`;
  test.each([
    ['docker-scs-1-35-v0-sha.abcdefg', 'invalid format'],
    ['docker-scs-1-35', 'invalid format'],
    ['my-stack-x-1-35-v1', 'invalid format'],
    ['docker-scs-1-35-v1-beta', 'invalid format'],
    ['-scs-1-35-v1', 'invalid provider'],
    ['docker--1-35-v1', 'invalid name'],
    ['docker-scs-x-35-v1', 'failed to create Kubernetes version from x-35: invalid major version'],
    ['docker-scs-1-y-v1', 'failed to create Kubernetes version from 1-y: invalid minor version'],
    ['docker-scs-1-35-1', 'failed to create version from 1: invalid version string 1'],
    [
      'Docker-scs-1-35-v1',
      'release tag "Docker-scs-1-35-v1" is not a lowercase RFC 1123 name (a-z, 0-9, "-"), so no ClusterStackRelease can be named after it',
    ],
    [
      'docker-sc_s-1-35-v1',
      'release tag "docker-sc_s-1-35-v1" is not a lowercase RFC 1123 name (a-z, 0-9, "-"), so no ClusterStackRelease can be named after it',
    ],
    [long, `release tag "${long}" is longer than 128 characters, the limit of an OCI tag`],
  ])('GIVEN %s WHEN validated THEN it is rejected: %s', (tag, reason) => {
    expect(() => validateReleaseTag(tag)).toThrow(
      new Error(`"${tag}" is not a release tag (${GRAMMAR}): ${reason}`),
    );
  });

  test('GIVEN a tag of exactly 128 characters THEN it is accepted', () => {
    const tag = `${'p'.repeat(116)}-scs-1-35-v1`;
    expect(tag).toHaveLength(128);
    expect(() => validateReleaseTag(tag)).not.toThrow();
  });
});

describe('releaseAnnotations and checkTagMatchesMetadata', () => {
  test('GIVEN metadata.yaml and hashes.json WHEN read THEN kubernetesVersion and the first 7 hash characters are the annotations', () => {
    expect(releaseAnnotations([file('metadata.yaml', METADATA), file('hashes.json', HASHES)])).toEqual({
      kubernetesVersion: 'v1.27.3',
      hash: 'hipstsw',
    });
  });

  test.each([
    [[file('hashes.json', HASHES)], 'the release has no metadata.yaml'],
    [
      [file('metadata.yaml', 'versions: {}\n'), file('hashes.json', HASHES)],
      'metadata.yaml: versions.kubernetes must be a Kubernetes version such as v1.35.0, got undefined',
    ],
    [
      [file('metadata.yaml', METADATA), file('hashes.json', '{"clusterStack":"abc"}')],
      'hashes.json: clusterStack must be a hash of at least 7 characters, got "abc"',
    ],
    [[file('metadata.yaml', METADATA), file('hashes.json', '{')], /^hashes\.json: /],
  ])('GIVEN broken inputs %# WHEN read THEN it throws naming the file', (files, message) => {
    expect(() => releaseAnnotations(files)).toThrow(
      typeof message === 'string' ? new Error(message) : message,
    );
  });

  test.each([
    [
      'docker-ferrol-1-28-v1',
      'release "docker-ferrol-1-28-v1" does not match its metadata.yaml: the tag says Kubernetes 1.28, versions.kubernetes is v1.27.3',
    ],
    [
      'docker-ferrol-1-27-v2',
      'release "docker-ferrol-1-27-v2" does not match its metadata.yaml: the tag says version v2, versions.clusterStack is v1',
    ],
  ])('GIVEN tag %s and metadata for 1.27 v1 WHEN checked THEN it is rejected', (tag, message) => {
    expect(() => checkTagMatchesMetadata(tag, [file('metadata.yaml', METADATA)])).toThrow(new Error(message));
  });

  test('GIVEN a hash-mode tag and its dotted metadata version WHEN checked THEN they match', () => {
    const metadata = METADATA.replace('clusterStack: v1', 'clusterStack: v0-sha.hipstsw');
    expect(() =>
      checkTagMatchesMetadata('docker-ferrol-1-27-v0-sha-hipstsw', [file('metadata.yaml', metadata)]),
    ).not.toThrow();
  });
});

describe('readReleaseDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'publish-read-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('GIVEN a release dir with a subdirectory and a symlink WHEN read THEN only top-level regular files are layers and the rest is reported', async () => {
    const dir = join(root, 'docker-ferrol-1-27-v1');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'metadata.yaml'), METADATA);
    writeFileSync(join(dir, 'hashes.json'), HASHES);
    writeFileSync(join(dir, 'sub', 'ignored.yaml'), 'x');
    symlinkSync('metadata.yaml', join(dir, 'link.yaml'));

    const release = await readReleaseDir(dir);

    expect({
      tag: release.tag,
      files: release.files.map((f) => f.name),
      skipped: release.skipped,
      annotations: release.annotations,
    }).toEqual({
      tag: 'docker-ferrol-1-27-v1',
      files: ['hashes.json', 'metadata.yaml'],
      skipped: ['link.yaml', 'sub'],
      annotations: { kubernetesVersion: 'v1.27.3', hash: 'hipstsw' },
    });
    expect(release.manifest.bytes.equals(buildManifest(release.files, release.annotations).bytes)).toBe(true);
  });

  test('GIVEN a directory whose name is not a release tag WHEN read THEN it is rejected by the tag grammar', async () => {
    const dir = join(root, 'docker-ferrol-1-27-v0-sha.hipstsw');
    mkdirSync(dir);

    await expect(readReleaseDir(dir)).rejects.toThrow(
      new Error(`"docker-ferrol-1-27-v0-sha.hipstsw" is not a release tag (${GRAMMAR}): invalid format`),
    );
  });

  test('GIVEN a release dir without hashes.json WHEN read THEN it is rejected naming the file', async () => {
    const dir = join(root, 'docker-ferrol-1-27-v1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'metadata.yaml'), METADATA);

    await expect(readReleaseDir(dir)).rejects.toThrow(
      new Error(`release directory ${dir} has no hashes.json`),
    );
  });
});

describe('parseArtifactReference', () => {
  test.each([
    [
      '127.0.0.1:5000/stacks:docker-ferrol-1-27-v1',
      { registry: '127.0.0.1:5000', repository: 'stacks', reference: 'docker-ferrol-1-27-v1' },
    ],
    [
      'registry.scs.community/kaas/cluster-stacks:openstack-scs-1-30-v3',
      {
        registry: 'registry.scs.community',
        repository: 'kaas/cluster-stacks',
        reference: 'openstack-scs-1-30-v3',
      },
    ],
    [
      `localhost:5000/a/b@${sha('x')}`,
      { registry: 'localhost:5000', repository: 'a/b', reference: sha('x') },
    ],
  ])('GIVEN %s WHEN parsed THEN registry, repository and reference are split', (ref, expected) => {
    expect(parseArtifactReference(ref)).toEqual(expected);
  });

  test.each(['stacks:v1', '127.0.0.1:5000/stacks'])('GIVEN %s WHEN parsed THEN it is rejected', (ref) => {
    expect(() => parseArtifactReference(ref)).toThrow(
      new Error(`invalid reference "${ref}": expected <registry>/<repository>:<tag>`),
    );
  });
});
