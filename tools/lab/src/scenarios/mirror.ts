// The mirror scenario's pure parts: the variable values that point the node-features example at the lab's
// registry, what the nodes' hosts.toml must then say, and the registry's access log read back.
import { RESTRICTED_CONTAINER, RESTRICTED_POD } from './workload';

/** The Secret the example's credentialsSecretRef names; the lab creates it in the Cluster's namespace. */
export const CREDENTIALS_SECRET = 'registry-credentials';
/** The repository of the probe image: pushed to the lab registry only, pulled by its docker.io name. */
export const PROBE_REPOSITORY = 'cslab/mirror-probe';
/** A proxy that does not exist: whatever the nodes send through it fails. */
export const ABSENT_PROXY = 'http://cslab-absent-proxy.invalid:3128';

export interface MirrorEntry {
  readonly hostnameUpstream: string;
  readonly urlMirror: string;
  readonly overridePath?: boolean;
  readonly credentialsSecretRef?: { readonly name: string };
}

/**
 * The lab's values of the node-features example's mirror and proxy variables, in the example's shape: docker.io
 * through the registry's API root with credentials, registry.k8s.io through the registry's address with `/v2`
 * appended (overridePath false), and every request of containerd and the kubelet sent to a proxy that does not
 * exist, except the registry's host. Certificate renewal keeps the example's value.
 */
export function mirrorVariables(registryAddress: string): {
  registryMirrors: MirrorEntry[];
  httpProxy: { http: string; https: string; noProxy: string[] };
} {
  return {
    registryMirrors: [
      {
        hostnameUpstream: 'docker.io',
        urlMirror: `http://${registryAddress}/v2`,
        credentialsSecretRef: { name: CREDENTIALS_SECRET },
      },
      { hostnameUpstream: 'registry.k8s.io', urlMirror: `http://${registryAddress}`, overridePath: false },
    ],
    httpProxy: { http: ABSENT_PROXY, https: ABSENT_PROXY, noProxy: [registryAddress.split(':')[0]!] },
  };
}

/** The value of an HTTP Basic `Authorization` header. */
export function basicAuthorization(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`).toString('base64');
}

/** What `/etc/containerd/certs.d/<hostnameUpstream>/hosts.toml` holds for a mirror once the node is up. */
export function expectedHostsToml(mirror: MirrorEntry, authorization?: string): string {
  const host = JSON.stringify(mirror.urlMirror);
  const lines = [
    `[host.${host}]`,
    '  capabilities = ["pull", "resolve"]',
    `  override_path = ${mirror.overridePath === false ? 'false' : 'true'}`,
  ];
  if (mirror.credentialsSecretRef !== undefined) {
    if (authorization === undefined) throw new Error(`${mirror.hostnameUpstream}: credentials expected`);
    lines.push(`  [host.${host}.header]`, `    Authorization = ["Basic ${authorization}"]`);
  }
  return `${lines.join('\n')}\n`;
}

/** The entries of the NO_PROXY line of a systemd proxy drop-in. */
export function noProxyEntries(dropIn: string): string[] {
  const value = /^Environment="NO_PROXY=([^"]*)"$/m.exec(dropIn)?.[1];
  return value === undefined ? [] : value.split(',');
}

export interface AccessLogEntry {
  readonly client: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly userAgent: string;
}

/** Requests for a manifest of the repository by a tag or digest, from the registry's (combined format) access log. */
export function manifestRequests(log: string, repository: string, reference: string): AccessLogEntry[] {
  const line = /^(\S+) \S+ \S+ \[[^\]]*\] "(\S+) (\S+) [^"]*" (\d{3}) \S+ "[^"]*" "([^"]*)"/;
  const wanted = `/${repository}/manifests/${reference}`;
  return log.split('\n').flatMap((l) => {
    const m = line.exec(l.trim());
    if (m === null) return [];
    const [, client, method, uri, status, userAgent] = m as unknown as string[];
    const path = uri!.split('?')[0]!;
    return path.endsWith(wanted)
      ? [{ client: client!, method: method!, path: uri!, status: Number(status), userAgent: userAgent! }]
      : [];
  });
}

/** The probe Pod: the image by its docker.io name, pulled every time, on one node, as restricted as PSS asks. */
export function probePod(name: string, image: string, node: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: {
      nodeName: node,
      restartPolicy: 'Never',
      ...RESTRICTED_POD,
      containers: [{ name: 'probe', image, imagePullPolicy: 'Always', ...RESTRICTED_CONTAINER }],
    },
  };
}

/** The Secret the nodes' bootstrap data takes the mirror's user name and password from. */
export function credentialsSecret(
  namespace: string,
  username: string,
  password: string,
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: CREDENTIALS_SECRET, namespace },
    type: 'kubernetes.io/basic-auth',
    stringData: { username, password },
  };
}
