// The lab's kind management cluster: one node of the lab's own node image, the host's Docker
// socket for CAPD, the releases for CSO, and a bridge CNI (kind's default CNI image is not built here).
import { stringify } from 'yaml';

export const MANAGEMENT_CLUSTER = 'cslab-mgmt';
export const POD_SUBNET = '10.244.0.0/16';

/** A bridge network for the single management node: enough for its controllers' pods. */
export function bridgeConflist(): string {
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'lab-bridge',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni0',
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: { type: 'host-local', ranges: [[{ subnet: POD_SUBNET }]], routes: [{ dst: '0.0.0.0/0' }] },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export interface LabKindConfigInput {
  readonly nodeImage: string;
  readonly conflistHostPath: string;
  readonly releasesHostPath: string;
}

export function labKindConfig(input: LabKindConfigInput): string {
  return stringify(
    {
      kind: 'Cluster',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      networking: { disableDefaultCNI: true, podSubnet: POD_SUBNET },
      nodes: [
        {
          role: 'control-plane',
          image: input.nodeImage,
          extraMounts: [
            { hostPath: '/var/run/docker.sock', containerPath: '/var/run/docker.sock' },
            {
              hostPath: input.conflistHostPath,
              containerPath: '/etc/cni/net.d/10-lab-bridge.conflist',
              readOnly: true,
            },
            { hostPath: input.releasesHostPath, containerPath: '/cluster-stacks', readOnly: true },
          ],
        },
      ],
    },
    { lineWidth: 0 },
  );
}
