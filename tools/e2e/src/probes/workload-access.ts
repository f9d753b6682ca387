import { KubeClient, KubeClientFactory } from '../kube/client';
import { API } from './api';
import { field } from './fields';

/** Finds the client of a workload cluster, or `undefined` while its kubeconfig does not exist yet. */
export type WorkloadAccess = (namespace: string, cluster: string) => Promise<KubeClient | undefined>;

/**
 * Workload clusters through the kubeconfig CAPI writes to the Secret `<cluster>-kubeconfig` (key `value`). The
 * client is reused while the kubeconfig stays the same.
 */
export function workloadAccess(factory: KubeClientFactory): WorkloadAccess {
  const cache = new Map<string, { kubeconfig: string; client: KubeClient }>();
  return async (namespace, cluster) => {
    const secret = await factory.management.get({ ...API.secret, namespace, name: `${cluster}-kubeconfig` });
    const encoded = field(secret, 'data', 'value');
    if (typeof encoded !== 'string') return undefined;
    const kubeconfig = Buffer.from(encoded, 'base64').toString('utf8');
    const key = `${namespace}/${cluster}`;
    const cached = cache.get(key);
    if (cached?.kubeconfig === kubeconfig) return cached.client;
    const client = factory.forKubeconfig(kubeconfig);
    cache.set(key, { kubeconfig, client });
    return client;
  };
}
