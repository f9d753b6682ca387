// Integration: publishes to the real CNCF distribution registry on 127.0.0.1 and reads back with the
// real oras CLI (the library CSO downloads with). Both come from tools/publish/install-test-tools.sh.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTarGz } from '@cluster-stacks/release-check';
import { startLoopbackRegistry, LoopbackRegistry, testToolPath } from './loopback-registry';
import { run } from './main';
import { OciClient, sha256Digest } from './oci-client';
import { publishRelease, pullRelease, readReleaseDir, TagExistsError } from './publish';

jest.setTimeout(120_000);

/** These fixtures exercise the OCI layout only; the release-contract check has its own tests. */
const LAYOUT_ONLY = { verify: async () => undefined };

const REPOSITORY = 'kaas/cluster-stacks';
const FILES = [
  'clusteraddon.yaml',
  'docker-ferrol-1-27-cluster-addon-v1.tgz',
  'docker-ferrol-1-27-cluster-class-v1.tgz',
  'hashes.json',
  'metadata.yaml',
  'node-images.yaml',
];

interface Exec {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command with a 60 s bound; never rejects, so tests assert on exit code and output. */
function exec(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Exec> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      { ...options, encoding: 'buffer', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ code, stdout, stderr: stderr.toString() });
      },
    );
  });
}

/** A release directory `<parent>/docker-ferrol-1-27-<version>` with the six files of a real release. */
function makeRelease(parent: string, version: string, clusterAddon = 'addonStages: {}\n'): string {
  const tag = `docker-ferrol-1-27-${version.replace('.', '-')}`;
  const dir = join(parent, tag);
  mkdirSync(dir, { recursive: true });
  const chart = (name: string) =>
    createTarGz([
      { path: name, type: 'dir' },
      {
        path: `${name}/Chart.yaml`,
        type: 'file',
        content: Buffer.from(`apiVersion: v2\nname: ${name}\nversion: ${version}\n`),
      },
    ]);
  writeFileSync(
    join(dir, `docker-ferrol-1-27-cluster-class-${version}.tgz`),
    chart('docker-ferrol-1-27-cluster-class'),
  );
  writeFileSync(join(dir, `docker-ferrol-1-27-cluster-addon-${version}.tgz`), chart('cni'));
  writeFileSync(join(dir, 'clusteraddon.yaml'), clusterAddon);
  writeFileSync(
    join(dir, 'metadata.yaml'),
    `apiVersion: metadata.clusterstack.x-k8s.io/v1alpha1\nversions:\n  clusterStack: ${version}\n  kubernetes: v1.27.3\n` +
      `  components:\n    clusterAddon: ${version}\n    nodeImage: ${version}\n`,
  );
  writeFileSync(
    join(dir, 'hashes.json'),
    '{\n  "clusterStack": "hipstswq4xkzmd2n",\n  "clusterAddonDir": "abc",\n  "clusterAddonValues": "def"\n}',
  );
  writeFileSync(
    join(dir, 'node-images.yaml'),
    'kubernetesVersions:\n  - version: v1.27.3\n    image: kindest/node:v1.27.3\n',
  );
  return dir;
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, sha256Digest(readFileSync(join(dir, name)))]),
  );
}

let registry: LoopbackRegistry;
let oras: string;
let work: string;
let v1: string;
let orasEnv: NodeJS.ProcessEnv;

const ref = (tag: string) => `${registry.host}/${REPOSITORY}:${tag}`;
const target = () => ({ registry: registry.host, repository: REPOSITORY, plainHttp: true });

beforeAll(async () => {
  oras = testToolPath('oras');
  registry = await startLoopbackRegistry();
  work = mkdtempSync(join(tmpdir(), 'publish-it-'));
  // oras reads no credentials from the user's docker config
  orasEnv = { ...process.env, DOCKER_CONFIG: join(work, 'docker-config') };
  v1 = makeRelease(join(work, 'releases'), 'v1');
});

