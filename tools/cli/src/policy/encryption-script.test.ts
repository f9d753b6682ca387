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

/**
 * A stand-in for kubectl on the node: logs each call with what it read on stdin, answers `get secret` from
 * `secret.b64` in the temp dir (failing when there is none) and prints what the real one would for the rest.
 */
const FAKE_KUBECTL = `#!/bin/sh
dir=$(dirname "$0")/..
case "$*" in
  *" apply "*|"apply "*) printf 'kubectl %s <<%s>>\\n' "$*" "$(cat)" >> "$dir/calls.log"; echo "applied" ;;
  *"get secret"*) printf 'kubectl %s\\n' "$*" >> "$dir/calls.log"; [ -f "$dir/secret.b64" ] || exit 1; cat "$dir/secret.b64" ;;
  *"--dry-run=client"*) printf 'kubectl %s\\n' "$*" >> "$dir/calls.log"; echo "kind: Role" ;;
  *) printf 'kubectl %s\\n' "$*" >> "$dir/calls.log"; echo "secret/created" ;;
esac
`;

/**
 * A stand-in for kubeadm on the node: prints a version, and for `kubeconfig user` logs the call, keeps the
 * configuration file it was given as `kubeadm-config.yaml` and prints a kubeconfig.
 */
const FAKE_KUBEADM = `#!/bin/sh
dir=$(dirname "$0")/..
case "$1" in
  version) echo v1.35.1 ;;
  kubeconfig) printf 'kubeadm %s\\n' "$*" >> "$dir/calls.log"; cp "$4" "$dir/kubeadm-config.yaml"; printf 'kind: Config\\n' ;;
  *) exit 2 ;;
esac
`;

/** PATH with the stand-ins for kubectl and kubeadm first, and TMPDIR inside the temp dir. */
function withFakeTools(dir: string): NodeJS.ProcessEnv {
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  fs.writeFileSync(path.join(dir, 'bin', 'kubectl'), FAKE_KUBECTL, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'kubeadm'), FAKE_KUBEADM, { mode: 0o755 });
  return {
    ...process.env,
    PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
    TMPDIR: path.join(dir, 'tmp'),
  };
}

/**
 * A joining control-plane node: the stand-in tools, the cluster's Secret holding `config`, and kubeadm's join
 * configuration with `endpoint` (as written, quotes included) and a bootstrap token.
 */
