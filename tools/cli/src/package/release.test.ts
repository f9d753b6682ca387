import { StackVersion } from '@cluster-stacks/core';
import { readTarGz } from '@cluster-stacks/release-check';
import { createHash } from 'node:crypto';
import { cleanHash, hash1 } from './dirhash';
import { buildRelease, hashVersions, withChartVersion } from './release';

/** A tiny synthesized stack tree. */
function tree(): Map<string, string> {
  return new Map([
    ['stack.yaml', 'provider: docker\nname: scs\nkubernetesVersion: v1.35.1\ncapiVersion: v1beta1\n'],
    ['cluster-class/Chart.yaml', 'apiVersion: v2\nname: docker-scs-1-35-cluster-class\nversion: v0\n'],
    ['cluster-class/templates/clusterclass.yaml', 'kind: ClusterClass\n'],
    ['cluster-addon/cni/Chart.yaml', 'apiVersion: v2\nname: cni\nversion: v0\n'],
    ['cluster-addon/cni/templates/daemonset-kindnet.yaml', 'kind: DaemonSet\n'],
    ['clusteraddon.yaml', 'addonStages: {}\n'],
    ['node-images/node-images.yaml', 'images: []\n'],
  ]);
}

describe('csctl-compatible hashing', () => {
  test('GIVEN a tree WHEN hashed THEN the result equals Go dirhash.HashDir (h1) for the same files', () => {
    // The expected value was computed by golang.org/x/mod/sumdb/dirhash v0.22.0 over these three files.
    const files = new Map([
      ['cluster-addon/cni/Chart.yaml', 'apiVersion: v2\nname: cni\n'],
      ['clusteraddon.yaml', 'a: 1\n'],
      ['stack.yaml', 'provider: docker\n'],
    ]);
    expect(hash1(files)).toBe('h1:9eGbQEXBVwbudMsYdJDKyROaQHpkfjYft267NyiV7C4=');
    expect(cleanHash('h1:9eGbQEXBVwbudMsYdJDKyROaQHpkfjYft267NyiV7C4=')).toBe(
      '9egbqexbvwbudmsydjdkyroaqhpkfjyft267nyiv7c4',
    );
  });

  test('GIVEN a synthesized stack WHEN versioned in hash mode THEN all components get v0-sha.<first 7>', () => {
    const versions = hashVersions(tree());
    expect(versions.clusterStack.dotted).toBe(`v0-sha.${versions.hashes.clusterStack.slice(0, 7)}`);
    expect(versions.clusterAddon.dotted).toBe(versions.clusterStack.dotted);
    expect(versions.nodeImage.dotted).toBe(versions.clusterStack.dotted);
  });
});

describe('buildRelease', () => {
  test('GIVEN a synthesized stack WHEN released THEN the files and archive layouts are those CSO reads', () => {
    const versions = {
      ...hashVersions(tree()),
      clusterStack: StackVersion.stable(3),
      clusterAddon: StackVersion.stable(2),
      nodeImage: StackVersion.stable(1),
    };
    const release = buildRelease(tree(), versions);
    expect(release.tag).toBe('docker-scs-1-35-v3');
    expect([...release.files.keys()].sort()).toEqual([
      'clusteraddon.yaml',
      'docker-scs-1-35-cluster-addon-v2.tgz',
      'docker-scs-1-35-cluster-class-v3.tgz',
      'hashes.json',
      'metadata.yaml',
      'node-images.yaml',
    ]);
    expect(release.files.get('metadata.yaml')!.toString()).toBe(
      'apiVersion: metadata.clusterstack.x-k8s.io/v1alpha1\nversions:\n  clusterStack: v3\n  components:\n    clusterAddon: v2\n    nodeImage: v1\n  kubernetes: v1.35.1\n',
    );
    const chart = readTarGz(release.files.get('docker-scs-1-35-cluster-class-v3.tgz')!);
    expect(chart.map((e) => `${e.type} ${e.path}`)).toEqual([
      'dir docker-scs-1-35-cluster-class',
      'file docker-scs-1-35-cluster-class/Chart.yaml',
      'dir docker-scs-1-35-cluster-class/templates',
      'file docker-scs-1-35-cluster-class/templates/clusterclass.yaml',
    ]);
    expect(chart[1].content.toString()).toBe(
      'apiVersion: v2\nname: docker-scs-1-35-cluster-class\nversion: v3\n',
    );
    const addons = readTarGz(release.files.get('docker-scs-1-35-cluster-addon-v2.tgz')!);
    expect(addons.map((e) => `${e.type} ${e.path}`)).toEqual([
      'dir cni',
      'file cni/Chart.yaml',
      'dir cni/templates',
      'file cni/templates/daemonset-kindnet.yaml',
    ]);
  });

  test('GIVEN the same sources WHEN released twice THEN every file has the same sha256', () => {
    const digest = (files: Map<string, Buffer>) =>
      [...files].map(([n, c]) => `${n}:${createHash('sha256').update(c).digest('hex')}`);
    expect(digest(buildRelease(tree()).files)).toEqual(digest(buildRelease(tree()).files));
  });

  test('GIVEN a Chart.yaml without a version WHEN versioned THEN it is refused', () => {
    expect(() => withChartVersion('name: x\n', StackVersion.stable(1))).toThrow(
      'Chart.yaml has no top-level version',
    );
  });
});
