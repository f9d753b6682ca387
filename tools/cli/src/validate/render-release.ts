import { KubernetesVersion, ReleaseNames, StackVersion } from '@cluster-stacks/core';
import { locateCsoRender, readTarGz, renderValues, sampleCluster } from '@cluster-stacks/release-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { helmLint, helmTemplateAddon, helmTemplateClusterClass } from './helm';

/** A release rendered the way CSO renders it. */
export interface RenderedRelease {
  readonly tag: string;
  readonly names: ReleaseNames;
  readonly kubernetesVersion: KubernetesVersion;
  readonly clusterClassName: string;
  /** `helm template` output of the cluster-class chart. */
  readonly classManifests: string;
  /** `helm template` output per addon stage, in clusteraddon.yaml order. */
  readonly addons: { readonly stage: string; readonly manifests: string }[];
  /** What `helm lint --strict` said per chart. */
  readonly lint: string[];
  /**
   * Stages that depend on an upstream chart which could not be fetched (no network to its repository):
   * not rendered here. On a machine that reaches the repository they render like any other stage.
   */
  readonly blocked: { readonly stage: string; readonly charts: string[]; readonly reason: string }[];
}

/** Set to "true" where chart repositories are reachable (CI on GitHub): then an unfetchable chart fails. */
export const REQUIRE_CHART_REPOSITORIES = 'CS_REQUIRE_CHART_REPOSITORIES';

const NETWORK_ERROR =
  /no such host|dial tcp|i\/o timeout|connection refused|network is unreachable|Temporary failure in name resolution|could not download|failed to fetch/i;

interface ChartDependency {
  name: string;
  version: string;
  repository: string;
}

interface Metadata {
  versions: { clusterStack: string; kubernetes: string; components: { clusterAddon: string } };
}

/** Extracts a .tgz into a directory with the entries' paths. */
export function extract(archive: string, into: string): void {
  for (const entry of readTarGz(fs.readFileSync(archive))) {
    const target = path.join(into, ...entry.path.split('/'));
    if (entry.type === 'dir') fs.mkdirSync(target, { recursive: true });
    else if (entry.type === 'file') {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, entry.content);
    } else throw new Error(`${archive}: entry ${entry.path} is a ${entry.type}`);
  }
}

/** The Cluster CSO's values templates are rendered against in validation. */
export function sampleClusterFor(className: string, kubernetes: KubernetesVersion): Record<string, unknown> {
  return sampleCluster(className, kubernetes.semver);
}

/**
 * Lints and renders a release directory as CSO does: the cluster-class chart with its release name and
 * namespace, and each addon stage with its overwrite.yaml rendered by cso-render against a sample Cluster.
 */
export function renderRelease(releaseDir: string, namespace: string): RenderedRelease {
  const tag = path.basename(releaseDir);
  const metadata = parse(fs.readFileSync(path.join(releaseDir, 'metadata.yaml'), 'utf8')) as Metadata;
  const kubernetesVersion = KubernetesVersion.of(metadata.versions.kubernetes);
  const [provider, name] = tag.split('-');
  const names = new ReleaseNames(provider, name, kubernetesVersion);
  const stackVersion = StackVersion.parseDotted(metadata.versions.clusterStack);
  const addonVersion = StackVersion.parseDotted(metadata.versions.components.clusterAddon);
  const clusterClassName = names.clusterClassName(stackVersion);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${tag}-`));
  try {
    const lint: string[] = [];
    const classArchive = names.clusterClassArchive(stackVersion);
    extract(path.join(releaseDir, classArchive), path.join(work, 'class'));
    lint.push(helmLint(path.join(work, 'class', names.clusterClassChartName)));
    const classManifests = helmTemplateClusterClass(
      releaseDir,
      classArchive,
      names.helmReleaseName,
      namespace,
    );

    const addonDir = path.join(work, 'addons');
    extract(path.join(releaseDir, names.clusterAddonArchive(addonVersion)), addonDir);
    const config = parse(fs.readFileSync(path.join(releaseDir, 'clusteraddon.yaml'), 'utf8')) as {
      addonStages: Record<string, { name: string }[]>;
    };
    const stages = [...new Set(Object.values(config.addonStages).flatMap((s) => s.map((x) => x.name)))];
    const clusterFile = path.join(work, 'cluster.json');
    fs.writeFileSync(clusterFile, JSON.stringify(sampleClusterFor(clusterClassName, kubernetesVersion)));
    const blocked: RenderedRelease['blocked'][number][] = [];
    const addons = stages.flatMap((stage) => {
      const overwrite = path.join(addonDir, stage, 'overwrite.yaml');
      let values = '';
      if (fs.existsSync(overwrite)) {
        const rendered = renderValues(locateCsoRender(), { template: overwrite, cluster: clusterFile });
        if (!rendered.ok) throw new Error(`${stage}/overwrite.yaml: ${rendered.message}`);
        values = rendered.output;
      }
      const valuesFile = path.join(work, `${stage}-values.yaml`);
      fs.writeFileSync(valuesFile, values);
      const chart = parse(fs.readFileSync(path.join(addonDir, stage, 'Chart.yaml'), 'utf8')) as {
        dependencies?: ChartDependency[];
      };
      const upstream = (chart.dependencies ?? []).map((d) => `${d.name} ${d.version} from ${d.repository}`);
      try {
        // As CSO does: render first (which fetches upstream charts), then lint the chart with its dependencies.
        const manifests = helmTemplateAddon(addonDir, stage, kubernetesVersion.semver, values);
        lint.push(helmLint(path.join(addonDir, stage), valuesFile));
        return [{ stage, manifests }];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (
          upstream.length === 0 ||
          !NETWORK_ERROR.test(message) ||
          process.env[REQUIRE_CHART_REPOSITORIES] === 'true'
        )
          throw error;
        blocked.push({
          stage,
          charts: upstream,
          reason:
            message
              .split('\n')
              .find((l) => NETWORK_ERROR.test(l))
              ?.trim() ?? 'the chart repository is not reachable',
        });
        return [];
      }
    });
    return { tag, names, kubernetesVersion, clusterClassName, classManifests, addons, lint, blocked };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
