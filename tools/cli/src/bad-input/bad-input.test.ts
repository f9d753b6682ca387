// The bad-input suite: what a user meets when a stack, a lock, a command line, a release or the machine is
// wrong. Each case asserts the exact message and exit code, and that nothing was written or lost.
import { BadInputCase, runCase, summaryLine, tally } from './runner';
import { Sandbox } from './sandbox';
import { COMMAND_LINE_CASES } from './cases/command-lines';
import { LOCK_CASES } from './cases/locks';
import { STACK_CASES } from './cases/stacks';

jest.setTimeout(600_000);

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = Sandbox.create();
});
afterAll(() => {
  sandbox?.cleanup();
  process.stdout.write(`\n${summaryLine()}\n`);
});

function suite(title: string, cases: readonly BadInputCase[]): void {
  describe(title, () => {
    test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const observed = runCase(sandbox, c);
      expect(observed).toEqual({
        outcome: { code: c.code, stderr: c.stderr },
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
