// The Kubernetes minors the lab builds, from the LAB_K8S_1_* pins, with the image tags kubeadm
// asks for at each patch.
import { LabError, LabUsageError } from '../util/errors';
import type { Pins } from '../pins';

export interface LabMinor {
  /** Dashed minor, as in project names: 1-35. */
  readonly minor: string;
  /** The patch release: v1.35.1. */
  readonly patch: string;
  /** etcd image tag kubeadm asks for: 3.6.6-0. */
  readonly etcdTag: string;
  /** CoreDNS image tag: v1.13.1. */
  readonly corednsTag: string;
  /** pause image tag: 3.10.1. */
  readonly pauseTag: string;
  /**
   * Staging modules built at another version than the patch's own (`k8s.io/endpointslice@v0.33.12,…`), from
   * LAB_K8S_STAGING_SUBSTITUTES_1_<n>, for a patch whose own staging versions the module proxy refuses.
   * @default - none
   */
  readonly stagingSubstitutes?: string;
  /**
   * etcdctl's version where the etcd release's own cannot be built here (LAB_ETCDCTL_SUBSTITUTE_1_<n>).
   * @default - the etcd release
   */
  readonly etcdctlSubstitute?: string;
}

/** Every minor with a LAB_K8S_1_<n> pin, oldest first. */
export function labMinors(pins: Pins): LabMinor[] {
  return pins
    .withPrefix('LAB_K8S_1_')
    .map(([key, patch]) => {
      const n = key.slice('LAB_K8S_1_'.length);
      if (!/^v1\.\d+\.\d+$/.test(patch) || patch.split('.')[1] !== n) {
        throw new LabError(`tools/toolchain/pins.env: ${key}=${patch} must be a v1.${n}.<patch> release`);
      }
      return {
        minor: `1-${n}`,
        patch,
        etcdTag: pins.get(`LAB_ETCD_1_${n}`),
        corednsTag: pins.get(`LAB_COREDNS_1_${n}`),
        pauseTag: pins.get(`LAB_PAUSE_1_${n}`),
        ...(pins.has(`LAB_K8S_STAGING_SUBSTITUTES_1_${n}`)
          ? { stagingSubstitutes: pins.get(`LAB_K8S_STAGING_SUBSTITUTES_1_${n}`) }
          : {}),
        ...(pins.has(`LAB_ETCDCTL_SUBSTITUTE_1_${n}`)
          ? { etcdctlSubstitute: pins.get(`LAB_ETCDCTL_SUBSTITUTE_1_${n}`) }
          : {}),
      };
    })
    .sort((a, b) => Number(a.minor.split('-')[1]) - Number(b.minor.split('-')[1]));
}

/** Selects minors by a --minors list such as "1-34,1-35"; an unknown minor names the pinned ones. */
export function selectMinors(all: readonly LabMinor[], wanted: readonly string[] | undefined): LabMinor[] {
  if (wanted === undefined) return [...all];
  return wanted.map((w) => {
    const found = all.find((m) => m.minor === w || m.minor === w.replace('.', '-'));
    if (found === undefined) {
      throw new LabUsageError(
        `--minors: ${w} is not pinned for the lab; pinned: ${all.map((m) => m.minor).join(', ')} (LAB_K8S_1_* in tools/toolchain/pins.env)`,
      );
    }
    return found;
  });
}

/** etcd module version of an image tag: 3.6.6-0 → v3.6.6. */
export function etcdVersion(tag: string): string {
  return `v${tag.replace(/-\d+$/, '')}`;
}
