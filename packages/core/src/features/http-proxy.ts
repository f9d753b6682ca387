import { ClusterClass } from '../cluster-class/cluster-class';
import { Expr, fn, Ref, template, vars } from '../cluster-class/expressions';
import { fileEntryTemplate } from '../cluster-class/kubelet-configuration';
import { PatchOperation, patchesOn } from '../cluster-class/patch';
import { ClusterFeatureVariables } from './variables';

const v = vars<ClusterFeatureVariables>();

/** The systemd units that get the proxy, with the path of their drop-in. */
export const PROXY_DROP_INS: Readonly<Record<string, string>> = {
  containerd: '/etc/systemd/system/containerd.service.d/http-proxy.conf',
  kubelet: '/etc/systemd/system/kubelet.service.d/http-proxy.conf',
};

/** The script that adds the control-plane endpoint's host and the node's addresses to the drop-ins' NO_PROXY before kubeadm runs. */
export const ENDPOINT_NO_PROXY_SCRIPT = '/etc/kubernetes/endpoint-no-proxy.sh';

/** Where the bootstrap provider writes kubeadm's configuration: `kubeadm.yaml` (init) or `kubeadm-join-config.yaml`. */
const KUBEADM_CONFIG_GLOB = '/run/kubeadm/kubeadm*.yaml';

/**
 * Adds the host of the control-plane endpoint (`controlPlaneEndpoint` of an init, `apiServerEndpoint` of a join,
 * from kubeadm's configuration) and the node's own addresses (`hostname -I`; a control-plane node's kubelet
 * reaches its local API server there) to NO_PROXY in the drop-ins. The kubelet reaches the API server there, and the
 * endpoint is known on the node only: no builtin variable carries it, and on many infrastructures (a load
 * balancer's address on the node network) it is outside the Cluster's pod and service networks.
 */
export const ENDPOINT_NO_PROXY = `#!/bin/sh
# The kubelet reaches the API server at the control-plane endpoint: never through the proxy.
set -eu
endpoint=$(sed -n -E 's/^ *(controlPlaneEndpoint|apiServerEndpoint): *"?([^" ]+)"? *$/\\2/p' ${KUBEADM_CONFIG_GLOB} 2>/dev/null | head -n 1)
[ -n "$endpoint" ] || exit 0
host=\${endpoint%:*}
host=\${host#[}
host=\${host%]}
# On a control-plane node the kubelet reaches the local API server at the node's own address.
own=$(hostname -I 2>/dev/null | tr -s ' ' ',' | sed 's/,$//')
direct=$host\${own:+,$own}
for dropIn in ${Object.values(PROXY_DROP_INS).join(' ')}; do
  sed -i -E 's#^(Environment="(NO_PROXY|no_proxy)=[^"]*)"$#\\1,'"$direct"'"#' "$dropIn"
done
`;

/** What is always reached without the proxy, besides the Cluster's networks. */
const ALWAYS_DIRECT = ['localhost', '127.0.0.1', '.svc'];

/** A value of the Cluster's network builtins, or the fallback when the Cluster does not set it. */
const network = (field: string, fallback: string) =>
  `(dig "builtin" "cluster" "network" ${JSON.stringify(field)} ${fallback} .)`;

/**
 * The NO_PROXY list: localhost, `.svc` and `.<serviceDomain>`, the Cluster's pod and service CIDRs, the stack's
 * own entries (e.g. its node network) and the httpProxy variable's noProxy, each once, joined with commas.
 */
class NoProxyList extends Expr<string> {
  public constructor(private readonly extra: readonly Ref<string | undefined>[]) {
    super();
  }

  public renderPipeline(): string {
    const always = ALWAYS_DIRECT.map((entry) => JSON.stringify(entry)).join(' ');
    const domain = `(printf ".%s" ${network('serviceDomain', '"cluster.local"')})`;
    const extra = this.extra.length
      ? ` (compact (list ${this.extra.map((r) => r.renderPipeline()).join(' ')}))`
      : '';
    const own = `(default (list) ${v.ref('httpProxy').field('noProxy').renderPipeline()})`;
    // Parenthesised: the list is an argument of other calls.
    return `(join "," (uniq (concat (list ${always} ${domain}) ${network('pods', '(list)')} ${network('services', '(list)')}${extra} ${own})))`;
  }

  public references(): Ref<unknown>[] {
    return [v.ref('httpProxy'), ...this.extra];
  }
}

/** The drop-in's `[Service]` section: the proxy variables in upper and lower case (programs read either). */
function dropIn(extraNoProxy: readonly Ref<string | undefined>[]) {
  const proxy = v.ref('httpProxy');
  // systemd expands `%` specifiers in unit files; the variable's patterns keep out quotes, spaces and backslashes.
  const value = (field: 'http' | 'https') =>
    (proxy.field(field).orDefault('') as Expr<string>).replace('%', '%%');
  const noProxy = new NoProxyList(extraNoProxy).replace('%', '%%');
  return template`[Service]
Environment="HTTP_PROXY=${value('http')}"
Environment="http_proxy=${value('http')}"
Environment="HTTPS_PROXY=${value('https')}"
Environment="https_proxy=${value('https')}"
Environment="NO_PROXY=${noProxy}"
Environment="no_proxy=${noProxy}"
`;
}

/**
 * The HTTP proxy patch: systemd drop-ins for containerd and the kubelet on every node, the control-plane
 * endpoint's host added to their NO_PROXY, then a daemon-reload and a containerd restart before kubeadm, so that
 * image pulls and the kubelet use the proxy.
 */
export function addHttpProxyPatches(
  cc: ClusterClass,
  extraNoProxy: readonly Ref<string | undefined>[],
): void {
  const proxy = v.ref('httpProxy');
  const content = dropIn(extraNoProxy);
  cc.addPatch({
    name: 'httpProxy',
    description:
      'Sends the HTTP and HTTPS requests of containerd and the kubelet through the proxy (systemd drop-ins), except to the Cluster itself and the noProxy entries.',
    enabledIf: fn.or(fn.isSet(proxy.field('http')), fn.isSet(proxy.field('https'))),
    definitions: patchesOn(
      cc.targets.allKubeadm,
      ...Object.values(PROXY_DROP_INS).map((path) =>
        PatchOperation.addKubeadmFile(
          fileEntryTemplate({ path, owner: 'root:root', permissions: '0600' }, content),
        ),
      ),
      PatchOperation.addKubeadmFile({
        path: ENDPOINT_NO_PROXY_SCRIPT,
        owner: 'root:root',
        permissions: '0700',
        content: ENDPOINT_NO_PROXY,
      }),
      PatchOperation.addPreKubeadmCommand(`sh ${ENDPOINT_NO_PROXY_SCRIPT}`),
      PatchOperation.addPreKubeadmCommand('systemctl daemon-reload'),
      PatchOperation.addPreKubeadmCommand('systemctl restart containerd'),
    ),
  });
}
