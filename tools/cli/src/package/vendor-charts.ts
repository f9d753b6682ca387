import { CHART_DIGEST_ANNOTATION } from '@cluster-stacks/core';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { CommandError } from '../util/errors';

type Tree = ReadonlyMap<string, string | Buffer>;

interface Dependency {
  name: string;
  version: string;
  repository: string;
}

interface RepositoryIndex {
  entries?: Record<string, { version: string; digest?: string; urls?: string[] }[]>;
}

/** The upstream charts of a synthesized stack that carry a pinned digest, by addon stage. */
export function pinnedDependencies(tree: Tree): { stage: string; dependency: Dependency; digest: string }[] {
  const found: { stage: string; dependency: Dependency; digest: string }[] = [];
  for (const [name, content] of tree) {
    const match = /^cluster-addon\/([^/]+)\/Chart\.yaml$/.exec(name);
    if (!match) continue;
    const chart = parse(content.toString()) as {
      dependencies?: Dependency[];
      annotations?: Record<string, string>;
    };
    const digest = chart.annotations?.[CHART_DIGEST_ANNOTATION];
    if (!digest) continue;
    for (const dependency of chart.dependencies ?? []) found.push({ stage: match[1], dependency, digest });
  }
  return found;
}

async function download(url: string, fetchImpl: typeof fetch): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new CommandError(
      `cannot download ${url}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) throw new CommandError(`cannot download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Downloads each upstream chart with a pinned digest from its repository, verifies the archive's sha256
 * against the pin (and the index), and returns it as `cluster-addon/<stage>/charts/<name>-<version>.tgz`.
 * Helm then finds the dependency in `charts/`, so neither `helm template` nor CSO fetches anything.
 */
export async function vendorCharts(
  tree: Tree,
  fetchImpl: typeof fetch = fetch,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const { stage, dependency, digest } of pinnedDependencies(tree)) {
    const base = dependency.repository.endsWith('/') ? dependency.repository : `${dependency.repository}/`;
    const index = parse((await download(`${base}index.yaml`, fetchImpl)).toString()) as RepositoryIndex;
    const entry = index.entries?.[dependency.name]?.find((e) => e.version === dependency.version);
    if (!entry?.urls?.length)
      throw new CommandError(
        `${base}index.yaml has no ${dependency.name} ${dependency.version} (stage ${stage})`,
      );
    const pinned = digest.replace(/^sha256:/, '');
    if (entry.digest && entry.digest !== pinned) {
      throw new CommandError(
        `${dependency.name} ${dependency.version}: the repository lists digest ${entry.digest}, the stack pins ${pinned}`,
      );
    }
    const archive = await download(new URL(entry.urls[0], base).toString(), fetchImpl);
    const actual = createHash('sha256').update(archive).digest('hex');
    if (actual !== pinned) {
      throw new CommandError(
        `${dependency.name} ${dependency.version} from ${base}: sha256 ${actual} does not match the pinned ${pinned}; nothing was written`,
      );
    }
    files.set(`cluster-addon/${stage}/charts/${dependency.name}-${dependency.version}.tgz`, archive);
  }
  return files;
}
