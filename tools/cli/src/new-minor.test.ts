// Adding a Kubernetes minor is one generator run per stack plus one data row: shown in a scratch clone of the
// committed workspace, where Kubernetes 1.37 is added to both stacks with fixture digests, then synthesized,
// packaged and validated by every tier that the scratch copy can run (the 1.37 JSON schemas are not installed).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cloneForBuild } from './reproducibility';
import { workspaceRoot } from './util/files';

jest.setTimeout(600_000);

const FIXTURE_DIGEST = `sha256:${'37'.repeat(32)}`;
const STACKS = [
  { provider: 'docker', fill: { nodeImage: `kindest/node:v1.37.0@${FIXTURE_DIGEST}` } },
  { provider: 'openstack', fill: { ciliumDigest: FIXTURE_DIGEST } },
] as const;

let clone: { dir: string; cleanup: () => void };

function run(command: string, args: readonly string[]): { code: number | null; out: string } {
  const result = spawnSync(command, args, {
    cwd: clone.dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      NX_DAEMON: 'false',
      NX_NO_CLOUD: 'true',
      NX_TUI: 'false',
      // The scratch copy's own Nx data: a cache or workspace-data folder set for the workspace that runs the tests
      // (the bench pins both to its checkout) would otherwise show Nx that workspace's project graph.
      NX_CACHE_DIRECTORY: path.join(clone.dir, '.nx', 'cache'),
      NX_WORKSPACE_DATA_DIRECTORY: path.join(clone.dir, '.nx', 'workspace-data'),
    },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const bin = (name: string) => path.join(clone.dir, 'node_modules', '.bin', name);
const cs = (...args: string[]) => run(process.execPath, ['tools/cli/bin/cs.cjs', ...args]);
const matrixFile = (provider: string) => `packages/provider-${provider}/src/scs/releases.json`;

beforeAll(() => {
  clone = cloneForBuild('HEAD');
  fs.symlinkSync(path.join(workspaceRoot(), '.tools'), path.join(clone.dir, '.tools'));
});
afterAll(() => clone?.cleanup());

describe('GIVEN a scratch copy of the workspace WHEN Kubernetes 1.37 is added to both stacks', () => {
  test.each(STACKS)(
    'THEN one generator run adds the $provider/scs project and a prefilled row',
    ({ provider }) => {
      // WHEN
      const generated = run(bin('nx'), [
        'g',
        '@cluster-stacks/nx-plugin:minor',
        '--provider',
        provider,
        '--stack',
        'scs',
        '--minor',
        '1-37',
        '--no-interactive',
      ]);

      // THEN
      expect(generated.code).toBe(0);
      expect(
        fs.readFileSync(path.join(clone.dir, `providers/${provider}/scs/1-37/stack.ts`), 'utf8'),
      ).toContain(`${provider}ScsStack('1.37')`);
      const rows = JSON.parse(fs.readFileSync(path.join(clone.dir, matrixFile(provider)), 'utf8')) as Record<
        string,
        Record<string, unknown>
      >;
      expect(Object.keys(rows)).toEqual(['1.33', '1.34', '1.35', '1.36', '1.37']);
      expect(rows['1.37']).toMatchObject({
        kubernetes: '1.37.0',
        kubernetesSchema: 'v1.37.0',
        capi: 'v1beta1',
      });
    },
  );

  test('THEN the prefilled rows are refused by name until their digests are filled in', () => {
    const synth = cs('synth', 'providers/docker/scs/1-37');
    expect(synth.code).toBe(2);
    expect(synth.out).toContain(
      'error: docker/scs: the release matrix row "1.37" was prefilled from the previous minor and needs real values for "nodeImage"; fill them in and remove "unverified".',
    );
  });

  test('THEN the generated files are formatted and Nx sees both new projects', () => {
    const files = [...STACKS.map((s) => matrixFile(s.provider)), 'tools/toolchain/pins.env'];
    expect(run(bin('prettier'), ['--check', ...files.filter((f) => f.endsWith('.json'))]).code).toBe(0);
    expect(fs.readFileSync(path.join(clone.dir, 'tools/toolchain/pins.env'), 'utf8')).toContain(
      'K8S_SCHEMA_1_36=v1.36.0\nK8S_SCHEMA_1_37=v1.37.0\n',
    );
    const projects = run(bin('nx'), ['show', 'projects']);
    expect(projects.code).toBe(0);
    expect(
      projects.out
        .split('\n')
        .filter((p) => p.endsWith('-1-37'))
        .sort(),
    ).toEqual(['docker-scs-1-37', 'openstack-scs-1-37']);
  });

  test.each(STACKS)(
    'THEN with its data row filled in, $provider/scs 1.37 synthesizes, packages and passes the tiers',
    ({ provider, fill }) => {
      // GIVEN the row filled in with fixture digests
      const file = path.join(clone.dir, matrixFile(provider));
      const rows = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
      const { unverified: _, ...row }: Record<string, unknown> = { ...rows['1.37'], ...fill };
      fs.writeFileSync(file, `${JSON.stringify({ ...rows, '1.37': row }, null, 2)}\n`);
      const root = `providers/${provider}/scs/1-37`;

      // WHEN it is rendered, versioned, packaged and validated
      const steps = [cs('render', root), cs('version', root), cs('package', root)];
      const validated = cs('validate', '--without', 'kubernetes-schemas', root);

      // THEN every step succeeds, and every tier passes (an upstream chart may be BLOCKED without network)
      expect(steps.map((s) => [s.code, s.out])).toEqual(steps.map((s) => [0, s.out]));
      expect(validated.out).not.toContain('FAIL');
      expect(validated.code).toBe(0);
      const lines = validated.out.split('\n').filter((l) => /^ {2}(PASS|BLOCKED|SKIPPED) /.test(l));
      const tiers = lines.map((l) =>
        l.replace(/^ {2}(PASS|BLOCKED|SKIPPED) +/, '$1 ').replace(/ {2,}.*$/, ''),
      );
      const upstream = 'upstream charts of addon stages';
      expect(tiers.filter((t) => t.endsWith(upstream))).toEqual([
        // openstack's Cilium stage renders where helm.cilium.io is reachable, and is BLOCKED elsewhere
        provider === 'docker' ? `PASS ${upstream}` : expect.stringMatching(/^(PASS|BLOCKED) /),
      ]);
      expect(tiers.filter((t) => t.startsWith('PASS ') && !t.endsWith(upstream))).toEqual([
        'PASS rendered output committed',
        'PASS release conformance (contract §2.4)',
        'PASS helm lint --strict + helm template as CSO',
        `PASS topology dry run (clusterctl alpha topology plan)`,
        `PASS upgrade dry run from ${provider}-scs-1-36 (class and version switch)`,
        'PASS topology dry run of v1beta1 and v1beta2 (CAPI v1.14 topology engine)',
        `PASS upgrade dry run from ${provider}-scs-1-36, v1beta2 (CAPI v1.14 topology engine)`,
        'PASS hardening policy (CIS-modelled controls on the generated objects)',
        'PASS SCS KaaS standards (scs-0210-v2, scs-0214-v2, scs-0219-v1), clause by clause',
        'PASS version lock matches the rendered output',
        'PASS deterministic rebuild',
      ]);
      expect(tiers.filter((t) => t.startsWith('SKIPPED '))).toEqual([
        'SKIPPED kubeconform -strict: cluster-class (needs kubernetes-schemas)',
        'SKIPPED kubeconform -strict: addons (needs kubernetes-schemas)',
        'SKIPPED render for CAPI v1beta2 (needs kubernetes-schemas)',
      ]);
    },
  );
});
