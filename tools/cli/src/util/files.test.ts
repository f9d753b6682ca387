import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, writeDirAtomically } from './files';

describe('writeDirAtomically', () => {
  let parent: string;
  beforeEach(() => {
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-'));
  });
  afterEach(() => fs.rmSync(parent, { recursive: true, force: true }));

  test('GIVEN an existing release WHEN replaced THEN only the new files are there', () => {
    const target = path.join(parent, 'release');
    writeDirAtomically(target, new Map([['old.yaml', 'old']]));
    writeDirAtomically(target, new Map([['a/new.yaml', 'new']]));
    expect(listFiles(target)).toEqual(['a/new.yaml']);
    expect(fs.readdirSync(parent)).toEqual(['release']);
  });

  test('GIVEN a write that fails half-way WHEN building THEN the previous release is untouched and no temp dir remains', () => {
    const target = path.join(parent, 'release');
    writeDirAtomically(target, new Map([['metadata.yaml', 'v1']]));
    // "x" is written as a file, then "x/y" needs it to be a directory: the second write fails.
    expect(() =>
      writeDirAtomically(
        target,
        new Map([
          ['x', 'file'],
          ['x/y', 'boom'],
        ]),
      ),
    ).toThrow();
    expect(listFiles(target)).toEqual(['metadata.yaml']);
    expect(fs.readFileSync(path.join(target, 'metadata.yaml'), 'utf8')).toBe('v1');
    expect(fs.readdirSync(parent)).toEqual(['release']);
  });
});
