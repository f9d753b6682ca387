// The second Cluster of the create scenario: three control-plane nodes, two workers and every variable of
// the stack set (the `all-variables` example), each variable then observed on the running nodes.
import { X509Certificate } from 'node:crypto';
import { LabError } from '../util/errors';
import type { LiveContext } from './hardening-live';
import { staticPodFlags } from './policy-live';
import { onNode } from './workload';

/**
 * Values the lab gives the example's image variables: the example names registries the lab does not have
 * (registry.example.com), so these name the images the lab preloads. Every variable is still set.
 */
export function labImageVariables(images: {
  readonly etcdTag: string;
  readonly corednsTag: string;
  readonly nodeRepository: string;
}): Record<string, unknown> {
  return {
    imageRepository: 'registry.k8s.io',
    etcdImageTag: images.etcdTag,
    coreDNSImageTag: images.corednsTag,
    nodeImageRepository: images.nodeRepository,
  };
}

/** A rendered Cluster with some topology variables replaced. */
export function withVariables<T>(cluster: T, values: Readonly<Record<string, unknown>>): T {
  const c = cluster as { spec: { topology: { variables?: { name: string; value: unknown }[] } } };
  const variables = (c.spec.topology.variables ?? []).map((v) =>
    v.name in values ? { name: v.name, value: values[v.name] } : v,
  );
  for (const name of Object.keys(values))
    if (!variables.some((v) => v.name === name))
      throw new LabError(`the all-variables example does not set ${name}, which the lab overrides`);
  return { ...c, spec: { ...c.spec, topology: { ...c.spec.topology, variables } } } as T;
}

export interface VariableContext extends LiveContext {
  /** The variables the Cluster was created with. */
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface VariableCheck {
  readonly name: string;
  /** The variables the check observes. */
  readonly variables: readonly string[];
  run(ctx: VariableContext): Promise<string>;
}

const allNodes = (ctx: VariableContext) => [...ctx.controlPlane, ...ctx.workers];

function expectFlag(flags: Record<string, string>, name: string, wanted: string, where: string): void {
  if (flags[name] !== wanted)
    throw new LabError(`${where}: --${name}=${flags[name] ?? '(unset)'}, expected ${wanted}`);
}

const maxPods: VariableCheck = {
  name: 'kubeletMaxPods: every kubelet runs with that maxPods',
  variables: ['kubeletMaxPods'],
  async run(ctx) {
    for (const node of allNodes(ctx)) {
      const configz = await ctx.cluster.kubectl(['get', '--raw', `/api/v1/nodes/${node}/proxy/configz`]);
      const got = (JSON.parse(configz.stdout) as { kubeletconfig: { maxPods?: number } }).kubeletconfig
        .maxPods;
      if (got !== ctx.variables.kubeletMaxPods)
        throw new LabError(`${node}: maxPods ${got}, expected ${String(ctx.variables.kubeletMaxPods)}`);
    }
    return `maxPods ${String(ctx.variables.kubeletMaxPods)} on ${allNodes(ctx).length} nodes`;
  },
};

const controlPlaneFlags: VariableCheck = {
  name: 'auditLog, terminatedPodGCThreshold, controlPlaneMetricsBindAddress, hostPathProvisioner: the static Pods run with them',
  variables: [
    'auditLog',
    'terminatedPodGCThreshold',
    'controlPlaneMetricsBindAddress',
    'hostPathProvisioner',
  ],
  async run(ctx) {
    const audit = ctx.variables.auditLog as {
      maxAgeDays: number;
      maxBackups: number;
      maxSizeMegabytes: number;
    };
    const bind = String(ctx.variables.controlPlaneMetricsBindAddress);
    for (const node of ctx.controlPlane) {
      const api = await staticPodFlags(node, 'kube-apiserver');
      expectFlag(api, 'audit-log-maxage', String(audit.maxAgeDays), `${node} kube-apiserver`);
      expectFlag(api, 'audit-log-maxbackup', String(audit.maxBackups), `${node} kube-apiserver`);
      expectFlag(api, 'audit-log-maxsize', String(audit.maxSizeMegabytes), `${node} kube-apiserver`);
      const cm = await staticPodFlags(node, 'kube-controller-manager');
      expectFlag(
        cm,
        'terminated-pod-gc-threshold',
        String(ctx.variables.terminatedPodGCThreshold),
        `${node} kube-controller-manager`,
      );
      expectFlag(cm, 'bind-address', bind, `${node} kube-controller-manager`);
      expectFlag(
        cm,
        'enable-hostpath-provisioner',
        String(ctx.variables.hostPathProvisioner),
        `${node} kube-controller-manager`,
      );
      expectFlag(
        await staticPodFlags(node, 'kube-scheduler'),
        'bind-address',
        bind,
        `${node} kube-scheduler`,
      );
      const listeners = (await onNode(node, ['ss', '-Hltn'])).stdout;
      for (const port of ['10257', '10259'])
        if (!new RegExp(`(0\\.0\\.0\\.0|\\*|\\[::\\]):${port}\\s`).test(listeners))
          throw new LabError(`${node}: port ${port} does not listen on all addresses`);
    }
    return `on ${ctx.controlPlane.length} control-plane nodes: audit ${audit.maxAgeDays}d/${audit.maxBackups}/${audit.maxSizeMegabytes}MB, pod GC ${String(ctx.variables.terminatedPodGCThreshold)}, 10257 and 10259 on ${bind}, hostpath provisioner on`;
  },
};

const podSecurity: VariableCheck = {
  name: 'podSecurityStandard: a Pod that baseline allows is rejected at the enforced level',
  variables: ['podSecurityStandard'],
  async run(ctx) {
    const level = (ctx.variables.podSecurityStandard as { enforce: string }).enforce;
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: lab-pss-${ctx.runId}, namespace: default}\nspec:\n  containers:\n    - name: c\n      image: registry.k8s.io/pause:3.10.1\n`;
    const r = await ctx.cluster.kubectl(['apply', '--dry-run=server', '-f', '-'], pod, [0, 1]);
    if (level === 'restricted' && r.code === 0)
      throw new LabError('a Pod without a restricted security context was admitted');
    const reason = /violates PodSecurity "[^"]+"/.exec(r.stderr)?.[0] ?? '';
    if (!reason.includes(`"${level}:`))
      throw new LabError(`expected a ${level} rejection, got: ${r.stderr.trim().split('\n')[0]}`);
    return reason;
  },
};

