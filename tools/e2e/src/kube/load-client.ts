import { KubeClientFactory } from './client';

/**
 * The real client factory for a kubeconfig file. Loaded on demand: @kubernetes/client-node is an ES module that
 * only a real run needs, so tests and dry runs never load it.
 */
export async function loadClientFactory(kubeconfigFile: string): Promise<KubeClientFactory> {
  const { clientFactory } = await import('./client-node');
  return clientFactory(kubeconfigFile);
}
