import { CapiVersion } from '../capi-version';
import { KubeadmConfigSpec, mergeKubeadmConfigSpecs, prune, renderKubeadmConfigSpec } from './kubeadm';

const SPEC: KubeadmConfigSpec = {
  clusterConfiguration: {
    imageRepository: 'registry.example/k8s',
    apiServer: {
      extraArgs: { 'tls-min-version': 'VersionTLS12', 'audit-log-maxage': '30' },
      certSANs: ['a'],
    },
    controllerManager: { extraArgs: { 'bind-address': '127.0.0.1' } },
    etcd: {
      local: { dataDir: '/var/lib/etcd', extraArgs: { 'listen-metrics-urls': 'http://127.0.0.1:2381' } },
    },
  },
  initConfiguration: { nodeRegistration: { kubeletExtraArgs: { 'node-ip': '10.0.0.1' } } },
  joinConfiguration: {
    nodeRegistration: { criSocket: 'unix:///run/containerd.sock' },
    patches: { directory: '/p' },
  },
  files: [{ path: '/etc/a', content: 'a' }],
  preKubeadmCommands: ['echo pre'],
};

describe('renderKubeadmConfigSpec', () => {
  test('GIVEN a spec WHEN rendered for v1beta1 THEN flag maps stay maps and nothing is added', () => {
    expect(renderKubeadmConfigSpec(SPEC, CapiVersion.V1BETA1)).toEqual({
      clusterConfiguration: {
        imageRepository: 'registry.example/k8s',
        apiServer: {
          extraArgs: { 'tls-min-version': 'VersionTLS12', 'audit-log-maxage': '30' },
          certSANs: ['a'],
        },
        controllerManager: { extraArgs: { 'bind-address': '127.0.0.1' } },
        etcd: {
          local: { dataDir: '/var/lib/etcd', extraArgs: { 'listen-metrics-urls': 'http://127.0.0.1:2381' } },
        },
      },
      initConfiguration: { nodeRegistration: { kubeletExtraArgs: { 'node-ip': '10.0.0.1' } } },
      joinConfiguration: {
        nodeRegistration: { criSocket: 'unix:///run/containerd.sock' },
        patches: { directory: '/p' },
      },
      files: [{ path: '/etc/a', content: 'a' }],
      preKubeadmCommands: ['echo pre'],
    });
  });

  test('GIVEN a spec WHEN rendered for v1beta2 THEN every flag map is a name-sorted list of {name, value}', () => {
    const rendered = renderKubeadmConfigSpec(SPEC, CapiVersion.V1BETA2) as {
      clusterConfiguration: Record<string, { extraArgs?: unknown; local?: { extraArgs: unknown } }>;
      initConfiguration: { nodeRegistration: { kubeletExtraArgs: unknown } };
    };
    expect(rendered.clusterConfiguration.apiServer.extraArgs).toEqual([
      { name: 'audit-log-maxage', value: '30' },
      { name: 'tls-min-version', value: 'VersionTLS12' },
    ]);
    expect(rendered.clusterConfiguration.controllerManager.extraArgs).toEqual([
      { name: 'bind-address', value: '127.0.0.1' },
    ]);
    expect(rendered.clusterConfiguration.etcd.local!.extraArgs).toEqual([
      { name: 'listen-metrics-urls', value: 'http://127.0.0.1:2381' },
    ]);
    expect(rendered.initConfiguration.nodeRegistration.kubeletExtraArgs).toEqual([
      { name: 'node-ip', value: '10.0.0.1' },
    ]);
  });

  test('GIVEN an empty spec WHEN rendered THEN it is an empty object for both versions', () => {
    expect(renderKubeadmConfigSpec({}, CapiVersion.V1BETA1)).toEqual({});
    expect(renderKubeadmConfigSpec({ clusterConfiguration: {} }, CapiVersion.V1BETA2)).toEqual({
      clusterConfiguration: {},
    });
  });
});

