// Who can read the encryption key on a running Cluster, and the key rotation of docs/encryption-at-rest.md
// carried out on one: each step replaces the key Secret, rolls the control plane so that every new
// control-plane node copies it, and checks what etcd then stores.
import {
  ENCRYPTION_CONFIG_PATH,
  ENCRYPTION_PROVIDER,
  ENCRYPTION_SECRET,
  LEGACY_ENCRYPTION_READER,
} from '@cluster-stacks/core';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { LabError } from '../util/errors';
import {
  addKey,
  keyOrder,
  promoteKey,
  retireOtherKeys,
  type EncryptionConfiguration,
} from './encryption-keys';
import { etcdValue, printable, secretKey } from './etcd-probe';
import type { LiveCheck, LiveContext } from './hardening-live';
import { onNode } from './workload';

/** A bootstrap token in a cloud-config or kubeadm join configuration. */
const TOKEN = /token: *"?([a-z0-9]{6}\.[a-z0-9]{16})"?/;

/** The API server address and CA of the workload Cluster, from its admin kubeconfig. */
async function endpoint(ctx: LiveContext): Promise<{ server: string; ca: string }> {
  const view = (path: string) =>
    ctx.cluster.kubectl(['config', 'view', '--raw', '--minify', '-o', `jsonpath={${path}}`]);
  return {
    server: (await view('.clusters[0].cluster.server')).stdout,
    ca: (await view('.clusters[0].cluster.certificate-authority-data')).stdout,
  };
}

/**
 * What the API server answers a bootstrap token that asks for the key Secret: "Forbidden" (authenticated,
 * refused), "Unauthorized" (the token is no longer valid) or "allowed". The token's kubeconfig is written
 * next to the run's files and removed at once.
 */
