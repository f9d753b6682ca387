import { KubernetesVersion, ReleaseNames, stableYaml, StackVersion } from '@cluster-stacks/core';
import { createTarGz, TarInputEntry } from '@cluster-stacks/release-check';
import { parse } from 'yaml';
import { cleanHash, hash1, subtree } from './dirhash';
import { CommandError } from '../util/errors';

/** What `stack.yaml` of a synthesized stack says. */
export interface StackInfo {
  readonly provider: string;
  readonly name: string;
  readonly kubernetesVersion: string;
  readonly capiVersion: string;
}

/** The three component versions of a release and the hashes behind them. */
export interface ReleaseVersions {
  readonly clusterStack: StackVersion;
  readonly clusterAddon: StackVersion;
  readonly nodeImage: StackVersion;
  readonly hashes: {
    clusterStack: string;
    clusterAddonDir: string;
    clusterAddonValues: string;
    nodeImageDir: string;
  };
}

/** A release in memory: its tag and its flat files. */
export interface Release {
  readonly tag: string;
  readonly names: ReleaseNames;
  readonly versions: ReleaseVersions;
  readonly files: Map<string, Buffer>;
}

type Tree = ReadonlyMap<string, Buffer | string>;

function text(tree: Tree, name: string): string {
  const content = tree.get(name);
  if (content === undefined)
    throw new CommandError(`synthesized stack has no ${name}: run the synth target first`);
  return content.toString();
}

/** Reads `stack.yaml`. */
export function stackInfo(tree: Tree): StackInfo {
  return parse(text(tree, 'stack.yaml')) as StackInfo;
}

/**
 * Hash-mode versions as csctl computes them: the Go `h1` dirhash of the whole stack directory, cleaned,
 * first 7 characters, `v0-sha.<hash>` for all three components. The component hashes go to hashes.json.
 */
export function hashVersions(tree: Tree): ReleaseVersions {
  const clusterStack = cleanHash(hash1(tree));
  const hashes = {
    clusterStack,
    clusterAddonDir: cleanHash(hash1(subtree(tree, 'cluster-addon/'))),
    clusterAddonValues: cleanHash(
      hash1(new Map([['clusteraddon.yaml', tree.get('clusteraddon.yaml') ?? '']])),
    ),
    nodeImageDir: cleanHash(hash1(subtree(tree, 'node-images/'))),
  };
  const version = StackVersion.hash(clusterStack.slice(0, 7));
  return { clusterStack: version, clusterAddon: version, nodeImage: version, hashes };
}

/** Replaces the top-level `version:` of a Chart.yaml, keeping everything else byte for byte. */
export function withChartVersion(chartYaml: string, version: StackVersion): string {
  if (!/^version: .*$/m.test(chartYaml)) throw new Error('Chart.yaml has no top-level version');
  return chartYaml.replace(/^version: .*$/m, `version: ${version.dotted}`);
}

function tarEntries(files: [string, Buffer | string][]): TarInputEntry[] {
  const dirs = new Set<string>();
  for (const [name] of files) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  return [
    ...[...dirs].map((path): TarInputEntry => ({ path, type: 'dir' })),
    ...files.map(([path, content]): TarInputEntry => ({ path, type: 'file', content: Buffer.from(content) })),
  ];
}

/**
 * Builds the release files from a synthesized stack: the cluster-class chart as `helm package` lays it out
 * (`<chart>/Chart.yaml …`), the cluster-addon archive (one chart directory per stage, no top-level
 * directory), clusteraddon.yaml, metadata.yaml, hashes.json and node-images.yaml. Deterministic.
 */
export function buildRelease(tree: Tree, versions: ReleaseVersions = hashVersions(tree)): Release {
  const info = stackInfo(tree);
  const kubernetes = KubernetesVersion.of(info.kubernetesVersion);
  const names = new ReleaseNames(info.provider, info.name, kubernetes);
  const chartName = names.clusterClassChartName;

  const classFiles: [string, Buffer | string][] = [...subtree(tree, 'cluster-class/')].map(
    ([name, content]) => [
      `${chartName}/${name}`,
      name === 'Chart.yaml' ? withChartVersion(content.toString(), versions.clusterStack) : content,
    ],
  );
  const addonFiles: [string, Buffer | string][] = [...subtree(tree, 'cluster-addon/')].map(
    ([name, content]) => [
      name,
      /^[^/]+\/Chart\.yaml$/.test(name)
        ? withChartVersion(content.toString(), versions.clusterAddon)
        : content,
    ],
  );

  const metadata = stableYaml({
    apiVersion: 'metadata.clusterstack.x-k8s.io/v1alpha1',
    versions: {
      clusterStack: versions.clusterStack.dotted,
      kubernetes: kubernetes.semver,
      components: { clusterAddon: versions.clusterAddon.dotted, nodeImage: versions.nodeImage.dotted },
    },
  });
  const files = new Map<string, Buffer>([
    [names.clusterClassArchive(versions.clusterStack), createTarGz(tarEntries(classFiles))],
    [names.clusterAddonArchive(versions.clusterAddon), createTarGz(tarEntries(addonFiles))],
    ['clusteraddon.yaml', Buffer.from(text(tree, 'clusteraddon.yaml'))],
    ['metadata.yaml', Buffer.from(metadata)],
    ['hashes.json', Buffer.from(JSON.stringify(versions.hashes, null, 2) + '\n')],
    ['node-images.yaml', Buffer.from(text(tree, 'node-images/node-images.yaml'))],
  ]);
  return { tag: names.releaseTag(versions.clusterStack), names, versions, files };
}
