// Kubernetes of one patch release: the binaries, and the control-plane images preloaded into the
// node under exactly the names and tags kubeadm asks for.
import { join } from 'node:path';
import { buildImage, saveImages } from '../build/docker';
import { goBuild } from '../build/go-build';
import type { Component } from '../build/component';
import { LabError } from '../util/errors';
import { run } from '../util/exec';
import { etcdVersion, type LabMinor } from './minors';

export const KUBERNETES_BINARIES = [
  'kubeadm',
  'kubelet',
  'kubectl',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kube-proxy',
];

export function kubernetesBinaries(m: LabMinor): Component {
  const n = m.minor.split('-')[1];
  const substitutes = m.stagingSubstitutes?.split(',') ?? [];
  return {
    id: `kubernetes-${m.patch}`,
    kind: 'binaries',
    title: `Kubernetes ${m.patch} (${KUBERNETES_BINARIES.join(', ')})${
      substitutes.length > 0 ? `, with staging modules ${substitutes.join(', ')}` : ''
    }`,
    recipe: 1,
    pins: [`LAB_K8S_1_${n}`, ...(substitutes.length > 0 ? [`LAB_K8S_STAGING_SUBSTITUTES_1_${n}`] : [])],
    files: ['scripts/build-kubernetes.sh'],
    deps: [],
    async build(ctx) {
      await run(
        'bash',
        [
          ctx.labFile('scripts/build-kubernetes.sh'),
          m.patch,
          ctx.work,
          join(ctx.out, 'bin'),
          ...KUBERNETES_BINARIES,
        ],
        {
          logFile: ctx.log,
          env: { ...process.env, STAGING_SUBSTITUTES: substitutes.join(',') },
        },
      );
      return { sources: [`k8s.io/kubernetes@${m.patch}`, ...substitutes] };
    },
  };
}

export function etcd(m: LabMinor): Component {
  const version = etcdVersion(m.etcdTag);
  const n = m.minor.split('-')[1];
  // etcdctl is built in a module of its own, so that a substitute version cannot lift the server's libraries.
  const etcdctlVersion = m.etcdctlSubstitute ?? version;
  return {
    id: `etcd-${version}`,
    kind: 'binaries',
    title: `etcd ${version} and etcdctl ${etcdctlVersion}`,
    recipe: 2,
    pins: [`LAB_ETCD_1_${n}`, ...(m.etcdctlSubstitute ? [`LAB_ETCDCTL_SUBSTITUTE_1_${n}`] : [])],
    files: [],
    deps: [],
    async build(ctx) {
      await goBuild(
        'etcd',
        {
          requires: [{ module: 'go.etcd.io/etcd/server/v3', version }],
          programs: [{ pkg: 'lab.local/etcd/cmd/etcd', binary: 'etcd' }],
          // etcd's own main package lives in the etcd/v3 module, which is not served separately; the
          // server module's etcdmain is the same entry point.
          sources: {
            'cmd/etcd/main.go':
              'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n',
          },
          ldflags: `-X go.etcd.io/etcd/api/v3/version.GitSHA=lab`,
        },
        join(ctx.work, 'etcd'),
        join(ctx.out, 'bin'),
        ctx.log,
      );
      await goBuild(
        'etcdctl',
        {
          requires: [{ module: 'go.etcd.io/etcd/etcdctl/v3', version: etcdctlVersion }],
          programs: [{ pkg: 'go.etcd.io/etcd/etcdctl/v3', binary: 'etcdctl' }],
          ldflags: `-X go.etcd.io/etcd/api/v3/version.GitSHA=lab`,
        },
        join(ctx.work, 'etcdctl'),
        join(ctx.out, 'bin'),
        ctx.log,
      );
      return {
        sources: [`go.etcd.io/etcd/server/v3@${version}`, `go.etcd.io/etcd/etcdctl/v3@${etcdctlVersion}`],
      };
    },
  };
}

export function coredns(m: LabMinor): Component {
  return {
    id: `coredns-${m.corednsTag}`,
    kind: 'binaries',
    title: `CoreDNS ${m.corednsTag}`,
    recipe: 1,
    pins: [`LAB_COREDNS_1_${m.minor.split('-')[1]}`],
    files: [],
    deps: [],
    async build(ctx) {
      const mod = 'github.com/coredns/coredns';
      await goBuild(
        'coredns',
        {
          requires: [{ module: mod, version: m.corednsTag }],
          programs: [{ pkg: mod }],
          ldflags: `-X ${mod}/coremain.GitCommit=lab`,
        },
        ctx.work,
        join(ctx.out, 'bin'),
        ctx.log,
      );
      return { sources: [`${mod}@${m.corednsTag}`] };
    },
  };
}

/** The references kubeadm of this patch pulls (kubeadm config images list). */
export function controlPlaneImageRefs(m: LabMinor): Record<string, string> {
  return {
    'kube-apiserver': `registry.k8s.io/kube-apiserver:${m.patch}`,
    'kube-controller-manager': `registry.k8s.io/kube-controller-manager:${m.patch}`,
    'kube-scheduler': `registry.k8s.io/kube-scheduler:${m.patch}`,
    'kube-proxy': `registry.k8s.io/kube-proxy:${m.patch}`,
    etcd: `registry.k8s.io/etcd:${m.etcdTag}`,
    coredns: `registry.k8s.io/coredns/coredns:${m.corednsTag}`,
    pause: `registry.k8s.io/pause:${m.pauseTag}`,
  };
}

