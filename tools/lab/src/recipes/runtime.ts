// The node's runtime: Debian rootfs, containerd, runc, CNI plugins, the runc shim, pause and
// kind (its CLI and the images/base files of its module).
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { goBuild } from '../build/go-build';
import type { Component } from '../build/component';
import { run } from '../util/exec';
import { KEY_LABEL } from '../build/docker';
import { imageId } from '../build/docker';

/** Debian packages of the base image: systemd for the node, tools kubeadm checks for, haproxy for CAPD's load balancer. */
export const ROOTFS_PACKAGES = [
  'systemd',
  'systemd-sysv',
  'dbus',
  'iptables',
  'nftables',
  'iproute2',
  'conntrack',
  'socat',
  'ethtool',
  'kmod',
  'procps',
  'ca-certificates',
  'util-linux',
  'mount',
  'libseccomp2',
  'e2fsprogs',
  'bash',
  'pigz',
  'jq',
  'curl',
  'haproxy',
  'ebtables',
];

export const BASE_IMAGE = 'cslab/debian-base';

export const rootfs: Component = {
  id: 'debian-base',
  kind: 'image',
  title: 'Debian rootfs (debootstrap) imported as the base image',
  recipe: 1,
  pins: ['LAB_DEBIAN_SUITE'],
  files: ['scripts/build-rootfs.sh'],
  extraInputs: { packages: ROOTFS_PACKAGES.join(',') },
  deps: [],
  async build(ctx) {
    const suite = ctx.pins.get('LAB_DEBIAN_SUITE');
    const tar = join(ctx.out, 'rootfs.tar');
    await run('bash', [ctx.labFile('scripts/build-rootfs.sh'), suite, tar, ROOTFS_PACKAGES.join(',')], {
      logFile: ctx.log,
    });
    const ref = `${BASE_IMAGE}:${suite}-${ctx.key}`;
    await run(
      'docker',
      [
        'import',
        '-c',
        'ENV container=docker',
        '-c',
        `LABEL ${KEY_LABEL}=${ctx.key}`,
        '-c',
        'CMD ["/sbin/init"]',
        tar,
        ref,
      ],
      { logFile: ctx.log },
    );
    rmSync(tar);
    return { images: { [ref]: imageId(ref)! }, sources: [`debian:${suite} (${ROOTFS_PACKAGES.join(' ')})`] };
  },
};

