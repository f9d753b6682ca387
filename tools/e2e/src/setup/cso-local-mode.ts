import { parseAllDocuments, stringify } from 'yaml';

/** CSO's default `--release-dir`; in local mode it reads `<release-dir>/cluster-stacks/<tag>/`. */
export const CSO_RELEASE_DIR = '/tmp/downloads';
/** Where the kind node mounts the host's release directories (see kind-config.ts). */
export const NODE_RELEASES_PATH = '/cluster-stacks';

const DEPLOYMENT = { namespace: 'cso-system', name: 'cso-controller-manager', container: 'manager' };

type Json = Record<string, unknown>;

function asList(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

/** Drops flags the patch sets itself, so a rerun or an upstream default cannot leave two of them. */
function withoutFlags(args: readonly string[], flags: readonly string[]): string[] {
  return args.filter((arg) => !flags.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
}

/**
 * Turns CSO's released manifests (`cso-infrastructure-components.yaml`, variables already substituted) into a
 * local-mode installation that serves the releases mounted at `nodeReleasesPath` on the node:
 *
 * - the manager runs with `--local=true`, so it downloads nothing and reads `<release-dir>/cluster-stacks/<tag>/`;
 * - CSO unpacks each addon archive next to it, so its release directory must be writable by its non-root user:
 *   an init container copies the read-only host mount into an emptyDir, which also fixes the releases the
 *   operator sees for the lifetime of the pod (CSO never re-reads a release it has found);
 * - Helm's cache, config and data go to that emptyDir too (`helm template --dependency-update` writes there).
 */
export function csoLocalMode(manifests: string, nodeReleasesPath = NODE_RELEASES_PATH): string {
  const documents = parseAllDocuments(manifests)
    .map((d) => d.toJS() as Json | null)
    .filter((d): d is Json => d !== null);
  const deployment = documents.find((d) => {
    const metadata = d.metadata as Json | undefined;
    return (
      d.kind === 'Deployment' &&
      metadata?.name === DEPLOYMENT.name &&
      metadata?.namespace === DEPLOYMENT.namespace
    );
  });
  if (!deployment)
    throw new Error(`no Deployment ${DEPLOYMENT.namespace}/${DEPLOYMENT.name} in the CSO manifests`);
  const podSpec = ((deployment.spec as Json).template as Json).spec as Json;
  const manager = asList(podSpec.containers).find((c) => c.name === DEPLOYMENT.container);
  if (!manager) throw new Error(`Deployment ${DEPLOYMENT.name} has no container ${DEPLOYMENT.container}`);

  const releaseVolume = { name: 'cluster-stacks', mountPath: CSO_RELEASE_DIR };
  manager.args = [
    ...withoutFlags((manager.args as string[] | undefined) ?? [], ['--local', '--release-dir']),
    '--local=true',
    `--release-dir=${CSO_RELEASE_DIR}`,
  ];
  const helmEnv = ['CACHE', 'CONFIG', 'DATA'].map((kind) => ({
    name: `HELM_${kind}_HOME`,
    value: `${CSO_RELEASE_DIR}/.helm/${kind.toLowerCase()}`,
  }));
  manager.env = [...asList(manager.env).filter((e) => !helmEnv.some((h) => h.name === e.name)), ...helmEnv];
  manager.volumeMounts = [
    ...asList(manager.volumeMounts).filter((m) => m.name !== releaseVolume.name),
    releaseVolume,
  ];

  podSpec.initContainers = [
    ...asList(podSpec.initContainers).filter((c) => c.name !== 'copy-releases'),
    {
      name: 'copy-releases',
      image: manager.image,
      command: [
        'sh',
        '-c',
        `mkdir -p ${CSO_RELEASE_DIR}/cluster-stacks && cp -R /releases/. ${CSO_RELEASE_DIR}/cluster-stacks/ && ls -l ${CSO_RELEASE_DIR}/cluster-stacks`,
      ],
      volumeMounts: [releaseVolume, { name: 'host-releases', mountPath: '/releases', readOnly: true }],
    },
  ];
  podSpec.volumes = [
    ...asList(podSpec.volumes).filter((v) => v.name !== 'cluster-stacks' && v.name !== 'host-releases'),
    { name: 'cluster-stacks', emptyDir: {} },
    { name: 'host-releases', hostPath: { path: nodeReleasesPath, type: 'Directory' } },
  ];
  return documents.map((d) => `---\n${stringify(d, { lineWidth: 0 })}`).join('');
}
