import { buildAndDigest, cloneForBuild } from './reproducibility';

const PROJECTS = [
  'providers/docker/scs/1-33',
  'providers/docker/scs/1-34',
  'providers/docker/scs/1-35',
  'providers/docker/scs/1-36',
];

describe('reproducible releases', () => {
  test('GIVEN two fresh clones of the committed tree WHEN each builds the docker stacks THEN every release file has the same sha256', () => {
    const first = cloneForBuild();
    const second = cloneForBuild();
    try {
      const a = buildAndDigest(first.dir, PROJECTS);
      const b = buildAndDigest(second.dir, PROJECTS);
      expect(a.size).toBe(PROJECTS.length * 6);
      expect([...b]).toEqual([...a]);
    } finally {
      first.cleanup();
      second.cleanup();
    }
  }, 120_000);
});
