import { egressRule } from './egress';

describe("the lab network's egress rule", () => {
  test('GIVEN the bridge of the kind network WHEN the rule is built THEN it refuses forwarding from the bridge to any other interface', () => {
    expect(egressRule('br-0adf3c763600')).toEqual([
      'DOCKER-USER',
      '-i',
      'br-0adf3c763600',
      '!',
      '-o',
      'br-0adf3c763600',
      '-m',
      'comment',
      '--comment',
      'cluster-stacks-lab: no egress',
      '-j',
      'REJECT',
    ]);
  });
});
