import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildCache, cacheKey, type KeyInputs } from './cache';

const base: KeyInputs = {
  id: 'kubernetes-v1.35.1',
  recipe: 1,
  pins: { LAB_K8S_1_35: 'v1.35.1' },
  files: { 'tools/lab/scripts/build-kubernetes.sh': 'aa' },
  deps: {},
};

describe('cache keys', () => {
  it('GIVEN the same inputs in another key order WHEN keyed THEN the key is the same', () => {
    const reordered: KeyInputs = { deps: {}, files: base.files, pins: base.pins, recipe: 1, id: base.id };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    ['a pin', { ...base, pins: { LAB_K8S_1_35: 'v1.35.2' } }],
    ['a script', { ...base, files: { 'tools/lab/scripts/build-kubernetes.sh': 'bb' } }],
    ['a dependency', { ...base, deps: { rootfs: '0123456789abcdef' } }],
    ['the recipe revision', { ...base, recipe: 2 }],
  ])('GIVEN %s changes WHEN keyed THEN the key changes', (_what, changed) => {
    expect(cacheKey(changed)).not.toBe(cacheKey(base));
  });
});

describe('cache entries', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lab-cache-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const meta = (key: string) => ({
    id: 'etcd',
    key,
    inputs: base,
    buildSeconds: 1,
    builtAt: '2026-01-01T00:00:00.000Z',
    files: {},
    images: {},
    sources: ['go.etcd.io/etcd/server/v3@v3.6.6'],
  });

  it('GIVEN a build that was interrupted before commit WHEN looked up THEN it is not a result and the next run removes it', () => {
    const cache = new BuildCache(root);
    const tmp = cache.begin('etcd', 'k1');
    writeFileSync(join(tmp, 'etcd'), 'half');
    expect(cache.lookup('etcd', 'k1')).toBeUndefined();
    expect(cache.removeStale('etcd')).toEqual([`.tmp-k1-${process.pid}`]);
    expect(readdirSync(join(root, 'etcd'))).toEqual([]);
  });

  it('GIVEN a committed build WHEN looked up THEN its meta is returned and no temporary folder is left', () => {
    const cache = new BuildCache(root);
    const tmp = cache.begin('etcd', 'k2');
    writeFileSync(join(tmp, 'etcd'), 'binary');
    cache.commit(tmp, meta('k2'));
    expect(cache.lookup('etcd', 'k2')).toEqual(meta('k2'));
    expect(readdirSync(join(root, 'etcd'))).toEqual(['k2']);
  });

  it('GIVEN an entry of another key WHEN looked up by the new key THEN there is nothing to reuse', () => {
    const cache = new BuildCache(root);
    mkdirSync(join(root, 'etcd'), { recursive: true });
    cache.commit(cache.begin('etcd', 'old'), meta('old'));
    expect(cache.lookup('etcd', 'new')).toBeUndefined();
  });
});
