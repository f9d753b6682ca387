import { runStackTasks } from './stack-targets';

describe('stack tasks in one process', () => {
  test('GIVEN a synth task of a folder that is no stack project and the package task after it WHEN run THEN both fail, the second naming the first', () => {
    // GIVEN
    const tasks = [
      { id: 'x:synth', target: 'synth' as const, projectRoot: 'providers/docker/scs/9-99', dependsOn: [] },
      {
        id: 'x:package',
        target: 'package' as const,
        projectRoot: 'providers/docker/scs/9-99',
        dependsOn: ['x:synth'],
      },
    ];

    // WHEN
    const results = [...runStackTasks(tasks)];

    // THEN
    expect(results).toEqual([
      {
        id: 'x:synth',
        success: false,
        output:
          'error: providers/docker/scs/9-99: not a stack project: expected providers/<provider>/<stack>/<k8s-minor>/stack.ts.',
      },
      { id: 'x:package', success: false, output: 'not run: x:synth failed' },
    ]);
  });
});
