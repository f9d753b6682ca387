// The KubeClient interface implemented with @kubernetes/client-node. This module is ESM-only underneath, so only
// the command-line entry points load it (tsx handles that); the unit tests never import it.
import { ApiException, KubeConfig, KubernetesObjectApi, PatchStrategy } from '@kubernetes/client-node';
import { KubeApiError, KubeClient, KubeClientFactory, KubeObject } from './client';

/** The field manager of every server-side apply, visible in `managedFields`. */
export const FIELD_MANAGER = 'cluster-stacks-e2e';

/** Typed models carry Date objects and class instances; the driver works on plain JSON. */
function plain<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The `message` of a Kubernetes Status body, else the body itself. */
function statusMessage(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch (_error) {
    // not JSON: use the text as it is
  }
  return text;
}

function toKubeError(error: unknown): Error {
  if (error instanceof ApiException)
    return new KubeApiError(`HTTP ${error.code}: ${statusMessage(error.body)}`, error.code);
  return error instanceof Error ? error : new Error(String(error));
}

function isNotFound(error: unknown): boolean {
  return error instanceof ApiException && error.code === 404;
}

export function clientFromKubeConfig(kubeConfig: KubeConfig): KubeClient {
  const api = KubernetesObjectApi.makeApiClient(kubeConfig);
  return {
    async get(ref) {
      try {
        const header = {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata: { name: ref.name, namespace: ref.namespace },
        };
        return plain<KubeObject>(await api.read(header));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw toKubeError(error);
      }
    },
    async list(query) {
      try {
        const result = await api.list(
          query.apiVersion,
          query.kind,
          query.namespace,
          undefined,
          undefined,
          undefined,
          undefined,
          query.labelSelector,
        );
        // List items omit apiVersion and kind; put them back so every object describes itself.
        return result.items.map((item) => ({
          ...plain<KubeObject>(item),
          apiVersion: query.apiVersion,
          kind: query.kind,
        }));
      } catch (error) {
        throw toKubeError(error);
      }
    },
    async apply(object) {
      try {
        await api.patch(object, undefined, undefined, FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
      } catch (error) {
        throw toKubeError(error);
      }
    },
  };
}

/** Clients for the management cluster of a kubeconfig file (its current context) and for workload clusters. */
export function clientFactory(kubeconfigFile: string): KubeClientFactory {
  const management = new KubeConfig();
  management.loadFromFile(kubeconfigFile);
  return {
    management: clientFromKubeConfig(management),
    forKubeconfig(kubeconfigYaml) {
      const workload = new KubeConfig();
      workload.loadFromString(kubeconfigYaml);
      return clientFromKubeConfig(workload);
    },
  };
}
