// The lab's world as a list of components: the table every `lab build` runs.
import type { Component } from '../build/component';
import type { Pins } from '../pins';
import { metricsServer } from './addons';
import {
  controlPlaneImages,
  coredns,
  corednsImage,
  etcd,
  etcdImage,
  kubernetesBinaries,
  pauseImage,
} from './kubernetes';
import { capi, haproxy, kustomize } from './management';
import { labMinors, selectMinors, type LabMinor } from './minors';
import { nodeImage, type Preload } from './node';
import { registryImage } from './registry';
import { workloadImage } from './workload';
import { cniPlugins, containerd, crictl, kind, nodeShim, pause, rootfs, runc } from './runtime';
import { suppliedImages } from './supplied';

export interface WorldOptions {
  readonly minors?: readonly string[];
  readonly suppliedArchives: readonly string[];
}

/** Every component of the world for the selected minors, deduplicated by id. */
export function worldComponents(
  pins: Pins,
  options: WorldOptions,
): { components: Component[]; minors: LabMinor[] } {
  const minors = selectMinors(labMinors(pins), options.minors);
  const preloads: Preload[] = [
    { component: 'metrics-server', archive: 'image.tar' },
    { component: 'workload-image', archive: 'image.tar' },
  ];
  const list: Component[] = [
    rootfs,
    containerd,
    runc,
    cniPlugins,
    nodeShim,
    crictl,
    pause,
    kind,
    kustomize,
    capi,
    haproxy,
    metricsServer,
    workloadImage,
    registryImage,
  ];
  if (options.suppliedArchives.length > 0) {
    list.push(suppliedImages(options.suppliedArchives));
    preloads.push({ component: 'supplied-images', archive: 'image.tar' });
  }
  for (const m of minors) {
    list.push(
      kubernetesBinaries(m),
      etcd(m),
      coredns(m),
      etcdImage(m),
      corednsImage(m),
      pauseImage(m),
      controlPlaneImages(m),
      nodeImage(m, preloads),
    );
  }
  const seen = new Set<string>();
  return { components: list.filter((c) => !seen.has(c.id) && seen.add(c.id)), minors };
}
