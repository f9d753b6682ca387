// What etcd itself stores under a key, read on a control-plane node with the etcdctl of the lab's world:
// the only view that shows whether the API server encrypted a value before writing it.
import { run } from '../util/exec';
import { onNode } from './workload';

/** Not under /tmp: node containers mount it noexec. */
const ETCDCTL_ON_NODE = '/root/lab-etcdctl';

/**
 * The raw value etcd holds under `key`, read on `node` with the API server's etcd client certificate;
 * `ctx.etcdctl` is the etcdctl of the etcd the Cluster runs, on the host.
 */
export async function etcdValue(
  ctx: { readonly etcdctl: string },
  node: string,
  key: string,
): Promise<string> {
  await run('docker', ['cp', ctx.etcdctl, `${node}:${ETCDCTL_ON_NODE}`]);
  try {
    const { stdout } = await onNode(node, [
      ETCDCTL_ON_NODE,
      '--endpoints=https://127.0.0.1:2379',
      '--cacert=/etc/kubernetes/pki/etcd/ca.crt',
      '--cert=/etc/kubernetes/pki/apiserver-etcd-client.crt',
      '--key=/etc/kubernetes/pki/apiserver-etcd-client.key',
      'get',
      key,
      '--print-value-only',
    ]);
    return stdout;
  } finally {
    await onNode(node, ['rm', '-f', ETCDCTL_ON_NODE]);
  }
}

/** The etcd key of a Secret. */
export const secretKey = (namespace: string, name: string) => `/registry/secrets/${namespace}/${name}`;

/** The start of a stored value, printable, for messages. */
export const printable = (value: string) => `${value.slice(0, 32).replace(/[^\x20-\x7e]/g, '.')}…`;