export const containerd: Component = {
  id: 'containerd',
  kind: 'binaries',
  title: 'containerd, its runc v2 shim and ctr',
  recipe: 1,
  pins: ['LAB_CONTAINERD_VERSION'],
  files: [],
  deps: [],
  async build(ctx) {
    const version = ctx.pins.get('LAB_CONTAINERD_VERSION');
    const m = 'github.com/containerd/containerd/v2';
    await goBuild(
      'containerd',
      {
        requires: [{ module: m, version }],
        programs: [
          { pkg: `${m}/cmd/containerd` },
          { pkg: `${m}/cmd/containerd-shim-runc-v2` },
          { pkg: `${m}/cmd/ctr` },
        ],
        tags: ['no_aufs', 'no_zfs', 'no_btrfs', 'no_devmapper'],
        ldflags: `-X ${m}/version.Version=${version} -X ${m}/version.Revision=lab -X ${m}/version.Package=${m}`,
      },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    return { sources: [`${m}@${version}`] };
  },
};

export const runc: Component = {
  id: 'runc',
  kind: 'binaries',
  title: 'runc with seccomp (cgo, libseccomp)',
  recipe: 1,
  pins: ['LAB_RUNC_VERSION'],
  files: [],
  deps: [],
  async build(ctx) {
    const version = ctx.pins.get('LAB_RUNC_VERSION');
    const m = 'github.com/opencontainers/runc';
    await run(
      'sh',
      [
        '-c',
        'dpkg -s libseccomp-dev >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libseccomp-dev pkg-config',
      ],
      {
        logFile: ctx.log,
      },
    );
    await goBuild(
      'runc',
      {
        requires: [{ module: m, version }],
        programs: [{ pkg: m }],
        tags: ['seccomp', 'urfave_cli_no_docs'],
        cgo: true,
        ldflags: `-X main.version=${version.replace(/^v/, '')} -X main.gitCommit=lab`,
      },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    return { sources: [`${m}@${version}`, 'debian:libseccomp-dev'] };
  },
};

export const cniPlugins: Component = {
  id: 'cni-plugins',
  kind: 'binaries',
  title: 'CNI plugins (bridge, ptp, host-local, loopback, portmap)',
  recipe: 1,
  pins: ['LAB_CNI_PLUGINS_VERSION'],
  files: [],
  deps: [],
  async build(ctx) {
    const version = ctx.pins.get('LAB_CNI_PLUGINS_VERSION');
    const m = 'github.com/containernetworking/plugins';
    await goBuild(
      'cni-plugins',
      {
        requires: [{ module: m, version }],
        programs: ['main/bridge', 'main/ptp', 'main/loopback', 'ipam/host-local', 'meta/portmap'].map(
          (p) => ({
            pkg: `${m}/plugins/${p}`,
          }),
        ),
        ldflags: `-X github.com/containernetworking/plugins/pkg/utils/buildversion.BuildVersion=${version}`,
      },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    return { sources: [`${m}@${version}`] };
  },
};

export const nodeShim: Component = {
  id: 'runc-shim',
  kind: 'binaries',
  title: "the lab's runc shim, for containerd inside the nodes",
  recipe: 1,
  pins: [],
  files: ['runc-shim/main.go', 'runc-shim/invocation.go', 'runc-shim/capabilities.go', 'runc-shim/go.mod'],
  deps: [],
  async build(ctx) {
    mkdirSync(join(ctx.out, 'bin'), { recursive: true });
    await run(
      'go',
      [
        'build',
        '-trimpath',
        '-ldflags',
        '-s -w -X main.realRunc=/usr/local/sbin/runc',
        '-o',
        join(ctx.out, 'bin', 'lab-runc'),
        '.',
      ],
      { cwd: ctx.labFile('runc-shim'), env: { ...process.env, CGO_ENABLED: '0' }, logFile: ctx.log },
    );
    return { sources: ['tools/lab/runc-shim'] };
  },
};

export const pause: Component = {
  id: 'pause',
  kind: 'binaries',
  title: 'pause (static C)',
  recipe: 1,
  pins: [],
  files: ['scripts/pause.c'],
  deps: [],
  async build(ctx) {
    mkdirSync(join(ctx.out, 'bin'), { recursive: true });
    await run(
      'gcc',
      ['-Os', '-static', '-o', join(ctx.out, 'bin', 'pause'), ctx.labFile('scripts/pause.c')],
      { logFile: ctx.log },
    );
    await run('strip', [join(ctx.out, 'bin', 'pause')]);
    return { sources: ['tools/lab/scripts/pause.c'] };
  },
};

export const kind: Component = {
  id: 'kind',
  kind: 'binaries',
  title: 'kind CLI and its node base files',
  recipe: 1,
  pins: ['LAB_KIND_VERSION'],
  files: [],
  deps: [],
  async build(ctx) {
    const version = ctx.pins.get('LAB_KIND_VERSION');
    const m = 'sigs.k8s.io/kind';
    await goBuild(
      'kind',
      { requires: [{ module: m, version }], programs: [{ pkg: m }] },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    // The module's images/base/files: entrypoint (cgroup v1 handling), systemd units, kubelet drop-ins.
    const { stdout } = await run('go', ['mod', 'download', '-json', `${m}@${version}`], { cwd: ctx.work });
    const dir = (JSON.parse(stdout) as { Dir: string }).Dir;
    cpSync(join(dir, 'images', 'base', 'files'), join(ctx.out, 'base-files'), { recursive: true });
    chmodSync(join(ctx.out, 'base-files'), 0o755);
    copyFileSync(join(dir, 'LICENSE'), join(ctx.out, 'LICENSE'));
    return { sources: [`${m}@${version}`] };
  },
};

export const crictl: Component = {
  id: 'crictl',
  kind: 'binaries',
  title: "the lab's minimal crictl (ps, images, version over CRI; cri-tools is not served here)",
  recipe: 1,
  pins: ['LAB_CRI_API_VERSION', 'LAB_GRPC_VERSION'],
  files: ['crictl/main.go'],
  deps: [],
  async build(ctx) {
    const criApi = ctx.pins.get('LAB_CRI_API_VERSION');
    const grpc = ctx.pins.get('LAB_GRPC_VERSION');
    await goBuild(
      'crictl',
      {
        requires: [
          { module: 'k8s.io/cri-api', version: criApi },
          { module: 'google.golang.org/grpc', version: grpc },
        ],
        programs: [{ pkg: 'lab.local/crictl/cmd/crictl', binary: 'crictl' }],
        sources: { 'cmd/crictl/main.go': readFileSync(ctx.labFile('crictl/main.go'), 'utf8') },
      },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    return { sources: ['tools/lab/crictl', `k8s.io/cri-api@${criApi}`, `google.golang.org/grpc@${grpc}`] };
  },
};
