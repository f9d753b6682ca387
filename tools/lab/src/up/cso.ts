// The Cluster Stack Operator, where an operator supplies it: CSO's release manifest
// (cso-infrastructure-components.yaml, as CSO publishes it) and an archive of the image it names, both in the
// supplied folder. The lab runs it in local mode as the GitHub workflow does (the e2e driver's csoLocalMode):
// CSO downloads nothing and reads each release from the lab's releases folder, which the management node
// mounts read-only.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../util/errors';
import { run } from '../util/exec';
import type { Obj } from './components';

/** The file name of CSO's release manifest in the supplied folder. */
export const CSO_COMPONENTS_FILE = 'cso-infrastructure-components.yaml';
export const CSO_NAMESPACE = 'cso-system';
export const CSO_DEPLOYMENT = 'cso-controller-manager';

/** The manifest in a supplied folder, or undefined when the folder has none (CSO is then emulated). */
export function csoComponentsIn(suppliedDir: string | undefined): string | undefined {
  if (suppliedDir === undefined) return undefined;
  const file = join(suppliedDir, CSO_COMPONENTS_FILE);
  return existsSync(file) ? file : undefined;
}

function managerOf(objects: readonly Obj[]): Obj {
  const deployment = objects.find(
    (o) =>
      o.kind === 'Deployment' &&
      o.metadata?.name === CSO_DEPLOYMENT &&
      o.metadata?.namespace === CSO_NAMESPACE,
  );
  if (deployment === undefined)
    throw new LabError(
      `${CSO_COMPONENTS_FILE}: no Deployment ${CSO_NAMESPACE}/${CSO_DEPLOYMENT}; supply the manifest of a CSO release`,
    );
  return deployment;
}

/** The image CSO's manager container runs, as the manifest names it. */
export function csoImage(objects: readonly Obj[]): string {
  const containers = (managerOf(objects).spec?.template?.spec?.containers ?? []) as Obj[];
  const manager = containers.find((c) => c.name === 'manager');
  if (manager === undefined || typeof manager.image !== 'string')
    throw new LabError(`${CSO_COMPONENTS_FILE}: ${CSO_DEPLOYMENT} has no manager container with an image`);
  return manager.image;
}

/**
 * Restarts CSO and waits for it: in local mode it copies the releases when its pod starts (see csoLocalMode),
 * so a release the lab has written since, such as the patch scenario's, is seen only by a new pod.
 */
export async function restartCso(kubectl: string, kubeconfig: string): Promise<void> {
  const k = (args: string[]) => run(kubectl, ['--kubeconfig', kubeconfig, '-n', CSO_NAMESPACE, ...args]);
  await k(['rollout', 'restart', `deployment/${CSO_DEPLOYMENT}`]);
  await k(['rollout', 'status', `deployment/${CSO_DEPLOYMENT}`, '--timeout=300s']);
}
