import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// Runs the real Nx project graph of this workspace (no daemon, no cloud).
const root = path.resolve(__dirname, '../../..');

/** The projects `nx show projects` lists with these arguments, sorted. */
function projects(...args: string[]): string[] {
  const out = execFileSync(path.join(root, 'node_modules/.bin/nx'), ['show', 'projects', ...args, '--json'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  return (JSON.parse(out) as string[]).sort();
}

function affectedBy(file: string): string[] {
  return projects('--affected', `--files=${file}`);
}

describe('nx affected on the real workspace', () => {
  test('GIVEN a change to one file of the docker 1.35 stack WHEN asking what is affected THEN only that project is', () => {
    expect(affectedBy('providers/docker/scs/1-35/stack.ts')).toEqual(['docker-scs-1-35']);
  });

  test('GIVEN a change to the shared docker stack definition THEN every docker minor is affected', () => {
    expect(
      affectedBy('packages/provider-docker/src/scs/cluster-class.ts').filter((p) => p.startsWith('docker-')),
    ).toEqual(['docker-scs-1-33', 'docker-scs-1-34', 'docker-scs-1-35', 'docker-scs-1-36']);
  });

  test('GIVEN a change to the executors of the stack targets THEN every project is affected', () => {
    // They run outside every project (tools/executors/README.md), so they are one of the workspace's shared inputs.
    const all = projects();
    expect(all).toContain('docker-scs-1-35');
    expect(affectedBy('tools/executors/nx/stack-task.cjs')).toEqual(all);
  });
});
