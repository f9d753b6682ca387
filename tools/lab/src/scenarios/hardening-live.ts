// The hardening profile checked on a running cluster, not from configuration: what etcd stores,
// what the audit log receives, what admission refuses, what anonymous clients get, which ports
// listen where, what kubelets run with. Each check is a named function; the table is what a run executes.
import { AUDIT_LOG_PATH, ENCRYPTION_PROVIDER } from '@cluster-stacks/core';
import { LabError } from '../util/errors';
import { run, type RunResult } from '../util/exec';
import { etcdValue, printable, secretKey } from './etcd-probe';
import { onNode, type WorkloadCluster } from './workload';

export interface LiveContext {
  readonly cluster: WorkloadCluster;
  readonly controlPlane: readonly string[];
  readonly workers: readonly string[];
  /** etcdctl of the etcd the cluster runs, on the host. */
  readonly etcdctl: string;
  /** Unique suffix for the objects a run creates. */
  readonly runId: string;
  /** kubectl against the management cluster. */
  readonly management: (args: string[]) => Promise<RunResult>;
}

export interface LiveCheck {
  readonly name: string;
  /** The policy controls the check observes live (CIS numbering, or the project's own names). */
  readonly controls: readonly string[];
  run(ctx: LiveContext): Promise<string>;
}

async function nodeIp(node: string): Promise<string> {
  const { stdout } = await run('docker', [
    'inspect',
    '-f',
    '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}',
    node,
  ]);
  const ip = stdout.trim().split(' ')[0];
  if (!ip) throw new LabError(`node container ${node} has no IP address`);
  return ip;
}

/** HTTP status of an anonymous request from the host (curl), or "refused" when nothing listens. */
async function anonymousStatus(url: string): Promise<string> {
  const r = await run('curl', ['-ks', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '5', url], {
    okCodes: [0, 7, 28, 35, 52, 56],
  });
  if (r.code === 7) return 'refused';
  if (r.code !== 0) return `curl exit ${r.code}`;
  return r.stdout.trim();
}

const secretName = (ctx: LiveContext) => `lab-encryption-probe-${ctx.runId}`;
const allNodes = (ctx: LiveContext) => [...ctx.controlPlane, ...ctx.workers];

/** What etcd's value of a Secret starts with when the profile's provider encrypted it. */
export const ENCRYPTED_PREFIX = `k8s:enc:${ENCRYPTION_PROVIDER}:v1:`;

export const encryptedInEtcd: LiveCheck = {
  name: `Secrets are stored encrypted (${ENCRYPTION_PROVIDER}) in etcd, read on every control-plane node`,
  controls: ['1.2.27', '1.2.28'],
  async run(ctx) {
    await ctx.cluster.kubectl([
      'create',
      'secret',
      'generic',
      secretName(ctx),
      '-n',
      'default',
      '--from-literal=probe=lab',
    ]);
    const seen: string[] = [];
    for (const node of ctx.controlPlane) {
      const stored = await etcdValue(ctx, node, secretKey('default', secretName(ctx)));
      if (!stored.startsWith(ENCRYPTED_PREFIX))
        throw new LabError(
          `${node}: etcd holds the Secret as "${printable(stored)}", not ${ENCRYPTED_PREFIX}`,
        );
      seen.push(node);
    }
    // The API server decrypts what etcd holds: the key it reads is the key that wrote it.
    const got = await ctx.cluster.kubectl([
      'get',
      'secret',
      secretName(ctx),
      '-n',
      'default',
      '-o',
      'jsonpath={.data.probe}',
    ]);
    if (Buffer.from(got.stdout, 'base64').toString() !== 'lab')
      throw new LabError('the Secret does not read back through the API');
    return `${ENCRYPTED_PREFIX} on ${seen.length} control-plane node(s): ${seen.join(', ')}`;
  },
};

