import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  accessTokenBearer,
  authFromEnv,
  mergeScopes,
  OciAuth,
  OciClient,
  parseChallenge,
  sha256Digest,
} from './oci-client';
import { freePort } from './loopback-registry';

/**
 * A tiny in-memory registry on 127.0.0.1 that demands authentication the way real registries do:
 * `bearer` answers 401 with a `Bearer realm=…,service=…,scope=…` challenge and issues tokens at
 * /token (checking basic credentials when given); `basic` answers with a `Basic` challenge.
 */
class FakeRegistry {
  public readonly log: string[] = [];
  public readonly blobs = new Map<string, Buffer>();
  public readonly manifests = new Map<string, { type: string; bytes: Buffer }>();
  public tags: string[] = [];
  /** Overrides the answer of a matching request. */
  public override: ((req: IncomingMessage, res: ServerResponse) => boolean) | undefined;
  private readonly tokens = new Map<string, string[]>();
  private uploads = 0;
  private server!: Server;
  public port = 0;

  public constructor(
    private readonly mode: 'bearer' | 'basic' | 'none',
    private readonly users: Record<string, string> = { alice: 's3cret' },
    private readonly accessToken = 'pat-123',
  ) {}

  public get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  public async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private who(req: IncomingMessage): string {
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Basic '))
      return `basic ${Buffer.from(auth.slice(6), 'base64').toString().split(':')[0]}`;
    if (auth.startsWith('Bearer ')) return `bearer ${auth.slice(7)}`;
    return 'none';
  }

  private basicUser(req: IncomingMessage): string | undefined {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Basic ')) return undefined;
    const [user, ...rest] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
    return this.users[user] === rest.join(':') ? user : undefined;
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    this.log.push(`${req.method} ${req.url} ${this.who(req)}`);
    if (this.override?.(req, res)) return;
    if (url.pathname === '/token') return this.token(req, res, url);
    const write = req.method === 'POST' || req.method === 'PUT';
    if (!this.authorized(req, write)) {
      const scope = `repository:stacks:${write ? 'pull,push' : 'pull'}`;
      res.setHeader(
        'WWW-Authenticate',
        this.mode === 'basic'
          ? 'Basic realm="fake"'
          : `Bearer realm="http://${this.host}/token",service="fake-registry",scope="${scope}"`,
      );
      return json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });
    }
    this.serve(req, res, url, body);
  }

  private token(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const user = this.basicUser(req);
    if (req.headers.authorization !== undefined && user === undefined) {
      return json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
    }
    if (url.searchParams.get('service') !== 'fake-registry')
      return json(res, 400, { error: 'wrong service' });
    const token = `t${this.tokens.size + 1}`;
    this.tokens.set(token, url.searchParams.getAll('scope'));
    json(res, 200, { token, expires_in: 300 });
  }

  private authorized(req: IncomingMessage, write: boolean): boolean {
    const auth = req.headers.authorization ?? '';
    if (this.mode === 'none') return true;
    if (this.mode === 'basic') return this.basicUser(req) !== undefined;
    if (auth === `Bearer ${Buffer.from(this.accessToken).toString('base64')}`) return true;
    const scopes = auth.startsWith('Bearer ') ? this.tokens.get(auth.slice(7)) : undefined;
    if (scopes === undefined) return false;
    return scopes.some(
      (s) =>
        s.startsWith('repository:stacks:') &&
        s
          .split(':')[2]
          .split(',')
          .includes(write ? 'push' : 'pull'),
    );
  }

  private serve(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if ((m = /^\/v2\/stacks\/manifests\/(.+)$/.exec(path))) {
      const ref = m[1];
      if (req.method === 'PUT') {
        this.manifests.set(ref, { type: String(req.headers['content-type']), bytes: body });
        res.setHeader('Docker-Content-Digest', sha256Digest(body));
        return end(res, 201);
      }
      const manifest = this.manifests.get(ref);
      if (manifest === undefined)
        return json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
      res.setHeader('Content-Type', manifest.type);
      return end(res, 200, req.method === 'HEAD' ? undefined : manifest.bytes);
    }
    if ((m = /^\/v2\/stacks\/blobs\/(sha256:[a-f0-9]+)$/.exec(path))) {
      const blob = this.blobs.get(m[1]);
      if (blob === undefined)
        return json(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] });
      return end(res, 200, req.method === 'HEAD' ? undefined : blob);
    }
    if (path === '/v2/stacks/blobs/uploads/' && req.method === 'POST') {
      res.setHeader('Location', `/v2/stacks/blobs/uploads/u${++this.uploads}?_state=abc%3D`);
      return end(res, 202);
    }
    if ((m = /^\/v2\/stacks\/blobs\/uploads\/(u\d+)$/.exec(path)) && req.method === 'PUT') {
      const digest = url.searchParams.get('digest') ?? '';
      if (sha256Digest(body) !== digest || url.searchParams.get('_state') !== 'abc=') {
        return json(res, 400, { errors: [{ code: 'DIGEST_INVALID', message: 'digest did not match' }] });
      }
      this.blobs.set(digest, body);
      return end(res, 201);
    }
    if (path === '/v2/stacks/tags/list') {
      const last = url.searchParams.get('last');
      const start = last === null ? 0 : this.tags.indexOf(last) + 1;
      const page = this.tags.slice(start, start + 2);
      if (start + 2 < this.tags.length) {
        res.setHeader('Link', `</v2/stacks/tags/list?n=2&last=${page[page.length - 1]}>; rel="next"`);
      }
      return json(res, 200, { name: 'stacks', tags: page });
    }
    json(res, 404, { errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.setHeader('Content-Type', 'application/json');
  end(res, status, Buffer.from(JSON.stringify(body)));
}

function end(res: ServerResponse, status: number, body?: Buffer): void {
  res.statusCode = status;
  if (body !== undefined) res.setHeader('Content-Length', body.length);
  res.end(body);
}

const BLOB = Buffer.from('hello release');
const BLOB_DIGEST = sha256Digest(BLOB);

async function withRegistry(
  mode: 'bearer' | 'basic' | 'none',
  body: (registry: FakeRegistry, client: (auth: OciAuth, timeoutMs?: number) => OciClient) => Promise<void>,
): Promise<void> {
  const registry = new FakeRegistry(mode);
  await registry.start();
  try {
    await body(
      registry,
      (auth, timeoutMs) =>
        new OciClient({ registry: registry.host, repository: 'stacks', plainHttp: true, auth, timeoutMs }),
    );
  } finally {
    await registry.stop();
  }
}

describe('parseChallenge and mergeScopes', () => {
  test('GIVEN a Bearer challenge with quoted params WHEN parsed THEN scheme and params are returned', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example/token',
        service: 'registry.example',
        scope: 'repository:a/b:pull,push',
      },
    });
  });

  test('GIVEN token values, spaces and an escaped quote WHEN parsed THEN each value is unquoted', () => {
    expect(parseChallenge('Basic realm="say \\"hi\\"", charset=UTF-8')).toEqual({
      scheme: 'basic',
      params: { realm: 'say "hi"', charset: 'UTF-8' },
    });
  });

  test('GIVEN an empty header WHEN parsed THEN there is no challenge', () => {
    expect(parseChallenge('')).toBeUndefined();
  });

  test('GIVEN pull and pull,push scopes of one repository and another repository WHEN merged THEN actions are united per repository', () => {
    expect(
      mergeScopes([
        'repository:stacks:pull',
        'repository:stacks:push,pull',
        'repository:other:pull',
        '',
        'registry:catalog:*',
      ]),
    ).toEqual(['registry:catalog:*', 'repository:other:pull', 'repository:stacks:pull,push']);
  });
});