async function keyReadWithToken(
  ctx: LiveContext,
  api: { server: string; ca: string },
  token: string,
  dir: string,
): Promise<string> {
  const { server, ca } = api;
  const file = join(dir, `bootstrap-token-${ctx.runId}.kubeconfig`);
  const kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': ca } }],
    users: [{ name: 'u', user: { token } }],
    contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'c',
  };
  writeFileSync(file, JSON.stringify(kubeconfig), { mode: 0o600 });
  try {
    // The last --kubeconfig wins: the request carries the token alone, not the admin certificate.
    const r = await ctx.cluster.kubectl(
      ['--kubeconfig', file, '-n', 'kube-system', 'get', 'secret', ENCRYPTION_SECRET, '-o', 'name'],
      undefined,
      [0, 1],
    );
    if (r.code === 0) return 'allowed';
    if (/\(Forbidden\)/.test(r.stderr) && /system:bootstrap:/.test(r.stderr)) return 'Forbidden';
    if (/Unauthorized/.test(r.stderr)) return 'Unauthorized';
    throw new LabError(`unexpected answer to a bootstrap token: ${r.stderr.trim().split('\n')[0]}`);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The bootstrap token in a worker Machine's bootstrap data, as the management cluster holds it. */
async function workerToken(ctx: LiveContext, worker: string): Promise<string> {
  const ns = ctx.cluster.namespace;
  const secret = (
    await ctx.management([
      'get',
      'machines.cluster.x-k8s.io',
      worker,
      '-n',
      ns,
      '-o',
      'jsonpath={.spec.bootstrap.dataSecretName}',
    ])
  ).stdout;
  const data = (await ctx.management(['get', 'secret', secret, '-n', ns, '-o', 'jsonpath={.data.value}']))
    .stdout;
  const token = TOKEN.exec(Buffer.from(data, 'base64').toString())?.[1];
  if (token === undefined) throw new LabError(`the bootstrap data of ${worker} holds no bootstrap token`);
  return token;
}

export const workerTokenRefused: LiveCheck = {
  name: "no worker credential reads the encryption key: a worker's bootstrap token and a new token in the workers' group are refused",
  controls: ['encryption-key-access'],
  async run(ctx) {
    const dir = dirname(ctx.cluster.kubeconfig);
    const api = await endpoint(ctx);
    const seen: string[] = [];
    for (const worker of ctx.workers) {
      const answer = await keyReadWithToken(ctx, api, await workerToken(ctx, worker), dir);
      if (answer === 'allowed') throw new LabError(`${worker}'s bootstrap token read ${ENCRYPTION_SECRET}`);
      seen.push(`${worker}'s token: ${answer}`);
    }
    // A worker's token may have expired by now; a new one is in the same group as every worker's.
    const cp = ctx.controlPlane[0]!;
    const admin = ['--kubeconfig', '/etc/kubernetes/admin.conf'];
    const token = (await onNode(cp, ['kubeadm', 'token', 'create', '--ttl', '10m', ...admin])).stdout.trim();
    try {
      const answer = await keyReadWithToken(ctx, api, token, dir);
      if (answer !== 'Forbidden')
        throw new LabError(`a new bootstrap token in the workers' group got "${answer}", expected Forbidden`);
      seen.push(`a new token in the workers' group: Forbidden`);
    } finally {
      await onNode(cp, ['kubeadm', 'token', 'delete', token.split('.')[0]!, ...admin]);
    }
    const legacy = await ctx.cluster.kubectl(
      ['-n', 'kube-system', 'get', 'role,rolebinding', LEGACY_ENCRYPTION_READER, '-o', 'name'],
      undefined,
      [0, 1],
    );
    if (legacy.stdout.trim() !== '')
      throw new LabError(`the bootstrap tokens' read access is still there: ${legacy.stdout.trim()}`);
    return `${seen.join('; ')}; no ${LEGACY_ENCRYPTION_READER} Role or RoleBinding`;
  },
};

/**
 * After an upgrade from a version that shared the key differently: the new control-plane nodes copied the
 * configuration the Cluster already had (its provider and key, aescbc for Clusters made before secretbox),
 * the Secret that the first node of the old version wrote reads back, and every Secret still decrypts.
 */
export const keyKeptOnUpgrade: LiveCheck = {
  name: 'the new control-plane nodes kept the key the Cluster was created with, and every Secret reads',
  controls: ['1.2.27', '1.2.28'],
  async run(ctx) {
    const want = keyOrder(await clusterConfig(ctx)).join(',');
    const orders = await nodeKeyOrders(ctx.controlPlane);
    if (orders.some((o) => o !== want))
      throw new LabError(
        `control-plane nodes read keys ${orders.join(' | ')}; the Cluster's Secret has ${want}`,
      );
    const stored = await etcdValue(ctx, ctx.controlPlane[0]!, secretKey('kube-system', ENCRYPTION_SECRET));
    const first = want.split(',')[0]!;
    if (!stored.startsWith(prefixOf(first)))
      throw new LabError(`etcd holds ${ENCRYPTION_SECRET} as "${printable(stored)}", not ${prefixOf(first)}`);
    const all = await ctx.cluster.kubectl(['get', 'secrets', '-A', '-o', 'name']);
    return `${ctx.controlPlane.length} new control-plane node(s) read ${want}; ${ENCRYPTION_SECRET} stored as ${prefixOf(first)}; all ${all.stdout.trim().split('\n').length} Secrets read`;
  },
};

/** The EncryptionConfiguration the Cluster holds for joining control-plane nodes. */
async function clusterConfig(ctx: LiveContext): Promise<EncryptionConfiguration> {
  const data = (
    await ctx.cluster.kubectl([
      '-n',
      'kube-system',
      'get',
      'secret',
      ENCRYPTION_SECRET,
      '-o',
      'jsonpath={.data.config\\.yaml}',
    ])
  ).stdout;
  return parse(Buffer.from(data, 'base64').toString()) as EncryptionConfiguration;
}

/** Replaces the key Secret (never `apply`: its annotation would keep a copy of every key). */
async function replaceClusterConfig(ctx: LiveContext, config: EncryptionConfiguration): Promise<void> {
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: ENCRYPTION_SECRET, namespace: 'kube-system' },
    type: 'Opaque',
    data: { 'config.yaml': Buffer.from(JSON.stringify(config)).toString('base64') },
  };
  await ctx.cluster.kubectl(['replace', '-o', 'name', '-f', '-'], JSON.stringify(secret));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether every named node of the workload Cluster is Ready (a Machine's node has the Machine's name). */
