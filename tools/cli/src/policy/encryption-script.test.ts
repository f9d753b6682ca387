import { ENCRYPTION_DIR, ENCRYPTION_SETUP, ENCRYPTION_SHARE } from '@cluster-stacks/core';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

// Runs the node scripts of the hardening profile with a POSIX shell, their paths moved into a temp dir.
function inTempDir(script: string, dir: string): string {
  return script
    .split(ENCRYPTION_DIR)
    .join(path.join(dir, 'encryption'))
    .split('/run/kubeadm/')
    .join(path.join(dir, 'run') + '/');
}

describe('encryption key scripts', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'encryption-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('GIVEN both scripts WHEN parsed by sh THEN they have no syntax errors', () => {
    for (const script of [ENCRYPTION_SETUP, ENCRYPTION_SHARE]) {
      expect(spawnSync('sh', ['-n'], { input: script, encoding: 'utf8' }).stderr).toBe('');
    }
  });

  test('GIVEN the first control-plane node WHEN the setup script runs THEN it writes an EncryptionConfiguration with a fresh 32-byte key, private to root', () => {
    const run = spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SETUP, dir)], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const file = path.join(dir, 'encryption', 'config.yaml');
    const config = parse(fs.readFileSync(file, 'utf8'));
    expect(config.apiVersion).toBe('apiserver.config.k8s.io/v1');
    expect(config.kind).toBe('EncryptionConfiguration');
    expect(config.resources[0].resources).toEqual(['secrets']);
    expect(config.resources[0].providers[1]).toEqual({ identity: {} });
    const key = config.resources[0].providers[0].aescbc.keys[0];
    expect(key.name).toBe('key1');
    expect(Buffer.from(key.secret, 'base64')).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  test('GIVEN a configuration already on the node WHEN the setup script runs again THEN the key is kept', () => {
    spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SETUP, dir)]);
    const first = fs.readFileSync(path.join(dir, 'encryption', 'config.yaml'), 'utf8');
    spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SETUP, dir)]);
    expect(fs.readFileSync(path.join(dir, 'encryption', 'config.yaml'), 'utf8')).toBe(first);
  });

  test('GIVEN a joining node WHEN the share script runs THEN it does nothing (only the first node shares the key)', () => {
    fs.mkdirSync(path.join(dir, 'run'));
    fs.writeFileSync(path.join(dir, 'run', 'kubeadm-join-config.yaml'), 'discovery: {}\n');
    expect(spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SHARE, dir)]).status).toBe(0);
  });
});