describe('mergeKubeadmConfigSpecs', () => {
  test('GIVEN two specs WHEN merged THEN flags of the second win and lists are concatenated', () => {
    // GIVEN
    const layer: KubeadmConfigSpec = {
      clusterConfiguration: {
        apiServer: { extraArgs: { 'tls-min-version': 'VersionTLS13', profiling: 'false' }, certSANs: ['b'] },
        scheduler: { extraArgs: { 'bind-address': '127.0.0.1' } },
        etcd: { local: { extraArgs: { 'cipher-suites': 'X' } } },
        dns: { imageTag: 'v1' },
      },
      initConfiguration: {
        nodeRegistration: { kubeletExtraArgs: { 'node-ip': '10.0.0.2' } },
        patches: { directory: '/q' },
      },
      files: [{ path: '/etc/b', content: 'b' }],
      preKubeadmCommands: ['echo layer'],
      postKubeadmCommands: ['echo post'],
    };

    // WHEN
    const merged = mergeKubeadmConfigSpecs(SPEC, layer);

    // THEN
    expect(merged).toEqual({
      clusterConfiguration: {
        imageRepository: 'registry.example/k8s',
        apiServer: {
          extraArgs: { 'tls-min-version': 'VersionTLS13', 'audit-log-maxage': '30', profiling: 'false' },
          certSANs: ['a', 'b'],
        },
        controllerManager: { extraArgs: { 'bind-address': '127.0.0.1' } },
        scheduler: { extraArgs: { 'bind-address': '127.0.0.1' } },
        etcd: {
          local: {
            dataDir: '/var/lib/etcd',
            extraArgs: { 'listen-metrics-urls': 'http://127.0.0.1:2381', 'cipher-suites': 'X' },
          },
        },
        dns: { imageTag: 'v1' },
      },
      initConfiguration: {
        nodeRegistration: { kubeletExtraArgs: { 'node-ip': '10.0.0.2' } },
        patches: { directory: '/q' },
      },
      joinConfiguration: {
        nodeRegistration: { criSocket: 'unix:///run/containerd.sock' },
        patches: { directory: '/p' },
      },
      files: [
        { path: '/etc/a', content: 'a' },
        { path: '/etc/b', content: 'b' },
      ],
      preKubeadmCommands: ['echo pre', 'echo layer'],
      postKubeadmCommands: ['echo post'],
    });
  });

  test('GIVEN a spec and an empty one WHEN merged either way THEN the spec comes back unchanged', () => {
    expect(mergeKubeadmConfigSpecs(SPEC, {})).toEqual(SPEC);
    expect(mergeKubeadmConfigSpecs({}, SPEC)).toEqual(SPEC);
  });

  test('GIVEN component volumes on both sides WHEN merged THEN both are kept in order', () => {
    const volume = (name: string) => ({ name, hostPath: `/${name}`, mountPath: `/${name}` });
    const merged = mergeKubeadmConfigSpecs(
      { clusterConfiguration: { apiServer: { extraVolumes: [volume('a')] } } },
      { clusterConfiguration: { apiServer: { extraVolumes: [volume('b')] } } },
    );
    expect(merged.clusterConfiguration?.apiServer?.extraVolumes).toEqual([volume('a'), volume('b')]);
  });

  test('GIVEN the inputs WHEN merged THEN neither input is changed', () => {
    const before = JSON.stringify(SPEC);
    mergeKubeadmConfigSpecs(SPEC, { files: [{ path: '/x', content: 'x' }] });
    expect(JSON.stringify(SPEC)).toBe(before);
  });
});

describe('prune', () => {
  test('GIVEN undefined members WHEN pruned THEN only they are dropped', () => {
    expect(prune({ a: 1, b: undefined, c: null, d: '' })).toEqual({ a: 1, c: null, d: '' });
    expect(Object.keys(prune({ a: 1, b: undefined }))).toEqual(['a']);
  });
});
