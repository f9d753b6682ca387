import { labImageVariables, VARIABLE_CHECKS, withVariables } from './all-variables';

describe('the all-variables Cluster of the lab', () => {
  const cluster = {
    kind: 'Cluster',
    spec: {
      topology: {
        variables: [
          { name: 'imageRepository', value: 'registry.example.com/k8s' },
          { name: 'kubeletMaxPods', value: 150 },
        ],
      },
    },
  };

  test("GIVEN the example's variables WHEN the lab's image values replace them THEN the others stay as set", () => {
    // WHEN
    const lab = withVariables(cluster, { imageRepository: 'registry.k8s.io' });

    // THEN
    expect(lab.spec.topology.variables).toEqual([
      { name: 'imageRepository', value: 'registry.k8s.io' },
      { name: 'kubeletMaxPods', value: 150 },
    ]);
    expect(cluster.spec.topology.variables[0]!.value).toBe('registry.example.com/k8s');
  });

  test('GIVEN an override of a variable the example does not set WHEN applied THEN it is an error naming it', () => {
    expect(() => withVariables(cluster, { etcdImageTag: '3.6.6-0' })).toThrow(
      'the all-variables example does not set etcdImageTag, which the lab overrides',
    );
  });

  test('GIVEN the lab world WHEN its image variables are made THEN they name what the lab preloads', () => {
    expect(
      labImageVariables({ etcdTag: '3.6.6-0', corednsTag: 'v1.13.1', nodeRepository: 'cslab/node' }),
    ).toEqual({
      imageRepository: 'registry.k8s.io',
      etcdImageTag: '3.6.6-0',
      coreDNSImageTag: 'v1.13.1',
      nodeImageRepository: 'cslab/node',
    });
    expect(VARIABLE_CHECKS.flatMap((c) => c.variables)).toEqual([
      'imageRepository',
      'etcdImageTag',
      'coreDNSImageTag',
      'nodeImageRepository',
      'certSANs',
      'auditLog',
      'terminatedPodGCThreshold',
      'controlPlaneMetricsBindAddress',
      'hostPathProvisioner',
      'podSecurityStandard',
      'kubeletMaxPods',
      'mountHostDockerSocket',
    ]);
  });
});