const PATH_ENV = 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** One image of a version shared by several patches (etcd, CoreDNS, pause): built once, under its own key. */
function sharedImage(
  id: string,
  ref: string,
  dep: string,
  dockerfile: string[],
  files: Record<string, string>,
): Component {
  return {
    id,
    kind: 'image',
    title: ref,
    recipe: 1,
    pins: [],
    files: [],
    deps: [dep],
    async build(ctx) {
      const image = await buildImage(
        {
          tags: [ref],
          dockerfile: dockerfile.join('\n'),
          files: Object.fromEntries(
            Object.entries(files).map(([name, bin]) => [
              name,
              { copy: join(ctx.dep(dep).dir, 'bin', bin), mode: 0o755 },
            ]),
          ),
        },
        join(ctx.work, 'context'),
        ctx.key,
        ctx.log,
      );
      return { images: { [ref]: image }, sources: ctx.dep(dep).meta.sources };
    },
  };
}

export function etcdImage(m: LabMinor): Component {
  return sharedImage(
    `etcd-image-${m.etcdTag}`,
    controlPlaneImageRefs(m).etcd!,
    `etcd-${etcdVersion(m.etcdTag)}`,
    ['FROM scratch', 'COPY etcd etcdctl /usr/local/bin/', PATH_ENV],
    {
      etcd: 'etcd',
      etcdctl: 'etcdctl',
    },
  );
}

export function corednsImage(m: LabMinor): Component {
  return sharedImage(
    `coredns-image-${m.corednsTag}`,
    controlPlaneImageRefs(m).coredns!,
    `coredns-${m.corednsTag}`,
    ['FROM scratch', 'COPY coredns /coredns', 'EXPOSE 53 53/udp', 'ENTRYPOINT ["/coredns"]'],
    {
      coredns: 'coredns',
    },
  );
}

export function pauseImage(m: LabMinor): Component {
  return sharedImage(
    `pause-image-${m.pauseTag}`,
    controlPlaneImageRefs(m).pause!,
    'pause',
    ['FROM scratch', 'COPY pause /pause', 'USER 65535:65535', 'ENTRYPOINT ["/pause"]'],
    {
      pause: 'pause',
    },
  );
}

export function controlPlaneImages(m: LabMinor): Component {
  const k8s = `kubernetes-${m.patch}`;
  const shared = [etcdImage(m).id, corednsImage(m).id, pauseImage(m).id];
  return {
    id: `control-plane-images-${m.patch}`,
    kind: 'image',
    title: `control-plane images of ${m.patch} (apiserver, controller-manager, scheduler, proxy; with etcd, CoreDNS and pause in the archive)`,
    recipe: 2,
    pins: [],
    files: [],
    deps: [k8s, 'debian-base', ...shared],
    async build(ctx) {
      const refs = controlPlaneImageRefs(m);
      const bin = (name: string) => join(ctx.dep(k8s).dir, 'bin', name);
      const base = Object.keys(ctx.dep('debian-base').meta.images)[0]!;
      // kubeadm of exactly this patch must ask for exactly these references.
      const { stdout } = await run(bin('kubeadm'), [
        'config',
        'images',
        'list',
        '--kubernetes-version',
        m.patch,
      ]);
      const asked = stdout.trim().split('\n').sort();
      const built = Object.values(refs).sort();
      if (JSON.stringify(asked) !== JSON.stringify(built)) {
        throw new LabError(
          `kubeadm ${m.patch} asks for ${asked.join(', ')} but the pins give ${built.join(', ')}: update LAB_ETCD/COREDNS/PAUSE_1_${m.minor.split('-')[1]} in tools/toolchain/pins.env`,
        );
      }
      const images: Record<string, string> = {};
      for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
        images[refs[name]!] = await buildImage(
          {
            tags: [refs[name]!],
            dockerfile: ['FROM scratch', `COPY ${name} /usr/local/bin/${name}`, PATH_ENV].join('\n'),
            files: { [name]: { copy: bin(name), mode: 0o755 } },
          },
          join(ctx.work, 'context', name),
          ctx.key,
          ctx.log,
        );
      }
      // kube-proxy programs iptables: it needs the iptables tools of the base image.
      images[refs['kube-proxy']!] = await buildImage(
        {
          tags: [refs['kube-proxy']!],
          dockerfile: [
            `FROM ${base}`,
            'COPY kube-proxy /usr/local/bin/kube-proxy',
            PATH_ENV,
            'CMD []',
            'ENTRYPOINT []',
          ].join('\n'),
          files: { 'kube-proxy': { copy: bin('kube-proxy'), mode: 0o755 } },
        },
        join(ctx.work, 'context', 'kube-proxy'),
        ctx.key,
        ctx.log,
      );
      await saveImages(Object.values(refs), join(ctx.out, 'images.tar'));
      return { images, sources: [`k8s.io/kubernetes@${m.patch}`] };
    },
  };
}
