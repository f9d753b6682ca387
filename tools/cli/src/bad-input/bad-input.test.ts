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
