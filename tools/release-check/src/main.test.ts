import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findRepoRoot } from './cso-render';
import { metadataYaml, passingRelease, writeRelease } from './fixture';
import { main } from './main';

let root: string;

beforeAll(() => {
  execFileSync('bash', [join(findRepoRoot(__dirname)!, 'tools', 'cso-render', 'build.sh')], {
    stdio: 'pipe',
  });
}, 600_000);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'release-check-cli-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function run(...args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const WARN_MESSAGE =
  'metadata.yaml versions.clusterStack v2 does not equal the version v1 of the release tag docker-ferrol-1-27-v1 (csctl always writes them equal: set it to v1)';

function warningRelease(): string {
  const r = passingRelease('stable');
  r.files['metadata.yaml'] = metadataYaml({
    clusterStack: 'v2',
    kubernetes: 'v1.27.3',
    clusterAddon: 'v1',
    nodeImage: 'v1',
  });
  return writeRelease(join(root, 'warn'), r);
}

describe('release-check CLI', () => {
  it('passes a good release with a summary line', () => {
    // GIVEN a passing release WHEN checked THEN exit 0 and only the summary
    const dir = writeRelease(root, passingRelease('hash'));
    expect(run(dir)).toEqual({ code: 0, out: [`${dir}: 0 errors, 0 warnings`], err: [] });
  });

  it('fails on warnings unless --allow-warnings is given', () => {
    // GIVEN a release with one warning
    const dir = warningRelease();
    // WHEN checked with and without --allow-warnings
    const strict = run(dir);
    const lenient = run('--allow-warnings', dir);
    // THEN the finding is printed, and only the strict run fails
    const lines = [`${dir}: rule 12 warning: ${WARN_MESSAGE}`, `${dir}: 0 errors, 1 warning`];
    expect(strict).toEqual({ code: 1, out: lines, err: [] });
    expect(lenient).toEqual({ code: 0, out: lines, err: [] });
  });

  it('fails on errors even with --allow-warnings, and checks every directory', () => {
    // GIVEN a release without metadata.yaml and a good one
    const r = passingRelease('stable');
    delete r.files['metadata.yaml'];
    const bad = writeRelease(join(root, 'bad'), r);
    const good = writeRelease(join(root, 'good'), passingRelease('stable'));
    // WHEN both are checked
    const res = run('--allow-warnings', bad, good);
    // THEN the error is reported and the run fails
    expect(res).toEqual({
      code: 1,
      out: [
        `${bad}: rule 2 error: failed to get metadata: failed to read metadata file ${join(bad, 'metadata.yaml')} (add metadata.yaml at the top level of the release)`,
        `${bad}: 1 error, 0 warnings`,
        `${good}: 0 errors, 0 warnings`,
      ],
      err: [],
    });
  });

  it('exits 2 on usage errors and when cso-render is missing', () => {
    // GIVEN no arguments, an unknown option, and a missing cso-render WHEN run THEN exit 2 with a message
    const dir = writeRelease(root, passingRelease('stable'));
    const missing = join(root, 'none');
    expect(run().code).toBe(2);
    expect(run('--bogus', dir).code).toBe(2);
    expect(run('--cso-render', missing, dir)).toEqual({
      code: 2,
      out: [],
      err: [`${dir}: cso-render not found at ${missing}: run tools/cso-render/build.sh`],
    });
  });
});
