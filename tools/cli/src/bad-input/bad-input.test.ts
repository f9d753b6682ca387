// The bad-input suite: what a user meets when a stack, a lock, a command line, a release or the machine is
// wrong. Each case asserts the exact message and exit code, and that nothing was written or lost.
import { BadInputCase, expected, runCase, summaryLine, tally, Vars } from './runner';
import { Sandbox } from './sandbox';
import { COMMAND_LINE_CASES } from './cases/command-lines';
import { LOCK_CASES } from './cases/locks';
import { STACK_CASES } from './cases/stacks';
import { copyOf, PUBLISH_CASES } from './cases/publish';
import { LoopbackRegistry, startLoopbackRegistry } from '@cluster-stacks/publish/src/loopback-registry';
import { OciClient } from '@cluster-stacks/publish';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesOf, makeReadOnly, mount, sameFiles, unmount } from './faults';

jest.setTimeout(600_000);

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = Sandbox.create();
});
afterAll(() => {
  sandbox?.cleanup();
  process.stdout.write(`\n${summaryLine()}\n`);
});

function suite(title: string, cases: readonly BadInputCase[], vars: () => Vars = () => ({})): void {
  describe(title, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const observed = runCase(sandbox, c, vars());
      expect(observed).toEqual({
        outcome: expected(sandbox, c, vars()),
        trace: false,
        partial: [],
        lost: [],
        written: [],
      });
    });
  });
}

suite('command lines', COMMAND_LINE_CASES);
suite('stack definitions', STACK_CASES);
suite('version locks', LOCK_CASES);

describe('publish against the loopback registry', () => {
  let registry: LoopbackRegistry;
  const vars: Record<string, string> = {};
  beforeAll(async () => {
    registry = await startLoopbackRegistry();
    const built = sandbox.run('cs', ['build', '--mode', 'hash', 'providers/docker/scs/1-35']);
    if (built.code !== 0) throw new Error(`the release to break could not be built: ${built.stderr}`);
    sandbox.keep();
    vars.registry = registry.host;
    vars.tag = fs.readdirSync(sandbox.path('dist', 'releases')).find((d) => !d.startsWith('.'))!;
    vars.release = copyOf(vars);
  });
  afterAll(async () => {
    await registry?.stop();
    sandbox.restore();
  });

  suite('refused releases', PUBLISH_CASES, () => vars);

  test('GIVEN every refused release WHEN the registry is read THEN the tag is still free and no blob was uploaded', async () => {
    const client = new OciClient({
      registry: registry.host,
      repository: 'kaas/cluster-stacks',
      plainHttp: true,
    });
    expect(await client.manifestExists(vars.tag)).toBe(false);
    const blobs = path.join(registry.dir, 'data', 'docker', 'registry', 'v2', 'blobs');
    expect(fs.existsSync(blobs) ? fs.readdirSync(blobs) : []).toEqual([]);
  });

  test("GIVEN the complete release and OCI_REGISTRY with CSO's full OCI_REPOSITORY WHEN published twice THEN it is pushed (0) and then refused (1)", () => {
    const env = { OCI_REGISTRY: registry.host, OCI_REPOSITORY: `${registry.host}/kaas/cluster-stacks` };
    const release = `dist/releases/${vars.tag}`;

    const first = sandbox.run('publish', ['--plain-http', release], env);
    const second = sandbox.run('publish', ['--plain-http', release], env);

    expect([first.code, first.stdout.replace(/sha256:[0-9a-f]{64}/, '<digest>')]).toEqual([
      0,
      `published ${registry.host}/kaas/cluster-stacks:${vars.tag} (<digest>, 6 files; 7 blobs uploaded, 0 already present)\n`,
    ]);
    expect([second.code, second.stderr]).toEqual([
      1,
      `publish: release tag "${vars.tag}" already exists in ${registry.host}/kaas/cluster-stacks: published tags never change; bump the stack version instead\n`,
    ]);
  });
});