export const auditLogged: LiveCheck = {
  name: 'the audit log on the node records the Secret request, metadata only',
  controls: ['3.2.1', '1.2.16', '1.2.17', '1.2.18', '1.2.19'],
  async run(ctx) {
    const hits: string[] = [];
    for (const node of ctx.controlPlane) {
      const r = await onNode(node, ['grep', '-c', secretName(ctx), AUDIT_LOG_PATH], [0, 1]);
      const count = Number(r.stdout.trim() || '0');
      if (count > 0) hits.push(`${node}: ${count}`);
    }
    if (hits.length === 0)
      throw new LabError(`no entry for ${secretName(ctx)} in ${AUDIT_LOG_PATH} on any control-plane node`);
    const sample = await onNode(ctx.controlPlane[0]!, [
      'sh',
      '-c',
      `grep ${secretName(ctx)} ${AUDIT_LOG_PATH} || true`,
    ]);
    if (sample.stdout.includes('"requestObject"'))
      throw new LabError('an audit entry of a Secret carries its request body');
    return `${AUDIT_LOG_PATH}: ${hits.join(', ')} entries, metadata only`;
  },
};

const privilegedRejected: LiveCheck = {
  name: 'a privileged Pod in the default namespace is rejected by Pod Security admission',
  controls: ['5.2.1'],
  async run(ctx) {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: lab-privileged-${ctx.runId}, namespace: default}\nspec:\n  containers:\n    - name: c\n      image: registry.k8s.io/pause:3.10.1\n      securityContext: {privileged: true}\n`;
    const r = await ctx.cluster.kubectl(['apply', '--dry-run=server', '-f', '-'], pod, [0, 1]);
    if (r.code === 0) throw new LabError('the API server admitted a privileged Pod in default');
    const reason = /violates PodSecurity "[^"]+"/.exec(r.stderr)?.[0];
    if (reason === undefined)
      throw new LabError(`rejected for another reason: ${r.stderr.trim().split('\n')[0]}`);
    return reason;
  },
};

const anonymousApiRefused: LiveCheck = {
  name: 'anonymous requests to the API server are refused except the health endpoints',
  controls: ['1.2.1'],
  async run(ctx) {
    const ip = await nodeIp(ctx.controlPlane[0]!);
    const api = await anonymousStatus(`https://${ip}:6443/api`);
    const readyz = await anonymousStatus(`https://${ip}:6443/readyz`);
    if (api !== '401' && api !== '403') throw new LabError(`anonymous GET /api answered ${api}`);
    if (readyz !== '200')
      throw new LabError(`anonymous GET /readyz answered ${readyz}; health checks need it`);
    return `/api ${api}, /readyz ${readyz}`;
  },
};

const kubeletLockedDown: LiveCheck = {
  name: 'anonymous requests to every kubelet are refused and the read-only port is closed',
  controls: ['4.2.1', '4.2.2', '4.2.4'],
  async run(ctx) {
    const seen: string[] = [];
    for (const node of allNodes(ctx)) {
      const ip = await nodeIp(node);
      const pods = await anonymousStatus(`https://${ip}:10250/pods`);
      if (pods !== '401' && pods !== '403')
        throw new LabError(`${node}: anonymous kubelet /pods answered ${pods}`);
      const readOnly = await anonymousStatus(`http://${ip}:10255/pods`);
      if (readOnly !== 'refused')
        throw new LabError(`${node}: the read-only port 10255 answered ${readOnly}`);
      seen.push(`${node} ${pods}/closed`);
    }
    return seen.join(', ');
  },
};

const metricsOnLoopback: LiveCheck = {
  name: 'controller-manager, scheduler and etcd metrics listen on 127.0.0.1 only',
  controls: ['1.3.7', '1.4.2'],
  async run(ctx) {
    for (const node of ctx.controlPlane) {
      const { stdout } = await onNode(node, ['ss', '-Hltn']);
      const listeners = stdout
        .split('\n')
        .map((l) => l.trim().split(/\s+/)[3])
        .filter((a): a is string => a !== undefined);
      for (const port of ['10257', '10259', '2381']) {
        const on = listeners.filter((a) => a.endsWith(`:${port}`));
        if (on.length === 0) throw new LabError(`${node}: nothing listens on ${port}`);
        const open = on.filter((a) => !a.startsWith('127.0.0.1:'));
        if (open.length > 0) throw new LabError(`${node}: port ${port} listens on ${open.join(', ')}`);
      }
    }
    return `10257, 10259, 2381 on 127.0.0.1 only (${ctx.controlPlane.join(', ')})`;
  },
};

