import { parse } from 'yaml';
import { addonFiles, emptyStack, errorOf } from '../test-support';
import { Cilium, CiliumProps } from './cilium';

function render(props: Partial<CiliumProps> = {}) {
  const stack = emptyStack();
  const addon = new Cilium(stack, 'Cni', { chartVersion: '1.19.6', ...props });
  return { stack, addon };
}

describe('Cilium', () => {
  test('GIVEN chart 1.19.6 WHEN synthesized THEN the cni stage is a wrapper chart depending on the Cilium chart', () => {
    // GIVEN
    const { stack, addon } = render();

    // WHEN
    const files = addonFiles(stack);

    // THEN
    expect(addon.renderManifests()).toEqual([]);
    expect(Object.keys(files)).toEqual([
      'cluster-addon/cni/Chart.yaml',
      'cluster-addon/cni/values.yaml',
      'clusteraddon.yaml',
    ]);
    expect(parse(files['cluster-addon/cni/Chart.yaml']).dependencies).toEqual([
      { name: 'cilium', version: '1.19.6', repository: 'https://helm.cilium.io/' },
    ]);
    expect(files).toMatchSnapshot();
  });

  test('GIVEN the defaults THEN the values are upstream scs2s (Kubernetes IPAM, SCTP, session affinity, Gateway API, kube-system) without a Namespace object', () => {
    // GIVEN
    const { stack, addon } = render();

    // WHEN
    const values = parse(addonFiles(stack)['cluster-addon/cni/values.yaml']);

    // THEN
    expect(values).toEqual({
      cilium: {
        namespaceOverride: 'kube-system',
        ipam: { mode: 'kubernetes' },
        sctp: { enabled: true },
        sessionAffinity: true,
        tls: { secretsNamespace: { name: 'kube-system', create: false } },
        gatewayAPI: { enabled: true, secretsNamespace: { name: 'kube-system', create: false } },
      },
    });
    expect(addon.values).toEqual(values.cilium);
  });

  test('GIVEN other choices THEN the values follow them', () => {
    // GIVEN / WHEN
    const { addon } = render({
      ipamMode: 'cluster-pool',
      sctp: false,
      sessionAffinity: false,
      gatewayApi: false,
    });

    // THEN
    expect(addon.values.ipam).toEqual({ mode: 'cluster-pool' });
    expect(addon.values.sctp).toEqual({ enabled: false });
    expect(addon.values.sessionAffinity).toBe(false);
    expect(addon.values.gatewayAPI).toEqual({
      enabled: false,
      secretsNamespace: { name: 'kube-system', create: false },
    });
  });

  test('GIVEN a version range THEN it is refused with what to do', () => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => render({ chartVersion: '1.19.x' })).message).toBe(
      'test-openstack-1-35/Cni: chartVersion "1.19.x" is invalid: expected an exact chart version such as "1.19.6". CSO resolves the dependency at apply time; a range would change what clusters get.',
    );
  });
});
