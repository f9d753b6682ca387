// The hardening policy's controls evaluated twice for one running Cluster: on the objects CAPI generated
// for it (what the dry-run tier sees), and on what its nodes actually run: the static Pod commands, the
// files kubeadm's components read, each kubelet's flags file and its /configz. A control that holds in
// configuration but fails on the node is the kind of gap only a running cluster shows.
import {
  evaluate,
  type ControlResult,
  type KubeadmSpecJson,
  type KubeletOfRegistration,
  type PolicyInput,
} from '@cluster-stacks/cli';
import { parse } from 'yaml';
import { LabError } from '../util/errors';
import type { RunResult } from '../util/exec';
import { onNode, type WorkloadCluster } from './workload';

export interface PolicyLiveContext {
  readonly cluster: WorkloadCluster;
  readonly controlPlane: readonly string[];
  readonly workers: readonly string[];
  /** kubectl against the management cluster. */
  readonly management: (args: string[]) => Promise<RunResult>;
  /** Kubelet flags the infrastructure provider's bootstrap adds (the stack declares them). */
  readonly bootstrapKubeletFlags: Readonly<Record<string, string>>;
  /** The stack's exemptions (control id → reason). */
  readonly exemptions: Readonly<Record<string, string>>;
}

/** `--name=value` arguments as a map (a bare `--name` is `true`). */
export function parseFlags(args: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    args
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const eq = a.indexOf('=');
        return eq < 0 ? [a.slice(2), 'true'] : [a.slice(2, eq), a.slice(eq + 1)];
      }),
  );
}

/** The flags in kubeadm's `kubeadm-flags.env` (`KUBELET_KUBEADM_ARGS="--a=b --c=d"`). */
export function parseKubeadmFlagsEnv(text: string): Record<string, string> {
  const m = /KUBELET_KUBEADM_ARGS="([^"]*)"/.exec(text);
  return parseFlags((m?.[1] ?? '').split(/\s+/).filter((a) => a !== ''));
}

export async function staticPodFlags(node: string, component: string): Promise<Record<string, string>> {
  const manifest = (await onNode(node, ['cat', `/etc/kubernetes/manifests/${component}.yaml`])).stdout;
  const pod = parse(manifest) as { spec: { containers: { command?: string[]; args?: string[] }[] } };
  const c = pod.spec.containers[0]!;
  return parseFlags([...(c.command ?? []), ...(c.args ?? [])]);
}

async function generatedSpecs(ctx: PolicyLiveContext): Promise<PolicyInput> {
  const list = async (kind: string) =>
    (
      JSON.parse(
        (
          await ctx.management([
            'get',
            kind,
            '-n',
            ctx.cluster.namespace,
            '-l',
            `cluster.x-k8s.io/cluster-name=${ctx.cluster.name}`,
            '-o',
            'json',
          ])
        ).stdout,
      ) as { items: Record<string, unknown>[] }
    ).items;
  // v1beta1 on purpose: the policy reads extraArgs as maps, which v1beta2 turned into lists.
  const kcp = (await list('kubeadmcontrolplanes.v1beta1.controlplane.cluster.x-k8s.io'))[0] as
    { spec: { kubeadmConfigSpec: KubeadmSpecJson } } | undefined;
  if (kcp === undefined) throw new LabError(`Cluster ${ctx.cluster.name} has no KubeadmControlPlane`);
  const workers = (await list('kubeadmconfigtemplates.v1beta1.bootstrap.cluster.x-k8s.io')).map(
    (t) => (t as { spec: { template: { spec: KubeadmSpecJson } } }).spec.template.spec,
  );
  return {
    controlPlane: kcp.spec.kubeadmConfigSpec,
    workers,
    bootstrapKubeletFlags: ctx.bootstrapKubeletFlags,
  };
}

/**
 * The policy input as the nodes run it. Component flags come from the first control-plane node's static Pod
 * manifests (kubeadm's defaults included), files from the same node at the paths the KubeadmControlPlane
 * writes, kubelets from every node. `preKubeadmCommands` cannot be observed after the fact and stay as
 * generated (only control 1.2.28 reads them).
 */
async function liveInput(ctx: PolicyLiveContext, generated: PolicyInput): Promise<PolicyInput> {
  const node = ctx.controlPlane[0]!;
  const files: { path: string; content: string }[] = [];
  for (const f of generated.controlPlane.files ?? []) {
    const r = await onNode(node, ['cat', f.path], [0, 1]);
    if (r.code === 0) files.push({ path: f.path, content: r.stdout });
  }
  const kubelets: KubeletOfRegistration[] = [];
  for (const n of [...ctx.controlPlane, ...ctx.workers]) {
    const flags = parseKubeadmFlagsEnv(
      (await onNode(n, ['cat', '/var/lib/kubelet/kubeadm-flags.env'])).stdout,
    );
    const configz = await ctx.cluster.kubectl(['get', '--raw', `/api/v1/nodes/${n}/proxy/configz`]);
    const config = (JSON.parse(configz.stdout) as { kubeletconfig: Record<string, unknown> }).kubeletconfig;
    // /configz omits zero values; the kubelet defaults an unset read-only port to 10255 before serving it,
    // so an absent port is 0.
    kubelets.push({ where: n, flags, config: { readOnlyPort: 0, ...config } });
  }
  return {
    controlPlane: {
      clusterConfiguration: {
        apiServer: { extraArgs: await staticPodFlags(node, 'kube-apiserver') },
        controllerManager: { extraArgs: await staticPodFlags(node, 'kube-controller-manager') },
        scheduler: { extraArgs: await staticPodFlags(node, 'kube-scheduler') },
        etcd: { local: { extraArgs: await staticPodFlags(node, 'etcd') } },
      },
      files,
      preKubeadmCommands: generated.controlPlane.preKubeadmCommands,
    },
    workers: [],
    kubelets,
  };
}

export interface PolicyComparison {
  readonly generated: readonly ControlResult[];
  readonly live: readonly ControlResult[];
}

/** Both evaluations of the policy for the Cluster. */
export async function comparePolicy(ctx: PolicyLiveContext): Promise<PolicyComparison> {
  const generated = await generatedSpecs(ctx);
  return {
    generated: evaluate(generated, ctx.exemptions),
    live: evaluate(await liveInput(ctx, generated), ctx.exemptions),
  };
}

const count = (results: readonly ControlResult[], status: ControlResult['status']) =>
  results.filter((r) => r.status === status).length;

/** One line for the report; throws naming every control that fails on the nodes or disagrees. */
export function policySummary(c: PolicyComparison): string {
  const failed = c.live.filter((r) => r.status === 'fail');
  const disagree = c.live.filter((r) => c.generated.find((g) => g.id === r.id)?.status !== r.status);
  const problems = [
    ...failed.map((r) => `${r.id} fails on the nodes: ${r.detail}`),
    ...disagree
      .filter((r) => r.status !== 'fail')
      .map(
        (r) =>
          `${r.id} is ${r.status} on the nodes but ${c.generated.find((g) => g.id === r.id)?.status} in the generated objects`,
      ),
  ];
  if (problems.length > 0) throw new LabError(problems.join('; '));
  return `${c.live.length} controls evaluated on the running nodes (all but 1.2.28's run-before-kubeadm part read live state): ${count(c.live, 'pass')} pass, ${count(c.live, 'exempt')} exempt (${c.live
    .filter((r) => r.status === 'exempt')
    .map((r) => r.id)
    .join(', ')}); the generated objects give the same result for each`;
}
