import { invalidProp } from '../errors';

/** The eviction signals of a Linux kubelet. */
export type EvictionSignal =
  | 'memory.available'
  | 'nodefs.available'
  | 'nodefs.inodesFree'
  | 'imagefs.available'
  | 'imagefs.inodesFree'
  | 'pid.available';

/** Hard eviction thresholds by signal: a quantity such as `100Mi` or a percentage such as `10%`. */
export type EvictionThresholds = Readonly<Record<EvictionSignal, string>>;

/**
 * The thresholds of the hardening profile: the kubelet's own Linux defaults for memory and disks, and 10% for
 * process IDs (which the kubelet does not guard by default). Every signal is set, because a kubelet given
 * some hard thresholds treats each one it is not given as 0 (never evict).
 */
export const DEFAULT_EVICTION_HARD: EvictionThresholds = {
  'memory.available': '100Mi',
  'nodefs.available': '10%',
  'nodefs.inodesFree': '5%',
  'imagefs.available': '15%',
  'imagefs.inodesFree': '5%',
  'pid.available': '10%',
};

/** The least memory a node keeps free before it evicts Pods: the kubelet's default. */
const MIN_MEMORY_AVAILABLE_MI = 100;

const QUANTITY = /^([0-9]+)(Ki|Mi|Gi)?$/;
const PERCENTAGE = /^([0-9]|[1-9][0-9])(\.[0-9]+)?%$/;
const MEBIBYTES: Record<string, number> = { '': 1 / (1024 * 1024), Ki: 1 / 1024, Mi: 1, Gi: 1024 };

/** A Kubernetes quantity in bytes, Ki, Mi or Gi as mebibytes; undefined for anything else. */
export function quantityInMebibytes(quantity: string | undefined): number | undefined {
  const match = QUANTITY.exec(quantity ?? '');
  return match ? Number(match[1]) * MEBIBYTES[match[2] ?? ''] : undefined;
}

/**
 * The profile's thresholds with a stack's overrides. Disk and PID signals may be relaxed (nodes that share
 * their host's disk cannot evict on it); memory eviction may only be stricter than the kubelet's default.
 */
export function evictionThresholds(
  where: string,
  overrides: Partial<EvictionThresholds> = {},
): EvictionThresholds {
  const thresholds: EvictionThresholds = { ...DEFAULT_EVICTION_HARD, ...overrides };
  for (const [signal, value] of Object.entries(thresholds)) {
    if (!(signal in DEFAULT_EVICTION_HARD)) {
      throw invalidProp(
        where,
        `evictionHard[${JSON.stringify(signal)}]`,
        value,
        `one of the signals ${Object.keys(DEFAULT_EVICTION_HARD).join(', ')}`,
      );
    }
    if (signal === 'memory.available') continue;
    if (!PERCENTAGE.test(value) && quantityInMebibytes(value) === undefined) {
      throw invalidProp(
        where,
        `evictionHard[${JSON.stringify(signal)}]`,
        value,
        'a percentage below 100 such as "10%" or a quantity such as "2Gi"',
      );
    }
  }
  const memory = thresholds['memory.available'];
  const memoryMi = quantityInMebibytes(memory);
  if (memoryMi === undefined || memoryMi < MIN_MEMORY_AVAILABLE_MI) {
    throw invalidProp(
      where,
      'evictionHard["memory.available"]',
      memory,
      `a quantity of at least ${MIN_MEMORY_AVAILABLE_MI}Mi (the kubelet's default) such as "500Mi"`,
      'Without memory eviction a node runs out of memory instead of evicting Pods.',
    );
  }
  return thresholds;
}