describe('authFromEnv', () => {
  test.each([
    [{}, { kind: 'anonymous' }],
    [
      { OCI_USERNAME: 'alice', OCI_PASSWORD: 's3cret' },
      { kind: 'basic', username: 'alice', password: 's3cret' },
    ],
    [
      { OCI_ACCESS_TOKEN: 'pat-123', OCI_USERNAME: 'alice', OCI_PASSWORD: 's3cret' },
      { kind: 'token', token: 'pat-123' },
    ],
  ])('GIVEN environment %j WHEN read THEN the auth is %j', (env, expected) => {
    expect(authFromEnv(env)).toEqual(expected);
  });

  test('GIVEN only OCI_USERNAME WHEN read THEN it is rejected', () => {
    expect(() => authFromEnv({ OCI_USERNAME: 'alice' })).toThrow(
      new Error('OCI_USERNAME and OCI_PASSWORD must be set together (only OCI_USERNAME is set)'),
    );
  });

  test('GIVEN an access token THEN the bearer sent is its base64, as csctl and CSO send it', () => {
    expect(accessTokenBearer('pat-123')).toBe('cGF0LTEyMw==');
  });
});

describe('OciClient bearer token handshake', () => {
  test('GIVEN a registry with a Bearer challenge and username/password WHEN checking a tag and pushing a blob THEN tokens are fetched with basic auth, for pull and then for pull,push', async () => {
    await withRegistry('bearer', async (registry, client) => {
      const oci = client({ kind: 'basic', username: 'alice', password: 's3cret' });

      const exists = await oci.manifestExists('v1');
      const pushed = await oci.pushBlob(BLOB);
      const again = await oci.pushBlob(BLOB);

      expect({ exists, pushed, again }).toEqual({
        exists: false,
        pushed: { digest: BLOB_DIGEST, size: 13, uploaded: true },
        again: { digest: BLOB_DIGEST, size: 13, uploaded: false },
      });
      expect(registry.log).toEqual([
        'HEAD /v2/stacks/manifests/v1 none',
        'GET /token?service=fake-registry&scope=repository%3Astacks%3Apull basic alice',
        'HEAD /v2/stacks/manifests/v1 bearer t1',
        `HEAD /v2/stacks/blobs/${BLOB_DIGEST} bearer t1`,
        'POST /v2/stacks/blobs/uploads/ bearer t1',
        'GET /token?service=fake-registry&scope=repository%3Astacks%3Apull%2Cpush basic alice',
        'POST /v2/stacks/blobs/uploads/ bearer t2',
        `PUT /v2/stacks/blobs/uploads/u1?_state=abc%3D&digest=${encodeURIComponent(BLOB_DIGEST)} bearer t2`,
        `HEAD /v2/stacks/blobs/${BLOB_DIGEST} bearer t2`,
      ]);
      expect(registry.blobs.get(BLOB_DIGEST)?.toString()).toBe('hello release');
    });
  });

  test('GIVEN no credentials WHEN the registry sends a Bearer challenge THEN an anonymous token is fetched', async () => {
    await withRegistry('bearer', async (registry, client) => {
      await client({ kind: 'anonymous' }).manifestExists('v1');

      expect(registry.log).toEqual([
        'HEAD /v2/stacks/manifests/v1 none',
        'GET /token?service=fake-registry&scope=repository%3Astacks%3Apull none',
        'HEAD /v2/stacks/manifests/v1 bearer t1',
      ]);
    });
  });

  test('GIVEN OCI_ACCESS_TOKEN WHEN the registry sends a Bearer challenge THEN base64 of it is the bearer and no token is fetched', async () => {
    await withRegistry('bearer', async (registry, client) => {
      const oci = client({ kind: 'token', token: 'pat-123' });

      await oci.manifestExists('v1');
      await oci.pushBlob(BLOB);

      expect(registry.log).toEqual([
        'HEAD /v2/stacks/manifests/v1 none',
        'HEAD /v2/stacks/manifests/v1 bearer cGF0LTEyMw==',
        `HEAD /v2/stacks/blobs/${BLOB_DIGEST} bearer cGF0LTEyMw==`,
        'POST /v2/stacks/blobs/uploads/ bearer cGF0LTEyMw==',
        `PUT /v2/stacks/blobs/uploads/u1?_state=abc%3D&digest=${encodeURIComponent(BLOB_DIGEST)} bearer cGF0LTEyMw==`,
      ]);
    });
  });

  test('GIVEN a wrong password WHEN the token is requested THEN the error names registry, repository, tag, token endpoint and status', async () => {
    await withRegistry('bearer', async (registry, client) => {
      await expect(
        client({ kind: 'basic', username: 'alice', password: 'wrong' }).manifestExists('v1'),
      ).rejects.toThrow(
        new Error(
          `cannot check tag "v1" in ${registry.host}/stacks: cannot get a token from http://${registry.host}/token for ` +
            `${registry.host}/stacks (scope repository:stacks:pull): HTTP 401 Unauthorized (UNAUTHORIZED: bad credentials) ` +
            '(credentials of OCI_USERNAME "alice")',
        ),
      );
    });
  });

  test('GIVEN a wrong access token WHEN the registry rejects it THEN the error says the registry rejected OCI_ACCESS_TOKEN', async () => {
    await withRegistry('bearer', async (registry, client) => {
      await expect(client({ kind: 'token', token: 'nope' }).manifestExists('v1')).rejects.toThrow(
        new Error(
          // a HEAD answer has no body, so no registry error code
          `cannot check tag "v1" in ${registry.host}/stacks: HTTP 401 Unauthorized (the registry rejected the OCI_ACCESS_TOKEN)`,
        ),
      );
    });
  });
});

