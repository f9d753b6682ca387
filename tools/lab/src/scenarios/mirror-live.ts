// What the mirror scenario observes on the running node-features Cluster: the hosts.toml files, the proxy
// settings containerd and the kubelet run with, a worker pulling the probe image through the lab registry
// (and the registry's log of it), and the certificate renewal setting. docker/scs offers no NTP servers (its nodes share the host's clock).
import { X509Certificate } from 'node:crypto';
import { LabError } from '../util/errors';
import { run, type RunResult } from '../util/exec';
import type { LiveContext } from './hardening-live';
import { labRegistryLog, type LabRegistry } from './lab-registry';
import {
  ABSENT_PROXY,
  basicAuthorization,
  expectedHostsToml,
  manifestRequests,
  mirrorVariables,
  noProxyEntries,
  PROBE_REPOSITORY,
  probePod,
} from './mirror';
import { onNode } from './workload';

export interface MirrorContext extends LiveContext {
  readonly registry: LabRegistry;
  /** The variables the Cluster was created with (the lab's mirror and proxy values). */
  readonly variables: ReturnType<typeof mirrorVariables> & {
    readonly controlPlaneCertificateRenewal: { readonly daysBeforeExpiry: number };
  };
  /** The probe image's tag and the digest the push gave. */
  readonly probe: { readonly tag: string; readonly digest: string };
  /** kubectl against the management cluster. */
  readonly management: (args: string[]) => Promise<RunResult>;
}

export interface MirrorCheck {
  readonly name: string;
  run(ctx: MirrorContext): Promise<string>;
}

const allNodes = (ctx: MirrorContext) => [...ctx.controlPlane, ...ctx.workers];
const probeImage = (ctx: MirrorContext) => `docker.io/${PROBE_REPOSITORY}:${ctx.probe.tag}`;

async function managementJson<T>(ctx: MirrorContext, args: string[]): Promise<T> {
  return JSON.parse((await ctx.management([...args, '-o', 'json'])).stdout) as T;
}

const hostsToml: MirrorCheck = {
  name: "registryMirrors: every node has the hosts.toml of each mirrored registry, with the Secret's credentials",
  async run(ctx) {
    const authorization = basicAuthorization(ctx.registry.username, ctx.registry.password);
    for (const node of allNodes(ctx)) {
      for (const mirror of ctx.variables.registryMirrors) {
        const file = `/etc/containerd/certs.d/${mirror.hostnameUpstream}/hosts.toml`;
        const got = (await onNode(node, ['cat', file])).stdout;
        const wanted = expectedHostsToml(mirror, authorization);
        if (got !== wanted)
          throw new LabError(`${node}:${file} is ${JSON.stringify(got)}, expected ${JSON.stringify(wanted)}`);
      }
    }
    return `${ctx.variables.registryMirrors.map((m) => m.hostnameUpstream).join(', ')} on ${allNodes(ctx).length} nodes`;
  },
};

const proxy: MirrorCheck = {
  name: "httpProxy: containerd and the kubelet run with the absent proxy; NO_PROXY holds the Cluster's networks, its control-plane endpoint and the registry",
  async run(ctx) {
    const cluster = await managementJson<{
      spec: {
        clusterNetwork?: {
          pods?: { cidrBlocks?: string[] };
          services?: { cidrBlocks?: string[] };
          serviceDomain?: string;
        };
        controlPlaneEndpoint: { host: string };
      };
    }>(ctx, ['get', 'cluster.cluster.x-k8s.io', ctx.cluster.name, '-n', ctx.cluster.namespace]);
    const network = cluster.spec.clusterNetwork ?? {};
    const wanted = [
      ...(network.pods?.cidrBlocks ?? []),
      ...(network.services?.cidrBlocks ?? []),
      `.${network.serviceDomain ?? 'cluster.local'}`,
      cluster.spec.controlPlaneEndpoint.host,
      ...ctx.variables.httpProxy.noProxy,
    ];
    for (const node of allNodes(ctx)) {
      for (const unit of ['containerd', 'kubelet']) {
        const env = (await onNode(node, ['systemctl', 'show', '-p', 'Environment', unit])).stdout;
        if (!env.includes(`HTTPS_PROXY=${ABSENT_PROXY}`))
          throw new LabError(`${node}: ${unit} runs without HTTPS_PROXY=${ABSENT_PROXY}: ${env.trim()}`);
        const dropIn = (await onNode(node, ['cat', `/etc/systemd/system/${unit}.service.d/http-proxy.conf`]))
          .stdout;
        const missing = wanted.filter((w) => !noProxyEntries(dropIn).includes(w));
        if (missing.length > 0)
          throw new LabError(`${node}: the ${unit} drop-in's NO_PROXY lacks ${missing.join(', ')}`);
      }
    }
    return `${allNodes(ctx).length} nodes: proxy ${ABSENT_PROXY}, NO_PROXY holds ${wanted.join(', ')}`;
  },
};

