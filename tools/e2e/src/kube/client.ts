/**
 * The few Kubernetes operations the end-to-end driver needs, as an interface: the driver's logic is unit-tested
 * against an in-memory implementation, and `client-node.ts` implements it for a real API server.
 */

/** Any Kubernetes object as JSON. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly generation?: number;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** One object, by type and name. */
export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Omitted for cluster-scoped kinds. */
  readonly namespace?: string;
}

/** The objects of one type, optionally filtered. */
export interface ListQuery {
  readonly apiVersion: string;
  readonly kind: string;
  /** Omitted for cluster-scoped kinds. */
  readonly namespace?: string;
  /** A Kubernetes label selector, e.g. `cluster.x-k8s.io/cluster-name=defaults`. */
  readonly labelSelector?: string;
}

export interface KubeClient {
  /** The object, or `undefined` when it does not exist (HTTP 404). */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  list(query: ListQuery): Promise<KubeObject[]>;
  /** Server-side apply with this driver as field manager, taking over conflicting fields. */
  apply(object: KubeObject): Promise<void>;
}

/** Creates clients: one for the management cluster, one per workload-cluster kubeconfig. */
export interface KubeClientFactory {
  readonly management: KubeClient;
  forKubeconfig(kubeconfigYaml: string): KubeClient;
}

/** An API error with its HTTP status, as both implementations throw it. */
export class KubeApiError extends Error {
  public constructor(
    message: string,
    public readonly statusCode: number,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

/**
 * Whether an error may go away by itself: network errors, server errors, conflicts, throttling, and a 404 from a
 * list or an apply (the type is not served yet: a CRD still being installed, an aggregated API such as
 * metrics.k8s.io not registered yet). Any other 4xx, such as a webhook denial, an invalid object or a rejected
 * credential, will not, so retrying it would only hide the message until the timeout.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof KubeApiError)) return true;
  return error.statusCode >= 500 || [404, 409, 429].includes(error.statusCode);
}

/** `<namespace>/<name>` or `<name>`, for messages. */
export function describeRef(ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
