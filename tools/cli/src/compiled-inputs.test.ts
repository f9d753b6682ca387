import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const inputs = require('../bin/inputs.cjs') as {
  bundlePaths(name: string): { dir: string; bundle: string; record: string };
  record(root: string, key: unknown, files: readonly string[]): unknown;
  isFresh(root: string, paths: { dir: string; bundle: string; record: string }, key: unknown): boolean;
};

const BUILD_FILES = [
  'package-lock.json',
  'tsconfig.base.json',
  'tools/cli/bin/build.cjs',
  'tools/cli/bin/bundles.cjs',
  'tools/cli/bin/inputs.cjs',
];

describe('the record of what a compiled bundle was built from', () => {
  let root: string;
  const paths = inputs.bundlePaths('example');
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };

  beforeEach(() => {
    // GIVEN a workspace with a source, the build files and a bundle recorded as built from them
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'inputs-'));
    for (const file of BUILD_FILES) write(file, file);
    write('src/a.ts', 'export const a = 1;\n');
    write(paths.bundle, 'exports.a = 1;\n');
    write(paths.record, JSON.stringify(inputs.record(root, ['k'], ['src/a.ts'])));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('GIVEN nothing changed WHEN asked THEN the bundle is fresh', () => {
    expect(inputs.isFresh(root, paths, ['k'])).toBe(true);
  });

  test('GIVEN a source rewritten with the same content WHEN asked THEN the bundle is still fresh', () => {
    // WHEN
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(root, 'src/a.ts'), later, later);

    // THEN
    expect(inputs.isFresh(root, paths, ['k'])).toBe(true);
  });

  test('GIVEN a changed source, a removed source, another key or no bundle WHEN asked THEN the bundle is stale', () => {
    expect(inputs.isFresh(root, paths, ['other'])).toBe(false);
    write('src/a.ts', 'export const a = 2;\n');
    expect(inputs.isFresh(root, paths, ['k'])).toBe(false);
    fs.rmSync(path.join(root, 'src/a.ts'));
    expect(inputs.isFresh(root, paths, ['k'])).toBe(false);
    write('src/a.ts', 'export const a = 1;\n');
    fs.rmSync(path.join(root, paths.bundle));
    expect(inputs.isFresh(root, paths, ['k'])).toBe(false);
  });
});
