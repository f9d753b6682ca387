// Unit tests of the kind configuration of the management cluster.
import { parse } from 'yaml';
import { kindConfig } from './kind-config';

describe('kindConfig', () => {
  test('GIVEN a node image and a releases directory WHEN rendered THEN one node mounts the Docker socket and the releases read-only', () => {
    const config = kindConfig({
      nodeImage:
        'kindest/node:v1.33.7@sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040',
      releasesHostPath: '/home/runner/work/cluster-stacks-ts/dist/e2e/releases',
    });
    expect(parse(config)).toEqual({
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      nodes: [
        {
          role: 'control-plane',
          image:
            'kindest/node:v1.33.7@sha256:d26ef333bdb2cbe9862a0f7c3803ecc7b4303d8cea8e814b481b09949d353040',
          extraMounts: [
            { hostPath: '/var/run/docker.sock', containerPath: '/var/run/docker.sock' },
            {
              hostPath: '/home/runner/work/cluster-stacks-ts/dist/e2e/releases',
              containerPath: '/cluster-stacks',
              readOnly: true,
            },
          ],
        },
      ],
    });
  });

  test('GIVEN a relative releases directory WHEN rendered THEN it is refused (kind resolves mounts on the host)', () => {
    expect(() =>
      kindConfig({ nodeImage: 'kindest/node:v1.33.7', releasesHostPath: 'dist/e2e/releases' }),
    ).toThrow('the releases directory must be an absolute path, got dist/e2e/releases');
  });
});
