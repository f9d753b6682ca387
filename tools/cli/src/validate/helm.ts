import { toolPath } from '@cluster-stacks/toolchain';
import { runToolOrThrow } from './exec';

/** `helm lint --strict` of a chart directory (with a values file when given). */
export function helmLint(chartDir: string, valuesFile?: string): string {
  return runToolOrThrow(toolPath('helm'), [
    'lint',
    '--strict',
    chartDir,
    ...(valuesFile ? ['-f', valuesFile] : []),
  ]);
}

/**
 * Renders the cluster-class chart exactly as CSO does: `helm template <provider>-<stack>-<maj>-<min>
 * <chart>.tgz --namespace <ns>`, run in the release directory, no values, no kube-version.
 */
export function helmTemplateClusterClass(
  releaseDir: string,
  chartArchive: string,
  releaseName: string,
  namespace: string,
): string {
  return runToolOrThrow(toolPath('helm'), ['template', releaseName, chartArchive, '--namespace', namespace], {
    cwd: releaseDir,
  });
}

/**
 * Renders one addon stage exactly as CSO does: `helm template --include-crds --dependency-update --kube-version
 * <k8s> cluster-addon <stage> --namespace kube-system -f -`, run in the untarred addon directory, with the
 * values rendered from overwrite.yaml on stdin.
 */
export function helmTemplateAddon(
  addonDir: string,
  stage: string,
  kubernetesVersion: string,
  values: string,
): string {
  return runToolOrThrow(
    toolPath('helm'),
    [
      'template',
      '--include-crds',
      '--dependency-update',
      '--kube-version',
      kubernetesVersion,
      'cluster-addon',
      stage,
      '--namespace',
      'kube-system',
      '-f',
      '-',
    ],
    { cwd: addonDir, input: values },
  );
}