/** The taint Cluster API gives every joining worker; kubeadm passes it to the kubelet as a flag. */
const UNINITIALIZED_TAINT = 'node.cluster.x-k8s.io/uninitialized';

const kubeletConfigured: LiveCheck = {
  name: 'kubelets start without deprecated flags, take their taints from the configuration file and evict on memory pressure',
  controls: ['kubelet-flags', 'eviction'],
  async run(ctx) {
    const seen: string[] = [];
    for (const node of allNodes(ctx)) {
      const journal = await onNode(node, ['journalctl', '-u', 'kubelet', '--no-pager', '-o', 'cat']);
      const deprecated = [
        ...new Set(
          [...journal.stdout.matchAll(/Flag --([a-z0-9-]+) has been deprecated/g)].map((m) => m[1]!),
        ),
      ];
      if (deprecated.length > 0)
        throw new LabError(
          `${node}: kubelet warned that these flags are deprecated: ${deprecated.map((f) => `--${f}`).join(', ')}`,
        );
      const configz = await ctx.cluster.kubectl(['get', '--raw', `/api/v1/nodes/${node}/proxy/configz`]);
      const config = JSON.parse(configz.stdout) as {
        kubeletconfig: { evictionHard?: Record<string, string>; registerWithTaints?: { key: string }[] };
      };
      const memory = config.kubeletconfig.evictionHard?.['memory.available'];
      if (memory === undefined || /^0(%|Mi|Ki)?$/.test(memory)) {
        throw new LabError(
          `${node}: memory eviction is off (evictionHard ${JSON.stringify(config.kubeletconfig.evictionHard ?? {})})`,
        );
      }
      const taints = (config.kubeletconfig.registerWithTaints ?? []).map((t) => t.key);
      if (!ctx.controlPlane.includes(node) && !taints.includes(UNINITIALIZED_TAINT)) {
        throw new LabError(
          `${node}: the worker's kubelet configuration lacks registerWithTaints ${UNINITIALIZED_TAINT} (has ${JSON.stringify(taints)})`,
        );
      }
      seen.push(
        `${node} memory.available<${memory}${taints.length > 0 ? `, taints ${taints.join(',')}` : ''}`,
      );
    }
    return `no deprecated flag; ${seen.join('; ')}`;
  },
};

const noHostAccess: LiveCheck = {
  name: 'no node holds the host Docker socket and the hostpath provisioner is off',
  controls: ['docker-socket', 'hostpath-provisioner'],
  async run(ctx) {
    for (const node of allNodes(ctx)) {
      const r = await onNode(node, ['test', '-e', '/var/run/docker.sock'], [0, 1]);
      if (r.code === 0) throw new LabError(`${node}: /var/run/docker.sock exists inside the node`);
    }
    for (const node of ctx.controlPlane) {
      const { stdout } = await onNode(node, [
        'sh',
        '-c',
        'tr "\\0" " " < /proc/$(pgrep -o kube-controller)/cmdline',
      ]);
      if (stdout.includes('--enable-hostpath-provisioner=true')) {
        throw new LabError(`${node}: kube-controller-manager runs with --enable-hostpath-provisioner=true`);
      }
    }
    return `${allNodes(ctx).length} nodes without the socket; controller-manager without the hostpath provisioner`;
  },
};

export const LIVE_CHECKS: readonly LiveCheck[] = [
  encryptedInEtcd,
  auditLogged,
  privilegedRejected,
  anonymousApiRefused,
  kubeletLockedDown,
  metricsOnLoopback,
  kubeletConfigured,
  noHostAccess,
];