const hostAccess: VariableCheck = {
  name: 'mountHostDockerSocket: every node container has the host Docker socket',
  variables: ['mountHostDockerSocket'],
  async run(ctx) {
    for (const node of allNodes(ctx)) {
      const r = await onNode(node, ['test', '-S', '/var/run/docker.sock'], [0, 1]);
      if (r.code !== 0) throw new LabError(`${node}: no /var/run/docker.sock`);
    }
    return `/var/run/docker.sock in ${allNodes(ctx).length} nodes`;
  },
};

const certSans: VariableCheck = {
  name: "certSANs: every API server's certificate names them",
  variables: ['certSANs'],
  async run(ctx) {
    const wanted = ctx.variables.certSANs as string[];
    for (const node of ctx.controlPlane) {
      const pem = (await onNode(node, ['cat', '/etc/kubernetes/pki/apiserver.crt'])).stdout;
      const names = new X509Certificate(pem).subjectAltName ?? '';
      const missing = wanted.filter((n) => !names.split(', ').includes(`DNS:${n}`));
      if (missing.length > 0)
        throw new LabError(`${node}: the certificate lacks ${missing.join(', ')} (has ${names})`);
    }
    return `${wanted.join(', ')} on ${ctx.controlPlane.length} API servers`;
  },
};

const images: VariableCheck = {
  name: 'imageRepository, etcdImageTag, coreDNSImageTag, nodeImageRepository: the cluster runs those images',
  variables: ['imageRepository', 'etcdImageTag', 'coreDNSImageTag', 'nodeImageRepository'],
  async run(ctx) {
    const repo = String(ctx.variables.imageRepository);
    const etcd = (await onNode(ctx.controlPlane[0]!, ['cat', '/etc/kubernetes/manifests/etcd.yaml'])).stdout;
    const etcdImage = `${repo}/etcd:${String(ctx.variables.etcdImageTag)}`;
    if (!etcd.includes(`image: ${etcdImage}`)) throw new LabError(`etcd does not run ${etcdImage}`);
    const dns = (
      await ctx.cluster.kubectl([
        'get',
        'deploy',
        'coredns',
        '-n',
        'kube-system',
        '-o',
        'jsonpath={.spec.template.spec.containers[0].image}',
      ])
    ).stdout.trim();
    if (!dns.endsWith(`:${String(ctx.variables.coreDNSImageTag)}`)) throw new LabError(`CoreDNS runs ${dns}`);
    const machines = (
      await ctx.management([
        'get',
        'dockermachines.v1beta1.infrastructure.cluster.x-k8s.io',
        '-n',
        ctx.cluster.namespace,
        '-l',
        `cluster.x-k8s.io/cluster-name=${ctx.cluster.name}`,
        '-o',
        'jsonpath={.items[*].spec.customImage}',
      ])
    ).stdout
      .trim()
      .split(' ');
    const other = machines.filter((m) => !m.startsWith(`${String(ctx.variables.nodeImageRepository)}:`));
    if (other.length > 0) throw new LabError(`machines run ${other.join(', ')}`);
    return `etcd ${etcdImage}, CoreDNS ${dns}, ${machines.length} machines on ${String(ctx.variables.nodeImageRepository)}`;
  },
};

/** What the all-variables Cluster shows for its variables, in report order. */
export const VARIABLE_CHECKS: readonly VariableCheck[] = [
  images,
  certSans,
  controlPlaneFlags,
  podSecurity,
  maxPods,
  hostAccess,
];
