import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  recoverInterruptedWrites,
  removeDirAtomically,
  writeDirAtomically,
  writeFileAtomically,
} from './atomic';

/** A pid that no process has: above the kernel's pid_max. */
const DEAD_PID = 4_194_305;

describe('atomic writes', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  const put = (rel: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(parent, rel)), { recursive: true });
    fs.writeFileSync(path.join(parent, rel), content);
  };

  test('GIVEN a directory with the same content WHEN written again THEN it is kept and reported unchanged', () => {
    const target = path.join(parent, 'release');
    expect(writeDirAtomically(target, new Map([['a.yaml', 'a']]))).toBe(true);
    const inode = fs.statSync(target).ino;
    expect(writeDirAtomically(target, new Map([['a.yaml', 'a']]))).toBe(false);
    expect(fs.statSync(target).ino).toBe(inode);
    expect(fs.readdirSync(parent)).toEqual(['release']);
  });

  test('GIVEN a killed replacement (the old version moved aside, the new one not in place) WHEN the next run recovers THEN the old version is back', () => {
    put(`.old-release-${DEAD_PID}-0123abcd/metadata.yaml`, 'v1');
    put(`.tmp-release-${DEAD_PID}-89abcdef/metadata.yaml`, 'v2 (half)');

    expect(recoverInterruptedWrites(parent)).toEqual([
      `.old-release-${DEAD_PID}-0123abcd`,
      `.tmp-release-${DEAD_PID}-89abcdef`,
    ]);
    expect(fs.readdirSync(parent)).toEqual(['release']);
    expect(fs.readFileSync(path.join(parent, 'release', 'metadata.yaml'), 'utf8')).toBe('v1');
  });

  test('GIVEN a killed replacement after the new version was in place WHEN the next run recovers THEN the new version stays and the old one is removed', () => {
    put('release/metadata.yaml', 'v2');
    put(`.old-release-${DEAD_PID}-0123abcd/metadata.yaml`, 'v1');
    put(`.del-stale-${DEAD_PID}-0123abcd/metadata.yaml`, 'v0');

    recoverInterruptedWrites(parent);

    expect(fs.readdirSync(parent)).toEqual(['release']);
    expect(fs.readFileSync(path.join(parent, 'release', 'metadata.yaml'), 'utf8')).toBe('v2');
  });

  test('GIVEN the temporary folder of a running writer WHEN another run recovers THEN it is left alone', () => {
    put(`.tmp-release-${process.pid}-0123abcd/metadata.yaml`, 'in progress');
    expect(recoverInterruptedWrites(parent)).toEqual([]);
    expect(fs.readdirSync(parent)).toEqual([`.tmp-release-${process.pid}-0123abcd`]);
  });

  test('GIVEN an existing file WHEN written atomically THEN it has the new content and no temporary file remains', () => {
    const file = path.join(parent, 'versions.lock.json');
    writeFileAtomically(file, 'old\n');
    writeFileAtomically(file, 'new\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('new\n');
    expect(fs.readdirSync(parent)).toEqual(['versions.lock.json']);
  });

  test('GIVEN a release WHEN removed THEN it is gone with no trace', () => {
    put('release/a', 'a');
    removeDirAtomically(path.join(parent, 'release'));
    expect(fs.readdirSync(parent)).toEqual([]);
  });
});