const pull: MirrorCheck = {
  name: 'a worker pulls an image that only the lab registry has, by its docker.io name, and runs it',
  async run(ctx) {
    const worker = ctx.workers[0];
    if (worker === undefined) throw new LabError(`Cluster ${ctx.cluster.name} has no worker`);
    const pod = `lab-mirror-${ctx.runId}`;
    await ctx.cluster.kubectl(['apply', '-f', '-'], JSON.stringify(probePod(pod, probeImage(ctx), worker)));
    try {
      const waited = await ctx.cluster.kubectl(
        ['wait', '--for=jsonpath={.status.phase}=Running', `pod/${pod}`, '-n', 'default', '--timeout=180s'],
        undefined,
        [0, 1],
      );
      if (waited.code !== 0) {
        const events = await ctx.cluster.kubectl(
          ['get', 'events', '-n', 'default', '--field-selector', `involvedObject.name=${pod}`],
          undefined,
          [0, 1],
        );
        const last = events.stdout.trim().split('\n').slice(-3).join(' | ');
        throw new LabError(`the probe Pod did not run on ${worker}: ${last || waited.stderr.trim()}`);
      }
      const imageId = (
        await ctx.cluster.kubectl([
          'get',
          'pod',
          pod,
          '-n',
          'default',
          '-o',
          'jsonpath={.status.containerStatuses[0].imageID}',
        ])
      ).stdout.trim();
      if (!imageId.endsWith(`@${ctx.probe.digest}`))
        throw new LabError(`the probe runs ${imageId}, the lab pushed ${ctx.probe.digest}`);
      return `${probeImage(ctx)} running on ${worker} as ${imageId}`;
    } finally {
      await ctx.cluster.kubectl(['delete', 'pod', pod, '-n', 'default', '--wait=false'], undefined, [0, 1]);
    }
  },
};

const registryLog: MirrorCheck = {
  name: "the lab registry's access log shows the worker's authenticated manifest request",
  async run(ctx) {
    const worker = ctx.workers[0]!;
    const ip = (
      await run('docker', [
        'inspect',
        '--format',
        '{{with index .NetworkSettings.Networks "kind"}}{{.IPAddress}}{{end}}',
        worker,
      ])
    ).stdout.trim();
    const requests = manifestRequests(await labRegistryLog(ctx.registry), PROBE_REPOSITORY, ctx.probe.tag);
    const fromWorker = requests.filter((r) => r.client === ip && r.status === 200);
    if (fromWorker.length === 0)
      throw new LabError(
        `no 200 for ${PROBE_REPOSITORY}:${ctx.probe.tag} from ${worker} (${ip}); requests for it: ${JSON.stringify(requests)}`,
      );
    const r = fromWorker[0]!;
    return `${r.client} (${worker}) ${r.method} ${r.path} → ${r.status}, "${r.userAgent}"`;
  },
};

const certificateRenewal: MirrorCheck = {
  name: 'controlPlaneCertificateRenewal: the KubeadmControlPlane rolls out before expiry, and no rollout is due',
  async run(ctx) {
    const kcps = await managementJson<{
      items: {
        metadata: { name: string };
        spec: {
          rolloutBefore?: { certificatesExpiryDays?: number };
          rollout?: { before?: { certificatesExpiryDays?: number } };
        };
      }[];
    }>(ctx, [
      'get',
      'kubeadmcontrolplanes.controlplane.cluster.x-k8s.io',
      '-n',
      ctx.cluster.namespace,
      '-l',
      `cluster.x-k8s.io/cluster-name=${ctx.cluster.name}`,
    ]);
    const days = ctx.variables.controlPlaneCertificateRenewal.daysBeforeExpiry;
    const kcp = kcps.items[0];
    const got =
      kcp?.spec.rolloutBefore?.certificatesExpiryDays ?? kcp?.spec.rollout?.before?.certificatesExpiryDays;
    if (got !== days)
      throw new LabError(`KubeadmControlPlane certificatesExpiryDays ${got}, expected ${days}`);
    const pem = (await onNode(ctx.controlPlane[0]!, ['cat', '/etc/kubernetes/pki/apiserver.crt'])).stdout;
    const expires = new Date(new X509Certificate(pem).validTo);
    const left = Math.floor((expires.getTime() - Date.now()) / 86_400_000);
    if (left <= days)
      throw new LabError(
        `the API server certificate expires in ${left} days, within the ${days} of a rollout`,
      );
    return `${kcp!.metadata.name}: certificatesExpiryDays ${days}; the API server certificate expires in ${left} days, so no rollout is due`;
  },
};

/** The mirror scenario's checks, in report order (the pull before the log that shows it). */
export const MIRROR_CHECKS: readonly MirrorCheck[] = [
  hostsToml,
  proxy,
  pull,
  registryLog,
  certificateRenewal,
];
