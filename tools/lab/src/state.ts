// dist/lab/state.json: what the lab has created, so that `down` removes exactly that.
import { writeFileAtomically } from '@cluster-stacks/cli';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { labOutputDir } from './util/paths';

export interface LabState {
  /** kind clusters the lab created. */
  readonly kindClusters: readonly string[];
  /** Docker networks the lab created (kind's network, when it did not exist before). */
  readonly networks: readonly string[];
  /** Workload Cluster names whose CAPD containers the lab's runs created. */
  readonly workloadClusters: readonly string[];
  /** Bridges whose egress the lab closed with a DOCKER-USER rule (up/egress.ts). */
  readonly egressRules: readonly string[];
  /** Names of the registry containers the lab started (scenarios/lab-registry.ts). */
  readonly registries: readonly string[];
}

const EMPTY: LabState = {
  kindClusters: [],
  networks: [],
  workloadClusters: [],
  egressRules: [],
  registries: [],
};

export function stateFile(): string {
  return join(labOutputDir(), 'state.json');
}

export function readState(): LabState {
  return existsSync(stateFile())
    ? { ...EMPTY, ...(JSON.parse(readFileSync(stateFile(), 'utf8')) as LabState) }
    : EMPTY;
}

export function writeState(state: LabState): void {
  writeFileAtomically(stateFile(), `${JSON.stringify(state, null, 2)}\n`);
}

export function updateState(change: (s: LabState) => LabState): LabState {
  const next = change(readState());
  writeState(next);
  return next;
}

export function clearState(): void {
  rmSync(stateFile(), { force: true });
}

export function added<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? [...list] : [...list, item];
}

export function removed<T>(list: readonly T[], item: T): T[] {
  return list.filter((i) => i !== item);
}
