// A small client for the OCI distribution API (https://github.com/opencontainers/distribution-spec),
// over Node's global fetch: tag and blob existence, monolithic blob upload, manifests, blobs and the
// tag list of one repository, with anonymous, basic or bearer authentication.
import { createHash } from 'node:crypto';

/** How to authenticate against the registry. */
export type OciAuth =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** `OCI_ACCESS_TOKEN`, used as csctl and CSO use it (see {@link accessTokenBearer}). */
  | { readonly kind: 'token'; readonly token: string };

export const ANONYMOUS: OciAuth = { kind: 'anonymous' };

/** Raised for every registry failure; the message names registry, repository, reference and HTTP status. */
export class OciError extends Error {
  public constructor(
    message: string,
    public readonly status?: number,
  ) {
    super(message);
    this.name = 'OciError';
  }
}

/**
 * The credentials in the environment, with csctl's variables: `OCI_ACCESS_TOKEN`, else
 * `OCI_USERNAME` and `OCI_PASSWORD` (both or neither), else anonymous.
 */
export function authFromEnv(env: NodeJS.ProcessEnv = process.env): OciAuth {
  const token = env.OCI_ACCESS_TOKEN ?? '';
  if (token !== '') return { kind: 'token', token };
  const username = env.OCI_USERNAME ?? '';
  const password = env.OCI_PASSWORD ?? '';
  if (username === '' && password === '') return ANONYMOUS;
  if (username === '' || password === '') {
    throw new OciError(
      `OCI_USERNAME and OCI_PASSWORD must be set together (only ${username === '' ? 'OCI_PASSWORD' : 'OCI_USERNAME'} is set)`,
    );
  }
  return { kind: 'basic', username, password };
}

/**
 * The bearer token sent for `OCI_ACCESS_TOKEN`: its base64 encoding, exactly what csctl and the
 * Cluster Stack Operator send (they base64-encode the variable and hand it to oras-go as the
 * registry access token), so one secret works for publishing and for CSO. ghcr.io, for example,
 * accepts a personal access token this way.
 */
export function accessTokenBearer(token: string): string {
  return Buffer.from(token).toString('base64');
}

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(data: Uint8Array): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A parsed `WWW-Authenticate` challenge: `Bearer realm="…",service="…",scope="…"`. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses the first challenge of a `WWW-Authenticate` header (RFC 7235 auth-params, quoted or token values). */
export function parseChallenge(header: string): Challenge | undefined {
  const text = header.trim();
  const schemeMatch = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:\s+|$)/.exec(text);
  if (schemeMatch === null) return undefined;
  const params: Record<string, string> = {};
  let i = schemeMatch[0].length;
  while (i < text.length) {
    while (i < text.length && /[\s,]/.test(text[i])) i++;
    const keyMatch = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(text.slice(i));
    if (keyMatch === null) break;
    i += keyMatch[0].length;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      i++; // closing quote
    } else {
      while (i < text.length && !/[\s,]/.test(text[i])) value += text[i++];
    }
    params[keyMatch[1].toLowerCase()] = value;
  }
  return { scheme: schemeMatch[1].toLowerCase(), params };
}

/**
 * Merges token scopes (`repository:<name>:<actions>`): one entry per resource with the union of its
 * actions, sorted, so `…:pull` and `…:pull,push` become `…:pull,push`.
 */