describe('faults', () => {
  const P = 'providers/docker/scs/1-35';
  const releases = () => sandbox.path('dist', 'releases');
  const visible = () => fs.readdirSync(releases()).filter((d) => !d.startsWith('.'));
  const hidden = () => fs.readdirSync(releases()).filter((d) => d.startsWith('.'));
  const packageRelease = (mode: string) => {
    const done = sandbox.run('cs', ['package', '--mode', mode, P]);
    if (done.code !== 0) throw new Error(`package --mode ${mode} failed: ${done.stderr}`);
    const tag = visible()[0];
    return { tag, files: filesOf(path.join(releases(), tag)) };
  };
  let hashed: { tag: string; files: Map<string, Buffer> };
  let variant: { tag: string; files: Map<string, Buffer> };
  const synthDir = 'dist/synth/docker-scs-1-35';
  let synthA: Map<string, Buffer>;
  let synthB: Map<string, Buffer>;
  /** Puts a synthesized stack in place (what a synth run would have written). */
  const useSynth = (tree: Map<string, Buffer>) => {
    fs.rmSync(sandbox.path(synthDir), { recursive: true, force: true });
    for (const [rel, content] of tree) sandbox.write(`${synthDir}/${rel}`, content);
  };

  beforeAll(() => {
    // Two releases of the same stack: as it is, and with one more node image (another hash, another tag).
    const original = sandbox.read(`${P}/stack.ts`);
    sandbox.write(
      `${P}/stack.ts`,
      original.replace(
        "export default dockerScsStack('1.35');",
        "import { KubernetesVersion } from '@cluster-stacks/core';\nconst stack = dockerScsStack('1.35');\nstack.nodeImages.add({ kubernetesVersion: KubernetesVersion.of('1.34.9'), image: `kindest/node:v1.34.9@sha256:${'0'.repeat(64)}` });\nexport default stack;",
      ),
    );
    if (sandbox.run('cs', ['synth', P]).code !== 0) throw new Error('synth of the variant failed');
    synthB = sandbox.snapshot(synthDir);
    variant = packageRelease('hash');
    sandbox.write(`${P}/stack.ts`, original);
    const synth = sandbox.run('cs', ['synth', P]);
    if (synth.code !== 0) throw new Error(`synth failed: ${synth.stderr}`);
    synthA = sandbox.snapshot(synthDir);
    hashed = packageRelease('hash');
    synthA = new Map([...synthA].map(([rel, c]) => [rel.slice(synthDir.length + 1), c]));
    synthB = new Map([...synthB].map(([rel, c]) => [rel.slice(synthDir.length + 1), c]));
    sandbox.keep();
  });
  afterEach(() => sandbox.restore());

  /** True when the project's visible releases are complete copies of the hash or the variant release. */
  const consistent = () => {
    const present = visible().map((tag) => ({ tag, files: filesOf(path.join(releases(), tag)) }));
    const complete = present.filter(
      (r) =>
        (r.tag === hashed.tag && sameFiles(r.files, hashed.files)) ||
        (r.tag === variant.tag && sameFiles(r.files, variant.files)),
    );
    const incomplete = present
      .filter((r) => !complete.includes(r))
      .map((r) => `${r.tag}: ${[...r.files.keys()].join(', ')}`);
    return { complete: complete.length, incomplete };
  };

  test('GIVEN package killed with SIGKILL at 50 random moments WHEN the directory is looked at after each kill THEN the old or the new complete release is there and nothing half-written is visible', async () => {
    const started = Date.now();
    packageRelease('hash');
    const duration = Date.now() - started;
    expect(visible()).toEqual([hashed.tag]);
    const results: { complete: number; incomplete: string[]; killed: boolean }[] = [];
    for (let i = 0; i < 50; i++) {
      // Each run replaces the release of the other synthesized tree.
      useSynth(i % 2 === 0 ? synthB : synthA);
      const outcome = await sandbox.runAndKill(
        'cs',
        ['package', '--mode', 'hash', P],
        Math.random() * duration * 1.2,
      );
      const state = consistent();
      results.push({ ...state, killed: outcome.signal === 'SIGKILL' });
      tally.cases++;
      if (outcome.signal === 'SIGKILL' || (outcome.code === 0 && outcome.stderr === ''))
        tally.clearMessages++;
      if (state.incomplete.length > 0) tally.partialOutputs++;
      if (state.complete === 0) tally.losses++;
    }
    process.stdout.write(
      `SIGKILL during package: ${results.filter((r) => r.killed).length} of 50 runs killed, ` +
        `${results.filter((r) => r.complete > 0 && r.incomplete.length === 0).length} of 50 left a complete release and nothing half-written\n`,
    );
    expect(results.filter((r) => r.complete === 0 || r.incomplete.length > 0)).toEqual([]);
    // The next run cleans up whatever the killed ones left hidden.
    useSynth(synthB);
    packageRelease('hash');
    expect(hidden()).toEqual([]);
    expect(consistent()).toEqual({ complete: 1, incomplete: [] });
  });

  test('GIVEN four concurrent builds of the same stack WHEN all finish THEN each succeeded and one complete release is there', async () => {
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map(() => sandbox.runAsync('cs', ['package', '--mode', 'hash', P])),
    );
    tally.cases++;
    const ok = outcomes.every((o) => o.code === 0);
    if (ok) tally.clearMessages++;
    expect(outcomes.map((o) => [o.code, o.stderr])).toEqual([1, 2, 3, 4].map(() => [0, '']));
    expect(visible()).toEqual([hashed.tag]);
    expect(sameFiles(filesOf(path.join(releases(), hashed.tag)), hashed.files)).toBe(true);
    expect(hidden()).toEqual([]);
  });

  test('GIVEN a read-only releases folder WHEN a new release is packaged THEN one line names the path and the cause and the old release is intact', () => {
    const why = makeReadOnly(releases());
    if (why !== undefined) {
      process.stdout.write(`skipped: a read-only bind mount is not possible here (${why})\n`);
      return;
    }
    try {
      useSynth(synthB);
      const observed = runCase(sandbox, {
        name: 'read-only',
        tool: 'cs',
        args: ['package', '--mode', 'hash', P],
        code: 1,
        stderr: `error: cannot write dist/releases/${variant.tag}: the file system is read-only (EROFS); free space or make it writable, then run again`,
      });
      expect(observed.outcome).toEqual({
        code: 1,
        stderr: `error: cannot write dist/releases/${variant.tag}: the file system is read-only (EROFS); free space or make it writable, then run again`,
      });
      expect([observed.trace, observed.partial]).toEqual([false, []]);
      expect(sameFiles(filesOf(path.join(releases(), hashed.tag)), hashed.files)).toBe(true);
    } finally {
      unmount(releases());
    }
  });

  test('GIVEN a full file system under the releases WHEN a new release is packaged THEN one line names the path and the cause and the old release is intact', () => {
    const saved = filesOf(path.join(releases(), hashed.tag));
    const why = mount('-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', releases());
    if (why !== undefined) {
      process.stdout.write(`skipped: a small tmpfs cannot be mounted here (${why})\n`);
      return;
    }
    try {
      for (const [name, content] of saved) sandbox.write(`dist/releases/${hashed.tag}/${name}`, content);
      useSynth(synthB);
      const free = () => {
        const stats = fs.statfsSync(releases());
        return stats.bavail * stats.bsize;
      };
      sandbox.write('dist/releases/.filler', Buffer.alloc(Math.max(0, free() - 8 * 1024)));
      const message = `error: cannot write dist/releases/${variant.tag}: no space left on the device (ENOSPC); free space or make it writable, then run again`;
      const observed = runCase(sandbox, {
        name: 'full',
        tool: 'cs',
        args: ['package', '--mode', 'hash', P],
        code: 1,
        stderr: message,
      });
      expect(observed.outcome).toEqual({ code: 1, stderr: message });
      expect(observed.trace).toBe(false);
      expect(sameFiles(filesOf(path.join(releases(), hashed.tag)), hashed.files)).toBe(true);
      // The case's restore removed the filler; nothing of the failed write is left.
      expect(hidden()).toEqual([]);
    } finally {
      unmount(releases());
    }
  });
});

describe('summary', () => {
  test('GIVEN every case above WHEN counted THEN no case showed a trace, a partial output or a loss', () => {
    expect(tally).toEqual({
      cases: tally.cases,
      clearMessages: tally.cases,
      traces: 0,
      partialOutputs: 0,
      losses: 0,
    });
  });
});
