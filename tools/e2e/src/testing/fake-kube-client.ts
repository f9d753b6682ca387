import { KubeApiError, KubeClient, KubeObject, ListQuery, ObjectRef } from '../kube/client';

/**
 * An in-memory KubeClient for unit tests of the driver's logic. It stores objects and answers get and list with
 * equality label selectors; it runs no controller and is no substitute for an API server. Tests script the
 * cluster's behaviour with `beforeEachCall` (e.g. "after the third look, the node becomes Ready").
 */
export class FakeKubeClient implements KubeClient {
  private readonly objects = new Map<string, KubeObject>();
  public readonly applied: KubeObject[] = [];
  public readonly calls: string[] = [];
  /** Errors thrown by the next calls, in order. */
  public readonly failures: Error[] = [];
  public beforeEachCall?: (client: FakeKubeClient) => void;

  public constructor(objects: readonly KubeObject[] = []) {
    for (const object of objects) this.put(object);
  }

  private static key(ref: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
    return `${ref.apiVersion}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
  }

  public put(object: KubeObject): void {
    this.objects.set(FakeKubeClient.key({ ...object, ...object.metadata }), object);
  }

  public remove(ref: ObjectRef): void {
    this.objects.delete(FakeKubeClient.key(ref));
  }

  private call(description: string): void {
    this.calls.push(description);
    this.beforeEachCall?.(this);
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  public async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    this.call(`get ${ref.kind} ${ref.namespace ?? ''}/${ref.name}`);
    return this.objects.get(FakeKubeClient.key(ref));
  }

  public async list(query: ListQuery): Promise<KubeObject[]> {
    this.call(
      `list ${query.kind} ${query.namespace ?? ''}${query.labelSelector ? ` ${query.labelSelector}` : ''}`,
    );
    const wanted = (query.labelSelector ?? '')
      .split(',')
      .filter(Boolean)
      .map((term) => term.split('='));
    return [...this.objects.values()].filter(
      (o) =>
        o.apiVersion === query.apiVersion &&
        o.kind === query.kind &&
        (query.namespace === undefined || o.metadata.namespace === query.namespace) &&
        wanted.every(([label, value]) => o.metadata.labels?.[label] === value),
    );
  }

  public async apply(object: KubeObject): Promise<void> {
    this.call(`apply ${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`);
    this.applied.push(object);
    this.put(object);
  }
}

/** The error a real API server gives for an invalid object or a webhook denial. */
export function denied(message: string): KubeApiError {
  return new KubeApiError(`HTTP 422: ${message}`, 422);
}
