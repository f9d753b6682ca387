import type { Component } from './component';
import { buildOrder, keyInputs } from './world';
import { Pins } from '../pins';
import { worldComponents } from '../recipes';

const component = (id: string, deps: string[] = []): Component => ({
  id,
  kind: 'binaries',
  title: id,
  recipe: 1,
  pins: [],
  files: [],
  deps,
  build: async () => ({ sources: [] }),
});

describe('build order', () => {
  it('GIVEN components listed before their dependencies WHEN ordered THEN every dependency comes first', () => {
    expect(
      buildOrder([component('node', ['rootfs', 'k8s']), component('k8s'), component('rootfs')]).map(
        (c) => c.id,
      ),
    ).toEqual(['rootfs', 'k8s', 'node']);
  });

  it('GIVEN a cycle WHEN ordered THEN the cycle is named', () => {
    expect(() => buildOrder([component('a', ['b']), component('b', ['a'])])).toThrow(
      'lab components depend on each other in a cycle: a → b → a',
    );
  });

  it('GIVEN an undefined dependency WHEN ordered THEN it is named', () => {
    expect(() => buildOrder([component('a', ['x'])])).toThrow(
      'lab component a depends on x, which is not defined',
    );
  });
});

describe('the world table', () => {
  it('GIVEN the committed pins and one minor WHEN the world is listed THEN its components are in dependency order and unique', () => {
    const { components } = worldComponents(Pins.load(), { minors: ['1-35'], suppliedArchives: [] });
    expect(buildOrder(components).map((c) => c.id)).toEqual([
      'debian-base',
      'containerd',
      'runc',
      'cni-plugins',
      'runc-shim',
      'crictl',
      'pause',
      'kind',
      'kustomize',
      'cluster-api',
      'haproxy',
      'metrics-server',
      'workload-image',
      'registry-image',
      'kubernetes-v1.35.1',
      'etcd-v3.6.6',
      'coredns-v1.13.1',
      'etcd-image-3.6.6-0',
      'coredns-image-v1.13.1',
      'pause-image-3.10.1',
      'control-plane-images-v1.35.1',
      'node-v1.35.1',
    ]);
  });

  it('GIVEN a component WHEN its key inputs are made THEN they hold its pins, files and dependency keys', () => {
    const c: Component = {
      ...component('node', ['rootfs']),
      pins: ['LAB_KIND_VERSION'],
      files: ['scripts/x.sh'],
      extraInputs: { config: 'abc' },
    };
    expect(
      keyInputs(c, Pins.parse('LAB_KIND_VERSION=v0.33.0'), new Map([['rootfs', 'k1']]), () => 'h'),
    ).toEqual({
      id: 'node',
      recipe: 1,
      pins: { LAB_KIND_VERSION: 'v0.33.0' },
      files: { 'tools/lab/scripts/x.sh': 'h', 'input:config': 'abc' },
      deps: { rootfs: 'k1' },
    });
  });
});
