import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@cluster-stacks/toolchain';
import { BREAKAGES } from './breakages';

describe('breakages of a release under test', () => {
  test.each(Object.entries(BREAKAGES))(
    'GIVEN the %s breakage WHEN applied to the rendered docker/scs 1.35 THEN it removes exactly its text',
    (_name, change) => {
      const file = readFileSync(join(repoRoot(), 'providers/docker/scs/1-35/rendered', change.file), 'utf8');
      expect(file.split(change.from)).toHaveLength(2);
    },
  );
});
