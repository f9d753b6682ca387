// The clauses of the SCS KaaS standards that only a running cluster decides, checked on the lab's Cluster. The
// static ones are the `scs-standards` tier of validate; each check here names the clause it observes.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { LabBlocked, LabError } from '../util/errors';
import type { LiveContext } from './hardening-live';
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from './workload';

export interface ScsLiveContext extends LiveContext {
  /** An image every node has, with socat: the lab's kube-proxy image (Debian base). */
  readonly probeImage: string;
  /** The Kubernetes release the Cluster runs, `v1.35.1`. */
  readonly kubernetes: string;
  /** The configuration of the kernel the nodes share (`/proc/config.gz` of the host), where it can be read. */
  readonly kernelConfig?: string;
}

/** The configuration of the running kernel, or undefined where the kernel does not expose it. */
export function hostKernelConfig(file = '/proc/config.gz'): string | undefined {
  return existsSync(file) ? gunzipSync(readFileSync(file)).toString('utf8') : undefined;
}

/**
 * Why NetworkPolicies cannot be enforced on this kernel, or undefined. kindnetd's policy controller
 * (kube-network-policies) hands the packets a policy selects to userspace with nftables' `queue` expression; a
 * kernel built without it (`CONFIG_NFT_QUEUE`) makes every rule sync fail, and kindnetd then keeps running
 * without enforcing any policy.
 */
export function networkPolicyBlocker(kernelConfig: string | undefined): string | undefined {
  if (kernelConfig === undefined) return undefined;
  if (/^CONFIG_NFT_QUEUE=[ym]$/m.test(kernelConfig)) return undefined;
  return "the host kernel is built without nftables' queue expression (CONFIG_NFT_QUEUE), which kindnetd's NetworkPolicy controller needs: its rule sync fails and no policy is enforced, so enforcement cannot be decided on this host";
}

export interface ScsLiveCheck {
  readonly name: string;
  /** The clause it observes, `scs-0219-v1/network-policy`, with the section of the standard. */
  readonly clause: string;
  run(ctx: ScsLiveContext): Promise<string>;
}

const PORT = 8080;

/** A Pod manifest that meets the restricted Pod Security level, whatever level the namespace enforces. */
function pod(
  namespace: string,
  name: string,
  image: string,
  command: string[],
  extra: Record<string, unknown> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      ...RESTRICTED_POD,
      ...extra,
      containers: [{ name: 'probe', image, command, ...RESTRICTED_CONTAINER }],
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs a one-shot client Pod that connects to `ip:PORT`; its output, or undefined when it could not connect. */
async function connectOnce(ctx: ScsLiveContext, namespace: string, ip: string, attempt: number) {
  const name = `client-${attempt}`;
  const manifest = pod(
    namespace,
    name,
    ctx.probeImage,
    ['socat', '-T', '5', '-', `TCP:${ip}:${PORT},connect-timeout=5`],
    { restartPolicy: 'Never' },
  );
  await ctx.cluster.kubectl(['apply', '-f', '-'], JSON.stringify(manifest));
  try {
    for (let waited = 0; waited < 120; waited += 2) {
      const phase = (
        await ctx.cluster.kubectl(['get', 'pod', name, '-n', namespace, '-o', 'jsonpath={.status.phase}'])
      ).stdout.trim();
      if (phase === 'Succeeded') {
        const out = (await ctx.cluster.kubectl(['logs', name, '-n', namespace])).stdout.trim();
        return out === '' ? undefined : out;
      }
      if (phase === 'Failed') return undefined;
      await sleep(2000);
    }
    throw new LabError(`client Pod ${namespace}/${name} did not finish within 120 s`);
  } finally {
    await ctx.cluster.kubectl(['delete', 'pod', name, '-n', namespace, '--wait=false'], undefined, [0, 1]);
  }
}

/**
 * scs-0219-v1 §Decision: the CNI enforces NetworkPolicy. A client reaches a server Pod, a NetworkPolicy that
 * admits no ingress is applied to the server, and the same client must then fail to connect (the CNI programs
 * policies asynchronously, so it is given up to a minute).
 */
const networkPolicyEnforced: ScsLiveCheck = {
  name: 'a NetworkPolicy that admits no ingress cuts a Pod off from a client that reached it',
  clause: 'scs-0219-v1/network-policy (scs-0219-v1 §Decision, MUST)',
  async run(ctx) {
    const blocker = networkPolicyBlocker(ctx.kernelConfig);
    if (blocker !== undefined) throw new LabBlocked(blocker);
    const namespace = `lab-netpol-${ctx.runId}`;
    const k = ctx.cluster.kubectl;
    await k(['create', 'namespace', namespace]);
    try {
      const server = pod(namespace, 'server', ctx.probeImage, [
        'socat',
        `TCP-LISTEN:${PORT},fork,reuseaddr`,
        'SYSTEM:echo reachable',
      ]);
      await k(['apply', '-f', '-'], JSON.stringify(server));
      await k(['wait', '--for=condition=Ready', 'pod/server', '-n', namespace, '--timeout=180s']);
      const ip = (
        await k(['get', 'pod', 'server', '-n', namespace, '-o', 'jsonpath={.status.podIP}'])
      ).stdout.trim();
      const before = await connectOnce(ctx, namespace, ip, 0);
      if (before !== 'reachable')
        throw new LabError(
          `without a NetworkPolicy the client got ${JSON.stringify(before ?? '')} from ${ip}:${PORT}, expected "reachable"`,
        );
      const policy = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-ingress', namespace },
        spec: { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'] },
      };
      await k(['apply', '-f', '-'], JSON.stringify(policy));
      for (let attempt = 1; attempt <= 6; attempt++) {
        const after = await connectOnce(ctx, namespace, ip, attempt);
        if (after === undefined)
          return `a client reached the server Pod (${ip}:${PORT}); with a NetworkPolicy admitting no ingress its connection failed (attempt ${attempt})`;
        await sleep(5000);
      }
      throw new LabError(
        `the server Pod (${ip}:${PORT}) stayed reachable through a NetworkPolicy that admits no ingress: the CNI does not enforce NetworkPolicy`,
      );
    } finally {
      await k(['delete', 'namespace', namespace, '--wait=false'], undefined, [0, 1]);
    }
  },
};

/** scs-0210-v2 §Decision: the offered patch is what the Cluster runs, on every node and in the API server. */
const shippedPatchRuns: ScsLiveCheck = {
  name: 'every node and the API server run the Kubernetes patch the release offers',
  clause: 'scs-0210-v2/latest-patch, patch-released (scs-0210-v2 §Decision, MUST)',
  async run(ctx) {
    const kubelets = (
      await ctx.cluster.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[*].status.nodeInfo.kubeletVersion}'])
    ).stdout
      .trim()
      .split(/\s+/);
    const server = JSON.parse((await ctx.cluster.kubectl(['version', '-o', 'json'])).stdout) as {
      serverVersion?: { gitVersion?: string };
    };
    const wrong = kubelets.filter((v) => v !== ctx.kubernetes);
    if (wrong.length > 0 || server.serverVersion?.gitVersion !== ctx.kubernetes)
      throw new LabError(
        `the release offers ${ctx.kubernetes}; kubelets run ${kubelets.join(', ')}, the API server ${server.serverVersion?.gitVersion ?? 'nothing'}`,
      );
    return `${kubelets.length} kubelets and the API server run ${ctx.kubernetes}`;
  },
};

/** What a lab run checks of the SCS standards on a running cluster, in order. */
export const SCS_LIVE_CHECKS: readonly ScsLiveCheck[] = [shippedPatchRuns, networkPolicyEnforced];