async function allReady(ctx: LiveContext, nodes: readonly string[]): Promise<boolean> {
  // All nodes as a list: `get nodes <one name>` would print a single object, not a list.
  const r = await ctx.cluster.kubectl(['get', 'nodes', '-o', 'json'], undefined, [0, 1]);
  if (r.code !== 0) return false;
  const items = (
    JSON.parse(r.stdout) as {
      items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
    }
  ).items;
  return nodes.every((n) =>
    items
      .find((i) => i.metadata.name === n)
      ?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );
}

/**
 * Rolls the control plane as an operator would (`rolloutAfter` on the KubeadmControlPlane) and waits until
 * every control-plane Machine was replaced and the new ones are ready. Returns the new node names.
 */
async function rollControlPlane(ctx: LiveContext, log: (l: string) => void): Promise<string[]> {
  const ns = ctx.cluster.namespace;
  // The v1beta1 view names the field `rolloutAfter` (v1beta2 calls it `rollout.after`); both convert.
  const resource = 'kubeadmcontrolplanes.v1beta1.controlplane.cluster.x-k8s.io';
  const kcp = (
    await ctx.management([
      'get',
      resource,
      '-n',
      ns,
      '-l',
      `cluster.x-k8s.io/cluster-name=${ctx.cluster.name}`,
      '-o',
      'jsonpath={.items[*].metadata.name}',
    ])
  ).stdout.trim();
  if (kcp === '') throw new LabError(`Cluster ${ns}/${ctx.cluster.name} has no KubeadmControlPlane`);
  const before = (await ctx.cluster.nodes()).controlPlane;
  const started = Date.now();
  const patch = JSON.stringify({ spec: { rolloutAfter: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } });
  await ctx.management(['patch', resource, kcp, '-n', ns, '--type', 'merge', '-p', patch]);
  for (;;) {
    await sleep(10_000);
    const now = (await ctx.cluster.nodes()).controlPlane;
    const replaced = now.length === before.length && now.every((n) => !before.includes(n));
    if (replaced && (await allReady(ctx, now))) {
      log(`control plane rolled in ${Math.round((Date.now() - started) / 1000)} s: ${now.join(', ')}`);
      return now;
    }
    if (Date.now() - started > 20 * 60_000)
      throw new LabError(
        `the control plane did not roll in 20 min (control-plane Machines now: ${now.join(', ')}; before: ${before.join(', ')})`,
      );
  }
}

/** What etcd's value starts with when a key (`secretbox/key1`, as {@link keyOrder} names it) wrote it. */
const prefixOf = (key: string) => `k8s:enc:${key.split('/')[0]}:v1:${key.split('/')[1]}:`;

/** Checks that etcd on every control-plane node stores a Secret written with the given key. */
async function storedWith(ctx: LiveContext, nodes: readonly string[], name: string, key: string) {
  const want = prefixOf(key);
  for (const node of nodes) {
    const stored = await etcdValue(ctx, node, secretKey('default', name));
    if (!stored.startsWith(want))
      throw new LabError(`${node}: etcd holds Secret ${name} as "${printable(stored)}", not ${want}`);
  }
}

/** The keys every control-plane node's API server reads, from the file on the node. */
async function nodeKeyOrders(nodes: readonly string[]): Promise<string[]> {
  const orders: string[] = [];
  for (const node of nodes) {
    const file = await onNode(node, ['cat', ENCRYPTION_CONFIG_PATH]);
    orders.push(keyOrder(parse(file.stdout) as EncryptionConfiguration).join(','));
  }
  return orders;
}

const newKey = (s: RotationState) => `${ENCRYPTION_PROVIDER}/${s.newKey}`;

export interface RotationStep {
  readonly name: string;
  run(state: RotationState): Promise<string>;
}

interface RotationState {
  readonly ctx: LiveContext;
  readonly log: (l: string) => void;
  readonly newKey: string;
  /** A Secret written with the first key, before the rotation. */
  readonly before: string;
  /** The key that wrote before the rotation, as {@link keyOrder} names it. */
  firstKey: string;
  nodes: string[];
}

