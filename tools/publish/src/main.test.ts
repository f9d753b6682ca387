import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './loopback-registry';
import { run, USAGE } from './main';

/** The CLI with the release check left out: these tests are about options and the network, not releases. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await run(argv, {
    stdout: (l) => stdout.push(l),
    stderr: (l) => stderr.push(l),
    env,
    verify: async () => undefined,
  });
  return { code, stdout, stderr };
}

describe('publish CLI usage', () => {
  test.each([[['--help']], [['help']], [['publish', '--help']], [['publish', 'dir', '-h']]])(
    'GIVEN %j WHEN run THEN the usage is printed and the exit code is 0',
    async (argv) => {
      expect(await cli(argv)).toEqual({ code: 0, stdout: [USAGE], stderr: [] });
    },
  );

  test('GIVEN no arguments WHEN run THEN the usage goes to stderr and the exit code is 2', async () => {
    expect(await cli([])).toEqual({ code: 2, stdout: [], stderr: [USAGE] });
  });

  test.each([
    [['push', 'dir'], {}, 'publish: unknown command "push"'],
    [
      ['publish', '--registry', 'r:5000', '--repository', 'stacks'],
      {},
      'publish: no release directory given',
    ],
    [
      ['publish', 'dir', '--repository', 'stacks'],
      {},
      'publish: no registry: pass --registry or set OCI_REGISTRY',
    ],
    [
      ['publish', 'dir', '--registry', 'r:5000'],
      {},
      'publish: no repository: pass --repository or set OCI_REPOSITORY',
    ],
    [['publish', 'dir', '--registry'], {}, 'publish: --registry needs a value'],
    [
      ['publish', 'dir', '--registry', 'r:5000', '--repository', 'stacks', '--force'],
      {},
      'publish: unknown option --force',
    ],
    [
      ['publish', 'dir', '--registry=https://r:5000', '--repository=stacks'],
      {},
      'publish: invalid registry "https://r:5000": expected host[:port] without scheme or path, e.g. registry.example.com or 127.0.0.1:5000',
    ],
    [
      ['publish', 'dir'],
      { OCI_REGISTRY: 'r:5000', OCI_REPOSITORY: 'Stacks' },
      'publish: invalid repository "Stacks": expected lowercase path components such as kaas/cluster-stacks (a-z, 0-9, separators ".", "_", "__", "-" and "/")',
    ],
    [
      ['publish', 'dir', '--registry', 'r:5000', '--repository', 'stacks'],
      { OCI_PASSWORD: 'x' },
      'publish: OCI_USERNAME and OCI_PASSWORD must be set together (only OCI_PASSWORD is set)',
    ],
  ])('GIVEN %j and env %j WHEN run THEN it is a usage error (2): %s', async (argv, env, message) => {
    const result = await cli(argv, env);

    expect(result).toEqual({ code: 2, stdout: [], stderr: [`${message}\n\n${USAGE}`] });
  });
});

describe('publish CLI failures', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'publish-cli-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('GIVEN a directory whose name is not a release tag WHEN published THEN it fails (1) naming directory and grammar, before any network access', async () => {
    const dir = join(root, 'my-release');
    mkdirSync(dir);

    expect(
      await cli(['publish', dir, '--registry', '127.0.0.1:1', '--repository', 'stacks', '--plain-http']),
    ).toEqual({
      code: 1,
      stdout: [],
      stderr: [
        `publish: ${dir}: "my-release" is not a release tag (<provider>-<name>-<major>-<minor>-v<N>[-<channel>-<patch>]): invalid format`,
      ],
    });
  });

  test("GIVEN CSO's full OCI_REPOSITORY and an unreachable registry WHEN published THEN the repository is used without the registry prefix and the error names it", async () => {
    const dir = join(root, 'docker-ferrol-1-27-v1');
    mkdirSync(dir);
    writeFileSync(join(dir, 'metadata.yaml'), 'versions:\n  clusterStack: v1\n  kubernetes: v1.27.3\n');
    writeFileSync(join(dir, 'hashes.json'), '{"clusterStack":"hipstswq"}');
    const port = await freePort();
    const host = `127.0.0.1:${port}`;

    const result = await cli(['publish', '--plain-http', dir], {
      OCI_REGISTRY: host,
      OCI_REPOSITORY: `${host}/kaas/cluster-stacks`,
    });

    expect(result).toEqual({
      code: 1,
      stdout: [],
      stderr: [
        `publish: ${dir}: cannot check tag "docker-ferrol-1-27-v1" in ${host}/kaas/cluster-stacks: ` +
          `HEAD http://${host}/v2/kaas/cluster-stacks/manifests/docker-ferrol-1-27-v1 failed: connect ECONNREFUSED ${host}`,
      ],
    });
  });
});
