// `lab down`: removes exactly what the lab created: its kind clusters, the CAPD containers of
// the workload Clusters its runs created, build containers, the registry it started, and networks it created.
import { OWNER_LABEL } from './build/docker';
import { clearState, readState, type LabState } from './state';
import { openEgress } from './up/egress';
import { probe, run } from './util/exec';
import type { Progress } from './util/progress';

/** Container ids with a label value, as `docker ps -a --filter` lists them. */
function containersWithLabel(filter: string): string[] {
  return (probe('docker', ['ps', '-aq', '--filter', `label=${filter}`]) ?? '')
    .split('\n')
    .filter((l) => l !== '');
}

/** Which containers `down` removes: those with one of the labels, and those named. */
export function containerSelectors(state: LabState): { labels: string[]; names: string[] } {
  return {
    // kind and CAPD label every node and load balancer with the cluster's name.
    labels: [
      ...[...state.kindClusters, ...state.workloadClusters].map((c) => `io.x-k8s.kind.cluster=${c}`),
      OWNER_LABEL,
    ],
    names: [...state.registries],
  };
}

/** The id of the container with exactly that name, or undefined. */
function containerNamed(name: string): string | undefined {
  return probe('docker', ['container', 'inspect', '--format', '{{.Id}}', name])?.trim() || undefined;
}

export async function down(progress: Progress): Promise<void> {
  const state = readState();
  await progress.step('remove lab containers', async () => {
    const ids = new Set<string>();
    const selectors = containerSelectors(state);
    for (const label of selectors.labels) for (const id of containersWithLabel(label)) ids.add(id);
    for (const name of selectors.names) {
      const id = containerNamed(name);
      if (id !== undefined) ids.add(id.slice(0, 12));
    }
    if (ids.size > 0) await run('docker', ['rm', '-f', '-v', ...ids]);
    return { outcome: 'done' as const, detail: `${ids.size} containers with their anonymous volumes` };
  });
  await progress.step('remove the egress rules', async () => {
    const removed: string[] = [];
    for (const bridge of state.egressRules) if (await openEgress(bridge)) removed.push(bridge);
    return { outcome: 'done' as const, detail: removed.length > 0 ? removed.join(', ') : 'none' };
  });
  await progress.step('remove lab networks', async () => {
    const removed: string[] = [];
    for (const network of state.networks) {
      if (probe('docker', ['network', 'inspect', network]) !== undefined) {
        await run('docker', ['network', 'rm', network]);
        removed.push(network);
      }
    }
    return {
      outcome: 'done' as const,
      detail: removed.length > 0 ? removed.join(', ') : 'none created by the lab',
    };
  });
  clearState();
}
