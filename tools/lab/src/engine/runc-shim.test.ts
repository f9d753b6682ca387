// The runc shim is Go: its own tests (argument parsing, CapBnd, config.json and process.json
// rewriting) run with `go test`, from here so that `npm test` covers them.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('runc shim', () => {
  it('GIVEN the shim sources WHEN go test runs THEN every Go test passes', () => {
    const result = spawnSync('go', ['test', '-count=1', './...'], {
      cwd: join(__dirname, '..', '..', 'runc-shim'),
      encoding: 'utf8',
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toMatch(/^ok\s+github\.com\/cluster-stacks-ts\/lab\/runc-shim\s/);
  }, 120_000);
});
