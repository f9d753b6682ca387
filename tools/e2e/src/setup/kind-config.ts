import { stringify } from 'yaml';
import { NODE_RELEASES_PATH } from './cso-local-mode';

export interface KindConfigInput {
  /** Node image of the management cluster, pinned by digest. */
  readonly nodeImage: string;
  /** Absolute host path of the directory holding the release directories. */
  readonly releasesHostPath: string;
}

/**
 * A one-node kind management cluster for Cluster API Docker (CAPD): CAPD creates the workload clusters' nodes as
 * containers through the host's Docker socket, and CSO reads the releases from a host directory mounted into the
 * node (and from there into its pod, see cso-local-mode.ts).
 */
export function kindConfig(input: KindConfigInput): string {
  if (!input.releasesHostPath.startsWith('/'))
    throw new Error(`the releases directory must be an absolute path, got ${input.releasesHostPath}`);
  return stringify(
    {
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      nodes: [
        {
          role: 'control-plane',
          image: input.nodeImage,
          extraMounts: [
            { hostPath: '/var/run/docker.sock', containerPath: '/var/run/docker.sock' },
            { hostPath: input.releasesHostPath, containerPath: NODE_RELEASES_PATH, readOnly: true },
          ],
        },
      ],
    },
    { lineWidth: 0 },
  );
}