function joiningNode(dir: string, config: string, endpoint: string): NodeJS.ProcessEnv {
  const env = withFakeTools(dir);
  fs.writeFileSync(path.join(dir, 'secret.b64'), Buffer.from(config).toString('base64'));
  fs.mkdirSync(path.join(dir, 'run'));
  fs.writeFileSync(
    path.join(dir, 'run', 'kubeadm-join-config.yaml'),
    `discovery:\n  bootstrapToken:\n    apiServerEndpoint: ${endpoint}\n    token: abcdef.0123456789abcdef\n`,
  );
  return env;
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
    expect(Object.keys(config.resources[0].providers[0])).toEqual(['secretbox']);
    const key = config.resources[0].providers[0].secretbox.keys[0];
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

  test('GIVEN the first control-plane node WHEN the share script runs THEN the Secret is created, never applied, and no output or call carries the key', () => {
    // GIVEN
    const env = withFakeTools(dir);
    spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SETUP, dir)]);
    const key = parse(fs.readFileSync(path.join(dir, 'encryption', 'config.yaml'), 'utf8')).resources[0]
      .providers[0].secretbox.keys[0].secret as string;

    // WHEN
    const run = spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SHARE, dir)], { encoding: 'utf8', env });

    // THEN
    expect(run.status).toBe(0);
    const calls = fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trimEnd().split('\n');
    expect(calls.slice(0, 2)).toEqual([
      'kubectl -n kube-system get secret kube-apiserver-encryption-config -o name',
      `kubectl -n kube-system create secret generic kube-apiserver-encryption-config --from-file=config.yaml=${path.join(dir, 'encryption', 'config.yaml')}`,
    ]);
    expect(calls.slice(2)).toEqual([
      'kubectl -n kube-system delete rolebinding kube-apiserver-encryption-config-reader --ignore-not-found',
      'kubectl -n kube-system delete role kube-apiserver-encryption-config-reader --ignore-not-found',
    ]);
    expect(calls.filter((c) => /secret/.test(c) && /apply|--save-config/.test(c))).toEqual([]);
    expect(`${run.stdout}${run.stderr}${calls.join('\n')}`).not.toContain(key);
  });

  test('GIVEN a control-plane node joining a Cluster created by an earlier version WHEN the share script runs THEN the Secret is left alone and the bootstrap tokens lose their read access', () => {
    // GIVEN
    const env = withFakeTools(dir);
    fs.writeFileSync(path.join(dir, 'secret.b64'), 'c2VjcmV0\n');
    fs.mkdirSync(path.join(dir, 'run'));
    fs.writeFileSync(path.join(dir, 'run', 'kubeadm-join-config.yaml'), 'discovery: {}\n');

    // WHEN
    const run = spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SHARE, dir)], { env });

    // THEN
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trimEnd().split('\n')).toEqual([
      'kubectl -n kube-system get secret kube-apiserver-encryption-config -o name',
      'kubectl -n kube-system delete rolebinding kube-apiserver-encryption-config-reader --ignore-not-found',
      'kubectl -n kube-system delete role kube-apiserver-encryption-config-reader --ignore-not-found',
    ]);
  });

  test('GIVEN a joining control-plane node WHEN the setup script reads the key THEN it writes the configuration, leaves no copy and prints no key', () => {
    // GIVEN
    const config = 'kind: EncryptionConfiguration\nsecret: c2VjcmV0LWtleS1ieXRlcw==\n';
    const env = joiningNode(dir, config, '10.0.0.1:6443');

    // WHEN
    const run = spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SETUP, dir)], { encoding: 'utf8', env });

    // THEN
    expect(run.status).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'encryption', 'config.yaml'), 'utf8')).toBe(config);
    expect(fs.readdirSync(path.join(dir, 'encryption'))).toEqual(['config.yaml']);
    expect(`${run.stdout}${run.stderr}`).not.toContain('c2VjcmV0LWtleS1ieXRlcw==');
  });

  test('GIVEN a joining control-plane node WHEN the setup script reads the key THEN it reads with a 15-minute certificate from the cluster CA, never with the bootstrap token, and removes that credential', () => {
    // GIVEN
    const env = joiningNode(dir, 'kind: EncryptionConfiguration\n', '"10.0.0.1:6443"');

    // WHEN
    const run = spawnSync('sh', ['-c', inTempDir(ENCRYPTION_SETUP, dir)], { encoding: 'utf8', env });

    // THEN
    expect(run.status).toBe(0);
    const calls = fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').trimEnd().split('\n');
    const work = /--config (\S+)\/cluster\.yaml/.exec(calls[0]!)![1]!;
    expect(calls).toEqual([
      `kubeadm kubeconfig user --config ${work}/cluster.yaml --client-name cluster-stacks:encryption-setup --org kubeadm:cluster-admins --validity-period 15m`,
      `kubectl --kubeconfig ${work}/kubeconfig -n kube-system get secret kube-apiserver-encryption-config -o jsonpath={.data.config\\.yaml}`,
    ]);
    expect(parse(fs.readFileSync(path.join(dir, 'kubeadm-config.yaml'), 'utf8'))).toEqual({
      apiVersion: 'kubeadm.k8s.io/v1beta4',
      kind: 'ClusterConfiguration',
      kubernetesVersion: 'v1.35.1',
      controlPlaneEndpoint: '10.0.0.1:6443',
      certificatesDir: '/etc/kubernetes/pki',
    });
    expect(calls.join('\n')).not.toContain('abcdef.0123456789abcdef');
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });
});
