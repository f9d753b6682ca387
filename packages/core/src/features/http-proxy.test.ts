import { CapiVersion } from '../capi-version';
import { testStackWithLists as stackWithLists } from '../test-support';
import { ClusterFeatures } from './cluster-features';
import { ENDPOINT_NO_PROXY_SCRIPT, PROXY_DROP_INS } from './http-proxy';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

describe('the HTTP proxy patch', () => {
  test('GIVEN the features WHEN the httpProxy patch is rendered THEN the endpoint script runs after the drop-ins are written and before systemd reads them', () => {
    // GIVEN
    const { stack, clusterClass } = stackWithLists();

    // WHEN
    new ClusterFeatures(stack, 'Features', { clusterClass });

    // THEN
    const [object] = clusterClass.render(CapiVersion.V1BETA1) as Json[];
    const proxy = object.spec.patches.find((p: Json) => p.name === 'httpProxy');
    expect(
      proxy.definitions[0].jsonPatches.map((p: Json) => [
        p.path,
        p.value?.path ?? p.value ?? /path: (\S+)/.exec(p.valueFrom.template)?.[1],
      ]),
    ).toEqual([
      ['/spec/template/spec/kubeadmConfigSpec/files/-', PROXY_DROP_INS.containerd],
      ['/spec/template/spec/kubeadmConfigSpec/files/-', PROXY_DROP_INS.kubelet],
      ['/spec/template/spec/kubeadmConfigSpec/files/-', ENDPOINT_NO_PROXY_SCRIPT],
      ['/spec/template/spec/kubeadmConfigSpec/preKubeadmCommands/-', `sh ${ENDPOINT_NO_PROXY_SCRIPT}`],
      ['/spec/template/spec/kubeadmConfigSpec/preKubeadmCommands/-', 'systemctl daemon-reload'],
      ['/spec/template/spec/kubeadmConfigSpec/preKubeadmCommands/-', 'systemctl restart containerd'],
    ]);
  });
});
