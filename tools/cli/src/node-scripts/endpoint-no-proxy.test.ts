import { ENDPOINT_NO_PROXY, PROXY_DROP_INS } from '@cluster-stacks/core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Runs the HTTP proxy feature's node script with a POSIX shell, its paths moved into a scratch folder.

const DROP_IN = [
  '[Service]',
  'Environment="HTTP_PROXY=http://proxy.example.com:3128"',
  'Environment="NO_PROXY=localhost,10.96.0.0/12"',
  'Environment="no_proxy=localhost,10.96.0.0/12"',
  '',
].join('\n');

/** Runs the endpoint script with its kubeadm configuration and drop-ins moved into a scratch folder. */
function runEndpointScript(kubeadmConfig: { file: string; text: string } | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'endpoint-no-proxy-'));
  try {
    const dropIns = Object.values(PROXY_DROP_INS);
    let script = ENDPOINT_NO_PROXY.replace('/run/kubeadm/', `${dir}/`);
    dropIns.forEach((path, i) => {
      script = script.replace(path, join(dir, `${i}.conf`));
      writeFileSync(join(dir, `${i}.conf`), DROP_IN);
    });
    if (kubeadmConfig !== undefined) writeFileSync(join(dir, kubeadmConfig.file), kubeadmConfig.text);
    writeFileSync(join(dir, 'script.sh'), script);
    writeFileSync(join(dir, 'hostname'), '#!/bin/sh\necho "172.18.0.9 fc00::9 "\n', { mode: 0o755 });
    execFileSync('sh', [join(dir, 'script.sh')], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });
    const results = dropIns.map((_, i) => readFileSync(join(dir, `${i}.conf`), 'utf8'));
    expect(results[1]).toBe(results[0]);
    return results[0]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the endpoint NO_PROXY script', () => {
  test("GIVEN a join configuration WHEN the endpoint script runs THEN both NO_PROXY lines end with the endpoint's host and the node's addresses", () => {
    const text = 'discovery:\n  bootstrapToken:\n    apiServerEndpoint: 172.18.0.5:6443\n';
    expect(runEndpointScript({ file: 'kubeadm-join-config.yaml', text })).toBe(
      DROP_IN.replace(/10\.96\.0\.0\/12"/g, '10.96.0.0/12,172.18.0.5,172.18.0.9,fc00::9"'),
    );
  });

  test('GIVEN an init configuration with a quoted IPv6 endpoint WHEN the endpoint script runs THEN the address is added without brackets and port', () => {
    const text = 'kind: ClusterConfiguration\ncontrolPlaneEndpoint: "[fd00::5]:6443"\n';
    expect(runEndpointScript({ file: 'kubeadm.yaml', text })).toBe(
      DROP_IN.replace(/10\.96\.0\.0\/12"/g, '10.96.0.0/12,fd00::5,172.18.0.9,fc00::9"'),
    );
  });

  test('GIVEN no kubeadm configuration WHEN the endpoint script runs THEN the drop-ins stay as they are', () => {
    expect(runEndpointScript(undefined)).toBe(DROP_IN);
  });
});