export function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  const verbatim = new Set<string>();
  for (const scope of scopes.flatMap((s) => s.split(' ')).filter((s) => s !== '')) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first < 0 || last === first) {
      verbatim.add(scope);
      continue;
    }
    const resource = scope.slice(0, last);
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const action of scope.slice(last + 1).split(',')) if (action !== '') actions.add(action);
    byResource.set(resource, actions);
  }
  const merged = [...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`);
  return [...merged, ...verbatim].sort();
}

/** Media types a manifest GET or HEAD accepts. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
].join(', ');

export interface OciClientOptions {
  /** `host[:port]`, no scheme. */
  readonly registry: string;
  /** The repository path in the registry, e.g. `kaas/cluster-stacks`. */
  readonly repository: string;
  /** Plain HTTP instead of HTTPS (a loopback test registry). */
  readonly plainHttp?: boolean;
  readonly auth?: OciAuth;
  /** Per request, including the token request; default 60 s. */
  readonly timeoutMs?: number;
}

/** A manifest as the registry returned it. */
export interface FetchedManifest {
  readonly mediaType: string;
  readonly digest: string;
  readonly bytes: Buffer;
}

/** What {@link OciClient.pushBlob} did. */
export interface PushedBlob {
  readonly digest: string;
  readonly size: number;
  /** False when the registry already had the blob. */
  readonly uploaded: boolean;
}

interface RequestOptions {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  /** A path below the registry (`/v2/…`) or an absolute URL (an upload location). */
  readonly target: string;
  /** What is being done, for error messages: `check tag "x" in <registry>/<repository>`. */
  readonly what: string;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
}

const REPOSITORY = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REGISTRY = /^[A-Za-z0-9.-]+(?::[0-9]+)?$|^\[[0-9A-Fa-f:.]+\](?::[0-9]+)?$/;

/** Throws unless `registry` is `host[:port]` (no scheme, no path). */
export function validateRegistry(registry: string): void {
  if (!REGISTRY.test(registry)) {
    throw new OciError(
      `invalid registry "${registry}": expected host[:port] without scheme or path, e.g. registry.example.com or 127.0.0.1:5000`,
    );
  }
}

/** Throws unless `repository` matches the distribution spec's name grammar (lowercase path components). */
export function validateRepository(repository: string): void {
  if (!REPOSITORY.test(repository)) {
    throw new OciError(
      `invalid repository "${repository}": expected lowercase path components such as kaas/cluster-stacks (a-z, 0-9, separators ".", "_", "__", "-" and "/")`,
    );
  }
}

/** A client for one repository of one registry. */
export class OciClient {
  public readonly registry: string;
  public readonly repository: string;
  private readonly baseUrl: string;
  private readonly auth: OciAuth;
  private readonly timeoutMs: number;
  /** The Authorization header that last worked; sent first on every request. */
  private authorization: string | undefined;
  /** Every token scope requested so far, so a token covers pull and push once both were asked for. */
  private scopes: string[] = [];

  public constructor(options: OciClientOptions) {
    validateRegistry(options.registry);
    validateRepository(options.repository);
    this.registry = options.registry;
    this.repository = options.repository;
    this.baseUrl = `${options.plainHttp === true ? 'http' : 'https'}://${options.registry}`;
    this.auth = options.auth ?? ANONYMOUS;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** `<registry>/<repository>`. */
  public get name(): string {
    return `${this.registry}/${this.repository}`;
  }

  /** True if the tag (or digest) resolves to a manifest; false on 404. */
  public async manifestExists(reference: string): Promise<boolean> {
    checkReference(reference);
    const what = `check ${describe(reference)} in ${this.name}`;
    const res = await this.request({
      method: 'HEAD',
      target: this.path('manifests', reference),
      what,
      headers: { Accept: MANIFEST_ACCEPT },
    });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await this.failure(what, res);
  }

  /** True if the registry has the blob in this repository; false on 404. */
  public async blobExists(digest: string): Promise<boolean> {
    checkDigest(digest);
    const what = `check blob ${digest} in ${this.name}`;
    const res = await this.request({ method: 'HEAD', target: this.path('blobs', digest), what });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await this.failure(what, res);
  }

  /** Uploads a blob unless it is there already: HEAD, then POST for an upload location and one monolithic PUT. */
  public async pushBlob(data: Uint8Array): Promise<PushedBlob> {
    const digest = sha256Digest(data);
    const size = data.byteLength;
    if (await this.blobExists(digest)) return { digest, size, uploaded: false };
    const what = `upload blob ${digest} (${size} bytes) to ${this.name}`;
    const started = await this.request({
      method: 'POST',
      target: `/v2/${this.repository}/blobs/uploads/`,
      what,
      headers: { 'Content-Length': '0' },
    });
    if (started.status !== 202) throw await this.failure(what, started);
    await drain(started);
    const location = started.headers.get('location');
    if (location === null || location === '') {
      throw new OciError(`cannot ${what}: the registry answered HTTP 202 without a Location header`, 202);
    }
    const uploadUrl = new URL(location, this.baseUrl).toString();
    const finished = await this.request({
      method: 'PUT',
      target: `${uploadUrl}${uploadUrl.includes('?') ? '&' : '?'}digest=${encodeURIComponent(digest)}`,
      what,
      headers: { 'Content-Type': 'application/octet-stream' },
      body: data,
    });
    if (finished.status !== 201) throw await this.failure(what, finished);
    await drain(finished);
    return { digest, size, uploaded: true };
  }

  /** PUTs a manifest under a tag; returns its digest (checked against the registry's Docker-Content-Digest). */
  public async putManifest(reference: string, mediaType: string, bytes: Uint8Array): Promise<string> {
    checkReference(reference);
    const digest = sha256Digest(bytes);
    const what = `put manifest ${describe(reference)} to ${this.name}`;
    const res = await this.request({
      method: 'PUT',
      target: this.path('manifests', reference),
      what,
      headers: { 'Content-Type': mediaType },
      body: bytes,
    });
    if (res.status !== 201) throw await this.failure(what, res);
    await drain(res);
    const reported = res.headers.get('docker-content-digest');
    if (reported !== null && reported !== '' && reported !== digest) {
      throw new OciError(
        `cannot ${what}: the registry stored digest ${reported}, expected ${digest}`,
        res.status,
      );
    }
    return digest;
  }

  /** GETs a manifest by tag or digest; a digest reference is verified against the bytes. */
  public async getManifest(reference: string): Promise<FetchedManifest> {
    checkReference(reference);
    const what = `get manifest ${describe(reference)} from ${this.name}`;
    const res = await this.request({
      method: 'GET',
      target: this.path('manifests', reference),
      what,
      headers: { Accept: MANIFEST_ACCEPT },
    });
    if (res.status === 404) throw await this.failure(`${what}: not found`, res);
    if (res.status !== 200) throw await this.failure(what, res);
    const bytes = Buffer.from(await res.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (DIGEST.test(reference) && digest !== reference) {
      throw new OciError(`cannot ${what}: the content has digest ${digest}`);
    }
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    return { mediaType, digest, bytes };
  }

  /** GETs a blob and verifies its digest. */
  public async getBlob(digest: string): Promise<Buffer> {
    checkDigest(digest);
    const what = `get blob ${digest} from ${this.name}`;
    const res = await this.request({ method: 'GET', target: this.path('blobs', digest), what });
    if (res.status === 404) throw await this.failure(`${what}: not found`, res);
    if (res.status !== 200) throw await this.failure(what, res);
    const bytes = Buffer.from(await res.arrayBuffer());
    const got = sha256Digest(bytes);
    if (got !== digest) throw new OciError(`cannot ${what}: the content has digest ${got}`);
    return bytes;
  }

  /** Every tag of the repository, following `Link: <…>; rel="next"` pages; [] for a repository that does not exist. */
  public async listTags(): Promise<string[]> {
    const what = `list the tags of ${this.name}`;
    const tags: string[] = [];
    let target: string | undefined = `/v2/${this.repository}/tags/list`;
    for (let page = 0; target !== undefined; page++) {
      if (page >= 1000) throw new OciError(`cannot ${what}: more than 1000 pages`);
      const res = await this.request({ method: 'GET', target, what });
      if (res.status === 404 && page === 0) {
        await drain(res);
        return [];
      }
      if (res.status !== 200) throw await this.failure(what, res);
      const body = (await res.json()) as { tags?: unknown };
      if (body.tags !== null && body.tags !== undefined) {
        if (!Array.isArray(body.tags) || body.tags.some((t) => typeof t !== 'string')) {
          throw new OciError(`cannot ${what}: the answer has no "tags" list of strings`);
        }
        tags.push(...(body.tags as string[]));
      }
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '');
      target = next === null ? undefined : new URL(next[1], this.baseUrl).toString();
    }
    return tags;
  }

  private path(kind: 'manifests' | 'blobs', reference: string): string {
    return `/v2/${this.repository}/${kind}/${reference}`;
  }

  /** One request; on a 401 it answers the challenge once and repeats the request. */
  private async request(options: RequestOptions): Promise<Response> {
    const first = await this.send(options, this.authorization);
    if (first.status !== 401) return first;
    const header = first.headers.get('www-authenticate') ?? '';
    await drain(first);
    const challenge = parseChallenge(header);
    if (challenge === undefined) {
      throw new OciError(
        `cannot ${options.what}: HTTP 401 Unauthorized without a usable WWW-Authenticate challenge`,
        401,
      );
    }
    this.authorization = await this.answer(challenge, options.what);
    const second = await this.send(options, this.authorization);
    if (second.status === 401) {
      throw await this.failure(options.what, second, `the registry rejected the ${this.credentialName()}`);
    }
    return second;
  }

  private async send(options: RequestOptions, authorization: string | undefined): Promise<Response> {
    const url = options.target.startsWith('/') ? `${this.baseUrl}${options.target}` : options.target;
    const headers: Record<string, string> = { ...options.headers };
    // Credentials go to the registry only, never to another host an upload location may point to.
    if (authorization !== undefined && new URL(url).origin === new URL(this.baseUrl).origin) {
      headers.Authorization = authorization;
    }
    try {
      return await fetch(url, {
        method: options.method,
        headers,
        body: options.body,
        redirect: 'follow',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new OciError(`cannot ${options.what}: ${options.method} ${url} failed: ${errorText(e)}`);
    }
  }

  /** The Authorization header answering a challenge (basic credentials, access token, or a token from the realm). */
  private async answer(challenge: Challenge, what: string): Promise<string> {
    if (challenge.scheme === 'basic') {
      if (this.auth.kind !== 'basic') {
        throw new OciError(
          `cannot ${what}: the registry asks for basic authentication; set OCI_USERNAME and OCI_PASSWORD`,
          401,
        );
      }
      return `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    }
    if (challenge.scheme !== 'bearer') {
      throw new OciError(`cannot ${what}: unsupported authentication scheme "${challenge.scheme}"`, 401);
    }
    if (this.auth.kind === 'token') return `Bearer ${accessTokenBearer(this.auth.token)}`;
    return `Bearer ${await this.fetchToken(challenge, what)}`;
  }

  /** The distribution token handshake: GET <realm>?service=…&scope=… (with basic credentials if any). */
  private async fetchToken(challenge: Challenge, what: string): Promise<string> {
    const realm = challenge.params.realm ?? '';
    if (realm === '') throw new OciError(`cannot ${what}: the Bearer challenge names no realm`, 401);
    this.scopes = mergeScopes([...this.scopes, challenge.params.scope ?? '']);
    let url: URL;
    try {
      url = new URL(realm, this.baseUrl);
    } catch {
      throw new OciError(`cannot ${what}: the Bearer challenge has an invalid realm "${realm}"`, 401);
    }
    if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
    for (const scope of this.scopes) url.searchParams.append('scope', scope);
    const headers: Record<string, string> = {};
    if (this.auth.kind === 'basic') {
      headers.Authorization = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}`;
    }
    const tokenWhat = `get a token from ${url.origin}${url.pathname} for ${this.name} (scope ${this.scopes.join(' ') || 'none'})`;
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      throw new OciError(`cannot ${what}: cannot ${tokenWhat}: ${errorText(e)}`);
    }
    if (res.status !== 200) {
      const detail = await errorDetail(res);
      throw new OciError(
        `cannot ${what}: cannot ${tokenWhat}: HTTP ${res.status} ${res.statusText}${detail}${
          res.status === 401 ? ` (${this.credentialName()})` : ''
        }`,
        res.status,
      );
    }
    let body: { token?: unknown; access_token?: unknown };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new OciError(`cannot ${what}: cannot ${tokenWhat}: the answer is not JSON`);
    }
    const token = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new OciError(
        `cannot ${what}: cannot ${tokenWhat}: the answer has neither "token" nor "access_token"`,
      );
    }
    return token;
  }

  private credentialName(): string {
    switch (this.auth.kind) {
      case 'basic':
        return `credentials of OCI_USERNAME "${this.auth.username}"`;
      case 'token':
        return 'OCI_ACCESS_TOKEN';
      default:
        return 'anonymous access; set OCI_ACCESS_TOKEN or OCI_USERNAME and OCI_PASSWORD';
    }
  }

  private async failure(what: string, res: Response, hint?: string): Promise<OciError> {
    const detail = await errorDetail(res);
    return new OciError(
      `cannot ${what}: HTTP ${res.status} ${res.statusText}${detail}${hint === undefined ? '' : ` (${hint})`}`,
      res.status,
    );
  }
}