/** Replaces the Secret with `change` applied, rolls the control plane, and checks the nodes' key order. */
async function changeAndRoll(
  s: RotationState,
  change: (c: EncryptionConfiguration) => EncryptionConfiguration,
): Promise<string> {
  const config = change(await clusterConfig(s.ctx));
  await replaceClusterConfig(s.ctx, config);
  s.nodes = await rollControlPlane(s.ctx, s.log);
  const want = keyOrder(config).join(',');
  const orders = await nodeKeyOrders(s.nodes);
  const wrong = orders.filter((o) => o !== want);
  if (wrong.length > 0)
    throw new LabError(`control-plane nodes read keys ${orders.join(' | ')}, expected ${want}`);
  return `${s.nodes.length} new control-plane node(s) read ${want}`;
}

export const ROTATION_STEPS: readonly RotationStep[] = [
  {
    name: 'a Secret written before the rotation is stored with the first key',
    async run(s) {
      await s.ctx.cluster.kubectl([
        'create',
        'secret',
        'generic',
        s.before,
        '-n',
        'default',
        '--from-literal=probe=lab',
      ]);
      s.firstKey = keyOrder(await clusterConfig(s.ctx))[0]!;
      await storedWith(s.ctx, s.nodes, s.before, s.firstKey);
      return `${s.before}: ${prefixOf(s.firstKey)}`;
    },
  },
  {
    name: 'step 1: the new key is added second, and the control plane rolled',
    run: (s) =>
      changeAndRoll(s, (c) => addKey(c, { name: s.newKey, secret: randomBytes(32).toString('base64') })),
  },
  {
    name: 'step 2: the new key is put first, the control plane rolled, and new Secrets are stored with it',
    async run(s) {
      const rolled = await changeAndRoll(s, (c) => promoteKey(c, s.newKey));
      const after = `${s.before}-after`;
      await s.ctx.cluster.kubectl([
        'create',
        'secret',
        'generic',
        after,
        '-n',
        'default',
        '--from-literal=probe=lab',
      ]);
      await storedWith(s.ctx, s.nodes, after, newKey(s));
      return `${rolled}; ${after}: ${prefixOf(newKey(s))}`;
    },
  },
  {
    name: 'step 3: every Secret is rewritten, and the old Secret is stored with the new key',
    async run(s) {
      const all = await s.ctx.cluster.kubectl(['get', 'secrets', '-A', '-o', 'json']);
      const count = (JSON.parse(all.stdout) as { items: unknown[] }).items.length;
      await s.ctx.cluster.kubectl(['replace', '-o', 'name', '-f', '-'], all.stdout);
      await storedWith(s.ctx, s.nodes, s.before, newKey(s));
      return `${count} Secrets rewritten; ${s.before}: ${prefixOf(newKey(s))}`;
    },
  },
  {
    name: 'step 4: the old key is removed, the control plane rolled, and every Secret still reads',
    async run(s) {
      const rolled = await changeAndRoll(s, (c) => retireOtherKeys(c, s.newKey));
      const all = await s.ctx.cluster.kubectl(['get', 'secrets', '-A', '-o', 'json']);
      const count = (JSON.parse(all.stdout) as { items: unknown[] }).items.length;
      const probe = await s.ctx.cluster.kubectl([
        'get',
        'secret',
        s.before,
        '-n',
        'default',
        '-o',
        'jsonpath={.data.probe}',
      ]);
      if (Buffer.from(probe.stdout, 'base64').toString() !== 'lab')
        throw new LabError(`${s.before} does not read back after the old key was removed`);
      return `${rolled}; all ${count} Secrets read, ${s.before} included`;
    },
  },
];

/** The state the rotation steps share, for a Cluster whose live context is `ctx`. */
export function rotationState(ctx: LiveContext, log: (l: string) => void): RotationState {
  return {
    ctx,
    log,
    newKey: `key-${ctx.runId}`,
    before: `lab-rotation-${ctx.runId}`,
    firstKey: '',
    nodes: [...ctx.controlPlane],
  };
}
