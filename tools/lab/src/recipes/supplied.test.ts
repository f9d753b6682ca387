import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadedReferences, suppliedArchives } from './supplied';

describe('supplied image archives', () => {
  it('GIVEN docker load output WHEN read THEN every loaded reference is named, ids without a tag are not', () => {
    expect(
      loadedReferences(
        'Loaded image: ghcr.io/postfinance/kubelet-csr-approver:v1.2.14\nLoaded image ID: sha256:0123\nLoaded image: docker.io/kindest/kindnetd:v1\n',
      ),
    ).toEqual(['ghcr.io/postfinance/kubelet-csr-approver:v1.2.14', 'docker.io/kindest/kindnetd:v1']);
  });

  it('GIVEN a folder with archives and other files WHEN listed THEN only archives are taken, sorted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'supplied-'));
    try {
      for (const f of ['b.tar', 'a.tar.gz', 'notes.txt', 'c.tgz']) writeFileSync(join(dir, f), '');
      expect(suppliedArchives(dir).map((f) => f.slice(dir.length + 1))).toEqual([
        'a.tar.gz',
        'b.tar',
        'c.tgz',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN a path that is not a folder WHEN listed THEN the error says what to give', () => {
    expect(() => suppliedArchives('/nonexistent/supplied')).toThrow(
      '--supplied /nonexistent/supplied: not a folder; give a folder of image archives (docker save)',
    );
  });
});
