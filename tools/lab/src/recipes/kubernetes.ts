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
  return {
    id: `kubernetes-${m.patch}`,
    kind: 'binaries',
    title: `Kubernetes ${m.patch} (${KUBERNETES_BINARIES.join(', ')})`,
    recipe: 1,
    pins: [`LAB_K8S_1_${m.minor.split('-')[1]}`],
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
        },
      );
      return { sources: [`k8s.io/kubernetes@${m.patch}`] };
    },
  };
}

export function etcd(m: LabMinor): Component {
  const version = etcdVersion(m.etcdTag);
  return {
    id: `etcd-${version}`,
    kind: 'binaries',
    title: `etcd and etcdctl ${version}`,
    recipe: 1,
    pins: [`LAB_ETCD_1_${m.minor.split('-')[1]}`],
    files: [],
    deps: [],
    async build(ctx) {
      await goBuild(
        'etcd',
        {
          requires: [
            { module: 'go.etcd.io/etcd/server/v3', version },
            { module: 'go.etcd.io/etcd/etcdctl/v3', version },
          ],
          programs: [
            { pkg: 'lab.local/etcd/cmd/etcd', binary: 'etcd' },
            { pkg: 'go.etcd.io/etcd/etcdctl/v3', binary: 'etcdctl' },
          ],
          // etcd's own main package lives in the etcd/v3 module, which is not served separately; the
          // server module's etcdmain is the same entry point.
          sources: {
            'cmd/etcd/main.go':
              'package main\n\nimport (\n\t"os"\n\n\t"go.etcd.io/etcd/server/v3/etcdmain"\n)\n\nfunc main() { etcdmain.Main(os.Args) }\n',
          },
          ldflags: `-X go.etcd.io/etcd/api/v3/version.GitSHA=lab`,
        },
        ctx.work,
        join(ctx.out, 'bin'),
        ctx.log,
      );
      return { sources: [`go.etcd.io/etcd/server/v3@${version}`, `go.etcd.io/etcd/etcdctl/v3@${version}`] };
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

export function controlPlaneImages(m: LabMinor): Component {
  const k8s = `kubernetes-${m.patch}`;
  const etcdId = `etcd-${etcdVersion(m.etcdTag)}`;
  const corednsId = `coredns-${m.corednsTag}`;
  return {
    id: `control-plane-images-${m.patch}`,
    kind: 'image',
    title: `control-plane images of ${m.patch} (apiserver, controller-manager, scheduler, proxy, etcd, CoreDNS, pause)`,
    recipe: 1,
    pins: [],
    files: [],
    deps: [k8s, etcdId, corednsId, 'pause', 'debian-base'],
    async build(ctx) {
      const refs = controlPlaneImageRefs(m);
      const bin = (dep: string, name: string) => join(ctx.dep(dep).dir, 'bin', name);
      const base = Object.keys(ctx.dep('debian-base').meta.images)[0]!;
      // kubeadm of exactly this patch must ask for exactly these references.
      const { stdout } = await run(bin(k8s, 'kubeadm'), [
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
      const scratchBinary = async (
        name: string,
        ref: string,
        file: string,
        entrypoint: string[] | undefined,
      ) => {
        images[ref] = await buildImage(
          {
            tags: [ref],
            dockerfile: [
              'FROM scratch',
              `COPY ${name} /usr/local/bin/${name}`,
              PATH_ENV,
              ...(entrypoint ? [`ENTRYPOINT ${JSON.stringify(entrypoint)}`] : []),
            ].join('\n'),
            files: { [name]: { copy: file, mode: 0o755 } },
          },
          join(ctx.work, 'context', name),
          ctx.key,
          ctx.log,
        );
      };
      for (const name of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
        await scratchBinary(name, refs[name]!, bin(k8s, name), undefined);
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
          files: { 'kube-proxy': { copy: bin(k8s, 'kube-proxy'), mode: 0o755 } },
        },
        join(ctx.work, 'context', 'kube-proxy'),
        ctx.key,
        ctx.log,
      );
      images[refs.etcd!] = await buildImage(
        {
          tags: [refs.etcd!],
          dockerfile: ['FROM scratch', 'COPY etcd etcdctl /usr/local/bin/', PATH_ENV].join('\n'),
          files: {
            etcd: { copy: bin(etcdId, 'etcd'), mode: 0o755 },
            etcdctl: { copy: bin(etcdId, 'etcdctl'), mode: 0o755 },
          },
        },
        join(ctx.work, 'context', 'etcd'),
        ctx.key,
        ctx.log,
      );
      images[refs.coredns!] = await buildImage(
        {
          tags: [refs.coredns!],
          dockerfile: [
            'FROM scratch',
            'COPY coredns /coredns',
            'EXPOSE 53 53/udp',
            'ENTRYPOINT ["/coredns"]',
          ].join('\n'),
          files: { coredns: { copy: bin(corednsId, 'coredns'), mode: 0o755 } },
        },
        join(ctx.work, 'context', 'coredns'),
        ctx.key,
        ctx.log,
      );
      images[refs.pause!] = await buildImage(
        {
          tags: [refs.pause!],
          dockerfile: ['FROM scratch', 'COPY pause /pause', 'USER 65535:65535', 'ENTRYPOINT ["/pause"]'].join(
            '\n',
          ),
          files: { pause: { copy: bin('pause', 'pause'), mode: 0o755 } },
        },
        join(ctx.work, 'context', 'pause'),
        ctx.key,
        ctx.log,
      );
      await saveImages(Object.values(refs), join(ctx.out, 'images.tar'));
      return { images, sources: [`k8s.io/kubernetes@${m.patch}`, etcdId, corednsId, 'pause'] };
    },
  };
}