describe('OciClient basic auth, errors and listing', () => {
  test('GIVEN a Basic challenge and credentials WHEN checking a tag THEN the request is repeated with basic auth', async () => {
    await withRegistry('basic', async (registry, client) => {
      await client({ kind: 'basic', username: 'alice', password: 's3cret' }).manifestExists('v1');

      expect(registry.log).toEqual([
        'HEAD /v2/stacks/manifests/v1 none',
        'HEAD /v2/stacks/manifests/v1 basic alice',
      ]);
    });
  });

  test('GIVEN a Basic challenge and no credentials WHEN checking a tag THEN the error says which variables to set', async () => {
    await withRegistry('basic', async (registry, client) => {
      await expect(client({ kind: 'anonymous' }).manifestExists('v1')).rejects.toThrow(
        new Error(
          `cannot check tag "v1" in ${registry.host}/stacks: the registry asks for basic authentication; set OCI_USERNAME and OCI_PASSWORD`,
        ),
      );
    });
  });

  test('GIVEN a registry refusing a manifest WHEN it is put THEN the error names tag, registry, repository, status and registry error', async () => {
    await withRegistry('none', async (registry, client) => {
      registry.override = (req, res) => {
        if (req.method !== 'PUT') return false;
        json(res, 400, { errors: [{ code: 'MANIFEST_INVALID', message: 'manifest invalid', detail: {} }] });
        return true;
      };

      await expect(
        client(authFromEnv({})).putManifest(
          'v1',
          'application/vnd.oci.image.manifest.v1+json',
          Buffer.from('{}'),
        ),
      ).rejects.toThrow(
        new Error(
          `cannot put manifest tag "v1" to ${registry.host}/stacks: HTTP 400 Bad Request (MANIFEST_INVALID: manifest invalid)`,
        ),
      );
    });
  });

  test('GIVEN nothing listening WHEN checking a tag THEN the error names the request and the connection failure', async () => {
    const port = await freePort();
    const oci = new OciClient({ registry: `127.0.0.1:${port}`, repository: 'stacks', plainHttp: true });

    await expect(oci.manifestExists('v1')).rejects.toThrow(
      new Error(
        `cannot check tag "v1" in 127.0.0.1:${port}/stacks: HEAD http://127.0.0.1:${port}/v2/stacks/manifests/v1 failed: connect ECONNREFUSED 127.0.0.1:${port}`,
      ),
    );
  });

  test('GIVEN a registry that never answers WHEN checking a tag with a 300 ms timeout THEN it fails as timed out', async () => {
    await withRegistry('none', async (registry, client) => {
      registry.override = () => true; // accept the request, never answer

      await expect(client({ kind: 'anonymous' }, 300).manifestExists('v1')).rejects.toThrow(
        new Error(
          `cannot check tag "v1" in ${registry.host}/stacks: HEAD http://${registry.host}/v2/stacks/manifests/v1 failed: timed out`,
        ),
      );
    });
  });

  test('GIVEN five tags served two per page WHEN listed THEN every page is followed', async () => {
    await withRegistry('none', async (registry, client) => {
      registry.tags = ['a', 'b', 'c', 'd', 'e'];

      expect(await client({ kind: 'anonymous' }).listTags()).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(registry.log).toEqual([
        'GET /v2/stacks/tags/list none',
        'GET /v2/stacks/tags/list?n=2&last=b none',
        'GET /v2/stacks/tags/list?n=2&last=d none',
      ]);
    });
  });

  test('GIVEN a blob whose content does not match its digest WHEN fetched THEN it is rejected', async () => {
    await withRegistry('none', async (registry, client) => {
      registry.blobs.set(BLOB_DIGEST, Buffer.from('tampered'));

      await expect(client({ kind: 'anonymous' }).getBlob(BLOB_DIGEST)).rejects.toThrow(
        new Error(
          `cannot get blob ${BLOB_DIGEST} from ${registry.host}/stacks: the content has digest ${sha256Digest(Buffer.from('tampered'))}`,
        ),
      );
    });
  });

  test('GIVEN an upload location on another host WHEN the blob is put there THEN the credentials are not sent to it', async () => {
    await withRegistry('basic', async (registry, client) => {
      const other = new FakeRegistry('none');
      await other.start();
      try {
        registry.override = (req, res) => {
          if (req.method !== 'POST' || req.headers.authorization === undefined) return false;
          res.setHeader('Location', `http://${other.host}/v2/stacks/blobs/uploads/u1?_state=abc%3D`);
          end(res, 202);
          return true;
        };

        await client({ kind: 'basic', username: 'alice', password: 's3cret' }).pushBlob(BLOB);

        expect(other.log).toEqual([
          `PUT /v2/stacks/blobs/uploads/u1?_state=abc%3D&digest=${encodeURIComponent(BLOB_DIGEST)} none`,
        ]);
      } finally {
        await other.stop();
      }
    });
  });

  test.each([
    [
      { registry: 'http://127.0.0.1:5000', repository: 'stacks' },
      'invalid registry "http://127.0.0.1:5000": expected host[:port] without scheme or path, e.g. registry.example.com or 127.0.0.1:5000',
    ],
    [
      { registry: '127.0.0.1:5000', repository: 'Stacks' },
      'invalid repository "Stacks": expected lowercase path components such as kaas/cluster-stacks (a-z, 0-9, separators ".", "_", "__", "-" and "/")',
    ],
  ])('GIVEN options %j WHEN a client is made THEN it is rejected', (options, message) => {
    expect(() => new OciClient(options)).toThrow(new Error(message));
  });
});
