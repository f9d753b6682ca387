// The lab's network is air-gapped by rule, not only by having nothing to fetch: containers on it may reach
// each other and the host, never beyond. Without this, a packet for a Service IP that a node's kube-proxy
// has not programmed yet leaves through the host's default route, and whatever answers outside (a 404
// from some proxy, kept alive by the API aggregator's connection pool) is taken for a cluster Service.
import { LabError } from '../util/errors';
import { probe, run } from '../util/exec';

const COMMENT = 'cluster-stacks-lab: no egress';

/** The DOCKER-USER rule that refuses whatever comes from the bridge and would leave by another interface. */
export function egressRule(bridge: string): string[] {
  return [
    'DOCKER-USER',
    '-i',
    bridge,
    '!',
    '-o',
    bridge,
    '-m',
    'comment',
    '--comment',
    COMMENT,
    '-j',
    'REJECT',
  ];
}

/** The Linux bridge behind a Docker network (`br-<id>` unless the network names its own). */
export function bridgeOf(network: string): string {
  const named = probe('docker', [
    'network',
    'inspect',
    '-f',
    '{{index .Options "com.docker.network.bridge.name"}}',
    network,
  ])?.trim();
  if (named) return named;
  const id = probe('docker', ['network', 'inspect', '-f', '{{.Id}}', network])?.trim();
  if (!id) throw new LabError(`Docker network ${network} does not exist`);
  return `br-${id.slice(0, 12)}`;
}

/** Adds the rule for the network's bridge unless it is there; returns the bridge. */
export async function closeEgress(network: string): Promise<string> {
  const bridge = bridgeOf(network);
  if (probe('iptables', ['-L', 'DOCKER-USER', '-n']) === undefined) {
    throw new LabError(
      "the lab keeps its network air-gapped with a rule in Docker's DOCKER-USER chain, and iptables cannot list that chain here; run the lab as root on an engine that manages iptables (the default)",
    );
  }
  const rule = egressRule(bridge);
  if (probe('iptables', ['-C', ...rule]) === undefined) await run('iptables', ['-I', ...rule]);
  return bridge;
}

/** Removes the rule for a bridge when it is there. */
export async function openEgress(bridge: string): Promise<boolean> {
  const rule = egressRule(bridge);
  if (probe('iptables', ['-C', ...rule]) === undefined) return false;
  await run('iptables', ['-D', ...rule]);
  return true;
}
