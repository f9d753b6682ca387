// Unit tests of stack project names and folders.
import { previousMinor, projectRoot, stackProjectsIn } from './stack-names';

describe('stack project names', () => {
  test('GIVEN project names WHEN the previous minor is asked for THEN minor - 1, none below 0 or for other names', () => {
    expect([
      previousMinor('docker-scs-1-35'),
      previousMinor('openstack-scs2-1-10'),
      previousMinor('docker-scs-1-0'),
      previousMinor('@cluster-stacks/core'),
    ]).toEqual(['docker-scs-1-34', 'openstack-scs2-1-9', undefined, undefined]);
  });

  test('GIVEN a project name WHEN its folder is asked for THEN providers/<provider>/<stack>/<minor>', () => {
    expect(projectRoot('docker-scs-1-35')).toBe('providers/docker/scs/1-35');
    expect(() => projectRoot('docker')).toThrow('not a stack project name: docker');
  });

  test('GIVEN git ls-tree output WHEN scanned THEN only stack entry points count, sorted', () => {
    const paths = [
      'providers/docker/scs/1-35/stack.ts',
      'providers/docker/scs/1-35/rendered/metadata.yaml',
      'providers/docker/scs/1-34/stack.ts',
      'providers/docker/README.md',
      '',
    ];
    expect(stackProjectsIn(paths)).toEqual(['docker-scs-1-34', 'docker-scs-1-35']);
  });
});
