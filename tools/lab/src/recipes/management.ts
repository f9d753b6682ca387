// The management plane: Cluster API core, kubeadm bootstrap and control plane, CAPD, their
// kustomize-rendered component manifests, kustomize itself, and the load balancer image CAPD runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildImage } from '../build/docker';
import { goBuild } from '../build/go-build';
import type { Component } from '../build/component';
import { run } from '../util/exec';

export const kustomize: Component = {
  id: 'kustomize',
  kind: 'binaries',
  title: 'kustomize',
  recipe: 1,
  pins: ['LAB_KUSTOMIZE_VERSION'],
  files: [],
  deps: [],
  async build(ctx) {
    const version = ctx.pins.get('LAB_KUSTOMIZE_VERSION');
    const m = 'sigs.k8s.io/kustomize/kustomize/v5';
    await goBuild(
      'kustomize',
      { requires: [{ module: m, version }], programs: [{ pkg: m, binary: 'kustomize' }] },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    return { sources: [`${m}@${version}`] };
  },
};

/** The Cluster API providers the lab runs: binary name, main package, image, kustomize folder in its module. */
export interface CapiProvider {
  readonly name: 'core' | 'bootstrap-kubeadm' | 'control-plane-kubeadm' | 'infrastructure-docker';
  readonly binary: string;
  readonly pkg: string;
  readonly image: string;
  /** Module and folder of the provider's config/default kustomization. */
  readonly module: 'sigs.k8s.io/cluster-api' | 'sigs.k8s.io/cluster-api/test';
  readonly configDir: string;
}

export function capiProviders(version: string): CapiProvider[] {
  return [
    {
      name: 'core',
      binary: 'cluster-api-manager',
      pkg: 'sigs.k8s.io/cluster-api/core',
      image: `cslab/cluster-api-controller:${version}`,
      module: 'sigs.k8s.io/cluster-api',
      configDir: 'core/config/default',
    },
    {
      name: 'bootstrap-kubeadm',
      binary: 'kubeadm-bootstrap-manager',
      pkg: 'sigs.k8s.io/cluster-api/bootstrap/kubeadm',
      image: `cslab/kubeadm-bootstrap-controller:${version}`,
      module: 'sigs.k8s.io/cluster-api',
      configDir: 'bootstrap/kubeadm/config/default',
    },
    {
      name: 'control-plane-kubeadm',
      binary: 'kubeadm-control-plane-manager',
      pkg: 'sigs.k8s.io/cluster-api/controlplane/kubeadm',
      image: `cslab/kubeadm-control-plane-controller:${version}`,
      module: 'sigs.k8s.io/cluster-api',
      configDir: 'controlplane/kubeadm/config/default',
    },
    {
      name: 'infrastructure-docker',
      binary: 'capd-manager',
      pkg: 'sigs.k8s.io/cluster-api/test/infrastructure/docker',
      image: `cslab/capd-manager:${version}`,
      module: 'sigs.k8s.io/cluster-api/test',
      configDir: 'infrastructure/docker/config/default',
    },
  ];
}

export const capi: Component = {
  id: 'cluster-api',
  kind: 'image',
  title: 'Cluster API core, CABPK, KCP and CAPD: managers, images and component manifests',
  recipe: 2,
  pins: ['LAB_CAPI_VERSION'],
  files: [],
  deps: ['kustomize'],
  async build(ctx) {
    const version = ctx.pins.get('LAB_CAPI_VERSION');
    const providers = capiProviders(version);
    const minor = version.split('.')[1]!;
    const vpkg = 'sigs.k8s.io/cluster-api/version';
    await goBuild(
      'cluster-api',
      {
        requires: [
          { module: 'sigs.k8s.io/cluster-api', version },
          { module: 'sigs.k8s.io/cluster-api/api', version },
          { module: 'sigs.k8s.io/cluster-api/test', version },
        ],
        programs: providers.map((p) => ({ pkg: p.pkg, binary: p.binary })),
        ldflags: `-X ${vpkg}.gitVersion=${version} -X ${vpkg}.gitMajor=1 -X ${vpkg}.gitMinor=${minor} -X ${vpkg}.gitTreeState=clean -X ${vpkg}.buildDate=1970-01-01T00:00:00Z`,
      },
      ctx.work,
      join(ctx.out, 'bin'),
      ctx.log,
    );
    const images: Record<string, string> = {};
    for (const p of providers) {
      images[p.image] = await buildImage(
        {
          tags: [p.image],
          // CAPD talks to the host's Docker socket, so it runs as root (as upstream's image does).
          dockerfile: [
            'FROM scratch',
            `COPY ${p.binary} /manager`,
            ...(p.name === 'infrastructure-docker' ? [] : ['USER 65532:65532']),
            'ENTRYPOINT ["/manager"]',
          ].join('\n'),
          files: { [p.binary]: { copy: join(ctx.out, 'bin', p.binary), mode: 0o755 } },
        },
        join(ctx.work, 'context', p.name),
        ctx.key,
        ctx.log,
      );
    }
    // The component manifests, rendered from each module's own config/ with kustomize.
    const kustomizeBin = join(ctx.dep('kustomize').dir, 'bin', 'kustomize');
    for (const p of providers) {
      const { stdout } = await run('go', ['mod', 'download', '-json', `${p.module}@${version}`], {
        cwd: ctx.work,
      });
      const dir = (JSON.parse(stdout) as { Dir: string }).Dir;
      const rendered = await run(kustomizeBin, ['build', join(dir, p.configDir)], { logFile: undefined });
      writeFileSync(join(ctx.out, `${p.name}.yaml`), rendered.stdout);
    }
    return {
      images,
      sources: [`sigs.k8s.io/cluster-api@${version}`, `sigs.k8s.io/cluster-api/test@${version}`],
    };
  },
};

/** CAPD's default load balancer image (loadbalancer.DefaultImageRepository/Image:DefaultImageTag at v1.14). */
/** Connections HAProxy accepts: about 2 file descriptors each, within a hard limit as low as 20000. */
export const HAPROXY_MAXCONN = 4000;

/**
 * The load balancer's PID 1. CAPD writes kind's HAProxy configuration (maxconn 100000, which needs about
 * 200000 file descriptors) and sends SIGHUP; on hosts whose hard limit is lower HAProxy refuses to load it.
 * So the configured maxconn is lowered before HAProxy starts and before every reload (SIGUSR2 to its master).
 * Installed as /usr/local/sbin/haproxy, it takes HAProxy's own arguments.
 */
export const HAPROXY_RUN = `#!/bin/sh
cfg=/usr/local/etc/haproxy/haproxy.cfg
limit() { sed -i -E 's/^([[:space:]]*maxconn[[:space:]]+)[0-9]+/\\1${HAPROXY_MAXCONN}/' "$cfg"; }
limit
/usr/sbin/haproxy "$@" &
pid=$!
trap 'limit; kill -USR2 "$pid"' HUP
trap 'kill -TERM "$pid"' TERM INT USR1
while kill -0 "$pid" 2>/dev/null; do wait "$pid"; done
`;

export const CAPD_DEFAULT_LB_IMAGE = 'kindest/haproxy:v20230606-42a2262b';

const HAPROXY_BOOT_CONFIG = `# Replaced by CAPD once the control plane has endpoints.
global
  log /dev/log local0
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend boot
  bind *:7777
  default_backend none
backend none
`;

export const haproxy: Component = {
  id: 'haproxy',
  kind: 'image',
  title: `HAProxy from Debian, tagged as CAPD's default load balancer image (${CAPD_DEFAULT_LB_IMAGE})`,
  recipe: 1,
  pins: [],
  files: [],
  extraInputs: { config: HAPROXY_BOOT_CONFIG, run: HAPROXY_RUN },
  deps: ['debian-base'],
  async build(ctx) {
    const base = Object.keys(ctx.dep('debian-base').meta.images)[0]!;
    const ref = 'cslab/haproxy:debian';
    const id = await buildImage(
      {
        tags: [ref, CAPD_DEFAULT_LB_IMAGE],
        dockerfile: [
          `FROM ${base}`,
          'COPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg',
          'STOPSIGNAL SIGUSR1',
          // CAPD starts the container with the entrypoint `haproxy -W -db -f <cfg>`: this `haproxy`
          // comes first on PATH and runs the real one.
          'COPY haproxy-run /usr/local/sbin/haproxy',
          'ENTRYPOINT ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]',
          'CMD []',
        ].join('\n'),
        files: {
          'haproxy.cfg': { text: HAPROXY_BOOT_CONFIG },
          'haproxy-run': { text: HAPROXY_RUN, mode: 0o755 },
        },
      },
      join(ctx.work, 'context'),
      ctx.key,
      ctx.log,
    );
    return { images: { [ref]: id, [CAPD_DEFAULT_LB_IMAGE]: id }, sources: ['debian:haproxy'] };
  },
};
