import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');

function cs(...args: string[]) {
  const result = spawnSync(process.execPath, ['tools/cli/bin/cs.cjs', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return {
    status: result.status,
    stderr: result.stderr
      .split('\n')
      .filter((l) => !l.startsWith('npm warn'))
      .join('\n')
      .trim(),
  };
}

describe('cs command line', () => {
  test('GIVEN a folder that is no stack project WHEN synthesized THEN the user error is printed without a stack trace', () => {
    expect(cs('synth', 'providers/docker/scs/9-99')).toEqual({
      status: 2,
      stderr:
        'error: providers/docker/scs/9-99: not a stack project: expected providers/<provider>/<stack>/<k8s-minor>/stack.ts.',
    });
  });

  test('GIVEN an unknown version mode WHEN packaging THEN the usage error names the allowed modes', () => {
    expect(cs('package', '--mode', 'fast', 'providers/docker/scs/1-35')).toEqual({
      status: 2,
      stderr: 'error: --mode must be "stable" or "hash", got "fast"',
    });
  });

  test('GIVEN an unknown command THEN it exits 1 with the usage', () => {
    const result = cs('publish-everything');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('unknown command "publish-everything"');
  });
});