afterAll(async () => {
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

describe('publishRelease against the distribution registry', () => {
  test('GIVEN a release dir WHEN published THEN the real oras pulls every file back byte for byte', async () => {
    const built = await readReleaseDir(v1);

    const result = await publishRelease(v1, target(), LAYOUT_ONLY);
    const out = join(work, 'oras-pull-v1');
    const pulled = await exec(oras, ['pull', '--plain-http', ref('docker-ferrol-1-27-v1'), '-o', out], {
      env: orasEnv,
    });

    expect(result).toEqual({
      tag: 'docker-ferrol-1-27-v1',
      reference: ref('docker-ferrol-1-27-v1'),
      digest: built.manifest.digest,
      files: FILES,
      skipped: [],
      uploaded: 7,
      reused: 0,
    });
    expect(pulled.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(FILES);
    for (const name of FILES)
      expect(readFileSync(join(out, name)).equals(readFileSync(join(v1, name)))).toBe(true);
  });

  test('GIVEN the published release WHEN oras fetches the manifest THEN it is the built bytes with the artifactType, media types and annotations CSO expects', async () => {
    const fetched = await exec(oras, ['manifest', 'fetch', '--plain-http', ref('docker-ferrol-1-27-v1')], {
      env: orasEnv,
    });

    expect(fetched.code).toBe(0);
    expect(fetched.stdout.equals((await readReleaseDir(v1)).manifest.bytes)).toBe(true);
    const manifest = JSON.parse(fetched.stdout.toString()) as {
      layers: { mediaType: string; annotations: Record<string, string> }[];
      [key: string]: unknown;
    };
    expect({
      schemaVersion: manifest.schemaVersion,
      mediaType: manifest.mediaType,
      artifactType: manifest.artifactType,
      config: manifest.config,
      annotations: manifest.annotations,
      layers: manifest.layers.map((l) => [l.annotations['org.opencontainers.image.title'], l.mediaType]),
    }).toEqual({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      artifactType: 'application/vnd.scs.cluster-stacks.v1',
      config: {
        mediaType: 'application/vnd.oci.empty.v1+json',
        digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
        size: 2,
        data: 'e30=',
      },
      annotations: { hash: 'hipstsw', kubernetesVersion: 'v1.27.3' },
      layers: [
        ['clusteraddon.yaml', 'application/vnd.scs.cluster-addon.config.layer.v1+yaml'],
        ['docker-ferrol-1-27-cluster-addon-v1.tgz', 'application/vnd.scs.cluster-addon.layer.v1.tar+gzip'],
        ['docker-ferrol-1-27-cluster-class-v1.tgz', 'application/vnd.scs.cluster-class.v1.tar+gzip'],
        ['hashes.json', 'application/vnd.scs.hashes.layer.v1+yaml'],
        ['metadata.yaml', 'application/vnd.scs.metadata.layer.v1+yaml'],
        ['node-images.yaml', 'application/vnd.scs.node-image.config.layer.v1+yaml'],
      ],
    });
  });

  test('GIVEN the published release WHEN tags are listed (as CSO lists releases) THEN oras and the client both see the tag', async () => {
    const tags = await exec(oras, ['repo', 'tags', '--plain-http', `${registry.host}/${REPOSITORY}`], {
      env: orasEnv,
    });

    expect(tags.code).toBe(0);
    expect(tags.stdout.toString().trim().split('\n')).toContain('docker-ferrol-1-27-v1');
    expect(await new OciClient(target()).listTags()).toContain('docker-ferrol-1-27-v1');
    expect(await new OciClient({ ...target(), repository: 'nothing/here' }).listTags()).toEqual([]);
  });

  test('GIVEN the tag exists WHEN a changed release with the same tag is published THEN it is refused and nothing changes in the registry', async () => {
    const changed = makeRelease(join(work, 'changed'), 'v1', 'addonStages: {changed: true}\n');
    const before = await exec(oras, ['resolve', '--plain-http', ref('docker-ferrol-1-27-v1')], {
      env: orasEnv,
    });

    const attempt = publishRelease(changed, target(), LAYOUT_ONLY);

    await expect(attempt).rejects.toThrow(TagExistsError);
    await expect(attempt).rejects.toThrow(
      new Error(
        `release tag "docker-ferrol-1-27-v1" already exists in ${registry.host}/${REPOSITORY}: published tags never change; bump the stack version instead`,
      ),
    );
    const after = await exec(oras, ['resolve', '--plain-http', ref('docker-ferrol-1-27-v1')], {
      env: orasEnv,
    });
    expect(after.stdout.toString().trim()).toBe((await readReleaseDir(v1)).manifest.digest);
    expect(after.stdout.toString()).toBe(before.stdout.toString());
    expect(
      await new OciClient(target()).blobExists(sha256Digest(Buffer.from('addonStages: {changed: true}\n'))),
    ).toBe(false);
  });

  test('GIVEN the published release WHEN pulled with pullRelease THEN every file round-trips', async () => {
    const into = join(work, 'pull-v1');

    const result = await pullRelease(ref('docker-ferrol-1-27-v1'), into, { plainHttp: true });

    expect(result).toEqual({
      digest: (await readReleaseDir(v1)).manifest.digest,
      annotations: { hash: 'hipstsw', kubernetesVersion: 'v1.27.3' },
      files: FILES,
    });
    expect(filesOf(into)).toEqual(filesOf(v1));
  });

  test('GIVEN a release pushed with oras the way csctl pushes it WHEN published again or pulled THEN publish refuses and pullRelease reads it', async () => {
    const v2 = makeRelease(join(work, 'csctl'), 'v2');
    const names = readdirSync(v2).sort();
    const pushed = await exec(
      oras,
      [
        'push',
        '--plain-http',
        '--artifact-type',
        'application/vnd.scs.cluster-stacks.v1',
        '--annotation',
        'kubernetesVersion=v1.27.3',
        '--annotation',
        'hash=hipstsw',
        ref('docker-ferrol-1-27-v2'),
        ...names.map((name) => `${name}:application/vnd.scs.test+raw`),
      ],
      { cwd: v2, env: orasEnv },
    );
    expect(pushed.code).toBe(0);

    await expect(publishRelease(v2, target(), LAYOUT_ONLY)).rejects.toThrow(
      new Error(
        `release tag "docker-ferrol-1-27-v2" already exists in ${registry.host}/${REPOSITORY}: published tags never change; bump the stack version instead`,
      ),
    );
    const into = join(work, 'pull-v2');
    const result = await pullRelease(ref('docker-ferrol-1-27-v2'), into, { plainHttp: true });
    expect(result.files).toEqual(names);
    expect(result.annotations).toEqual(
      expect.objectContaining({ hash: 'hipstsw', kubernetesVersion: 'v1.27.3' }),
    );
    expect(filesOf(into)).toEqual(filesOf(v2));
  });
});

describe('publish CLI against the distribution registry', () => {
  test('GIVEN a new and an already published release WHEN both are published THEN the new one is pushed, the other refused, and the exit code is 1', async () => {
    const v3 = makeRelease(join(work, 'cli'), 'v3');
    const out: string[] = [];
    const err: string[] = [];

    const code = await run(
      ['publish', v3, v1, '--registry', registry.host, '--repository', REPOSITORY, '--plain-http'],
      {
        stdout: (l) => out.push(l),
        stderr: (l) => err.push(l),
        env: {},
        ...LAYOUT_ONLY,
      },
    );

    expect(code).toBe(1);
    // v3 shares the empty config, clusteraddon.yaml, hashes.json and node-images.yaml with v1
    expect(out).toEqual([
      `published ${ref('docker-ferrol-1-27-v3')} (${(await readReleaseDir(v3)).manifest.digest}, 6 files; 3 blobs uploaded, 4 already present)`,
    ]);
    expect(err).toEqual([
      `publish: release tag "docker-ferrol-1-27-v1" already exists in ${registry.host}/${REPOSITORY}: published tags never change; bump the stack version instead`,
      'publish: 1 of 2 releases failed',
    ]);
  });
});
