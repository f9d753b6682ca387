import { ClusterFeatures, ClusterStack, JWT_AUTHENTICATOR_FIELDS } from '@cluster-stacks/core';

/**
 * The OpenID Connect section of a stack reference: which JWT authenticator fields oidcAuthentication offers on
 * each minor of the stack (from the core's field table), and how it meets a stack's own OIDC variable.
 */
export function oidcSection(sorted: readonly ClusterStack[]): string[] {
  const offering = sorted.filter((s) => s.node.findAll().some((c) => c instanceof ClusterFeatures));
  if (offering.length === 0) return [];
  const minors = offering.map((s) => s.kubernetesVersion.minor);
  const header = ['field', ...minors.map((m) => `1.${m}`), 'why not'];
  const rows = JWT_AUTHENTICATOR_FIELDS.map((f) => [
    `\`${f.path}\``,
    ...minors.map((m) => (!f.notOffered && f.since <= m ? 'yes' : '–')),
    f.notOffered ?? (minors.some((m) => f.since > m) ? `read from Kubernetes 1.${f.since}` : ''),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    '## OpenID Connect',
    '',
    "`oidcAuthentication.jwt` lists OpenID Connect providers as JWT authenticators of the API server's structured authentication configuration (`apiserver.config.k8s.io/v1beta1` before Kubernetes 1.34, `v1` from 1.34), the file the hardening profile writes; the API server refuses `--oidc-*` flags next to it. Its fields by minor:",
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    "A stack's own OIDC variable (openstack/scs: `oidcConfig`, scs2's single issuer) is written first, unchanged. The API server refuses two authenticators of one issuer and no CAPI rule spans two variables, so when `oidcAuthentication` lists the same issuer URL, the stack's own authenticator is left out. Without any provider set the file is the anonymous rules alone, as before the variable existed.",
  ];
}
