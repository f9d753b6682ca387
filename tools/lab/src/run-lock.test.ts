import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeRunLock } from './run-lock';

describe('the lab test lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lab-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('GIVEN a running lab test WHEN a second one starts THEN it is refused naming the first', () => {
    // GIVEN
    const release = takeRunLock(dir);

    // WHEN / THEN
    expect(() => takeRunLock(dir)).toThrow(
      `another lab test runs (process ${process.pid}); its Clusters would share names and load balancers with this one. Wait for it, or stop it.`,
    );
    release();
    expect(() => takeRunLock(dir)()).not.toThrow();
  });

  test('GIVEN a lock left by a process that is gone WHEN a test starts THEN it takes the lock over', () => {
    writeFileSync(join(dir, 'test.lock'), '999999999\n');
    const release = takeRunLock(dir);
    expect(readFileSync(join(dir, 'test.lock'), 'utf8')).toBe(`${process.pid}\n`);
    release();
  });
});
