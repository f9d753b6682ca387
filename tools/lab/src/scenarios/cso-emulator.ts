// What the Cluster Stack Operator (v0.2.0-alpha.1) does with a release, done step by step by the
// lab where no CSO image is supplied (release contract §3 and §4):
//   - install a release: `helm template <helm release name> <cluster-class archive> --namespace <ns>`
//     in the release directory, then a server-side apply of the objects to the management cluster;
//   - at a lifecycle hook: for each stage of clusteraddon.yaml under that hook, the stage's
//     overwrite.yaml rendered against the Cluster (cso-render: CSO's own template functions),
//     `helm template` of the stage as CSO runs it, and a server-side apply to the workload cluster.
import { extract, helmTemplateAddon, helmTemplateClusterClass } from '@cluster-stacks/cli';
import { KubernetesVersion, ReleaseNames, StackVersion } from '@cluster-stacks/core';
import type { CsoStep } from '@cluster-stacks/e2e';
import { locateCsoRender, renderValues } from '@cluster-stacks/release-check';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { LabError } from '../util/errors';
import { run } from '../util/exec';

export interface ClusterAddonStage {
  readonly name: string;
  readonly action: 'apply' | 'delete';
  readonly waitForPreCondition?: unknown;
  readonly waitForPostCondition?: unknown;
}

/** The stages of one hook in clusteraddon.yaml, in order. */
export function stagesOf(clusterAddonYaml: string, hook: string): ClusterAddonStage[] {
  const config = parse(clusterAddonYaml) as { addonStages?: Record<string, ClusterAddonStage[]> };
  return config.addonStages?.[hook] ?? [];
}

interface Metadata {
  versions: { clusterStack: string; kubernetes: string; components: { clusterAddon: string } };
}

function releaseNames(releaseDir: string, tag: string) {
  const metadata = parse(readFileSync(join(releaseDir, 'metadata.yaml'), 'utf8')) as Metadata;
  const kubernetes = KubernetesVersion.of(metadata.versions.kubernetes);
  const [provider, name] = tag.split('-') as [string, string];
  return {
    names: new ReleaseNames(provider, name, kubernetes),
    kubernetes,
    clusterStack: StackVersion.parseDotted(metadata.versions.clusterStack),
    clusterAddon: StackVersion.parseDotted(metadata.versions.components.clusterAddon),
  };
}

export interface EmulatorContext {
  readonly kubectl: string;
  readonly managementKubeconfig: string;
  readonly releasesDir: string;
  /** Where workload kubeconfigs are written. */
  readonly workDir: string;
}

function objectCount(manifests: string): number {
  return parseAllDocuments(manifests).filter((d) => d.toJS() !== null).length;
}

export function csoEmulator(
  ctx: EmulatorContext,
): (step: CsoStep, log: (line: string) => void) => Promise<string> {
  const mgmt = (args: string[], input?: string) =>
    run(ctx.kubectl, ['--kubeconfig', ctx.managementKubeconfig, ...args], { input });
  return async (step, log) => {
    const releaseDir = join(ctx.releasesDir, step.release.tag);
    if (!existsSync(releaseDir))
      throw new LabError(`release ${step.release.tag} is not in ${ctx.releasesDir}`);
    const { names, kubernetes, clusterStack, clusterAddon } = releaseNames(releaseDir, step.release.tag);
    if (step.action === 'install-release') {
      const manifests = helmTemplateClusterClass(
        releaseDir,
        names.clusterClassArchive(clusterStack),
        names.helmReleaseName,
        step.namespace,
      );
      await mgmt(
        [
          'apply',
          '--server-side',
          '--field-manager=cso-emulated',
          '--force-conflicts',
          '-n',
          step.namespace,
          '-f',
          '-',
        ],
        manifests,
      );
      return `applied ${objectCount(manifests)} objects of ${names.clusterClassArchive(clusterStack)}`;
    }
    const cluster = step.cluster!;
    const hook = step.hook!;
    // CSO v0.2 reads Clusters with the v1beta1 API.
    const clusterJson = (
      await mgmt(['get', 'clusters.v1beta1.cluster.x-k8s.io', '-n', step.namespace, cluster, '-o', 'json'])
    ).stdout;
    const secret = (
      await mgmt([
        'get',
        'secret',
        '-n',
        step.namespace,
        `${cluster}-kubeconfig`,
        '-o',
        'jsonpath={.data.value}',
      ])
    ).stdout;
    if (secret === '') throw new LabError(`the kubeconfig Secret of ${step.namespace}/${cluster} is empty`);
    mkdirSync(ctx.workDir, { recursive: true });
    const workloadKubeconfig = join(ctx.workDir, `${step.namespace}-${cluster}.kubeconfig`);
    writeFileSync(workloadKubeconfig, Buffer.from(secret, 'base64'), { mode: 0o600 });
    const work = mkdtempSync(join(tmpdir(), 'lab-cso-'));
    try {
      const addonDir = join(work, 'addons');
      extract(join(releaseDir, names.clusterAddonArchive(clusterAddon)), addonDir);
      const clusterFile = join(work, 'cluster.json');
      writeFileSync(clusterFile, clusterJson);
      const applied: string[] = [];
      for (const stage of stagesOf(readFileSync(join(releaseDir, 'clusteraddon.yaml'), 'utf8'), hook)) {
        if (stage.waitForPreCondition !== undefined || stage.waitForPostCondition !== undefined) {
          throw new LabError(
            `stage ${stage.name} has wait conditions, which the lab's CSO emulation does not evaluate: supply a CSO image`,
          );
        }
        const overwrite = join(addonDir, stage.name, 'overwrite.yaml');
        let values = '';
        if (existsSync(overwrite)) {
          const rendered = renderValues(locateCsoRender(), { template: overwrite, cluster: clusterFile });
          if (!rendered.ok) throw new LabError(`${stage.name}/overwrite.yaml: ${rendered.message}`);
          values = rendered.output;
        }
        const manifests = helmTemplateAddon(addonDir, stage.name, kubernetes.semver, values);
        const verb =
          stage.action === 'delete'
            ? ['delete', '--ignore-not-found']
            : ['apply', '--server-side', '--field-manager=cso-emulated', '--force-conflicts'];
        await run(ctx.kubectl, ['--kubeconfig', workloadKubeconfig, ...verb, '-f', '-'], {
          input: manifests,
        });
        log(`      stage ${stage.name}: ${stage.action} ${objectCount(manifests)} objects`);
        applied.push(`${stage.name} (${objectCount(manifests)})`);
      }
      return `${hook}: ${applied.join(', ') || 'no stages'}`;
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };
}