function describe(reference: string): string {
  return DIGEST.test(reference) ? reference : `tag "${reference}"`;
}

function checkReference(reference: string): void {
  if (!TAG.test(reference) && !DIGEST.test(reference)) {
    throw new OciError(
      `invalid reference "${reference}": expected a tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}) or sha256:<hex>`,
    );
  }
}

function checkDigest(digest: string): void {
  if (!DIGEST.test(digest)) throw new OciError(`invalid digest "${digest}": expected sha256:<64 hex digits>`);
}

/** The registry's error codes and messages (`{"errors":[{"code","message"}]}`), as ` (CODE: message; …)`. */
async function errorDetail(res: Response): Promise<string> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return '';
  }
  if (text.trim() === '') return '';
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      return ` (${parsed.errors.map((e) => [e.code, e.message].filter((p) => typeof p === 'string' && p !== '').join(': ')).join('; ')})`;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return ` (${oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine})`;
}

async function drain(res: Response): Promise<void> {
  try {
    await res.arrayBuffer();
  } catch {
    // nothing to free
  }
}

/** The reason of a failed fetch: its cause (`connect ECONNREFUSED …`) or `timed out`. Duck-typed: errors may come from another realm. */
function errorText(e: unknown): string {
  const message = (x: unknown): string | undefined =>
    typeof x === 'object' && x !== null && typeof (x as { message?: unknown }).message === 'string'
      ? (x as { message: string }).message
      : undefined;
  if (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'TimeoutError')
    return 'timed out';
  return message((e as { cause?: unknown } | null)?.cause) ?? message(e) ?? String(e);
}
