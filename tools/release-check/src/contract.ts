// The vocabulary of the release check: findings, options, the file names CSO reads and the sample Cluster
// values templates are rendered against.

export type Severity = 'error' | 'warning';

/** One violated rule. `error`: CSO rejects the release (E); `warning`: the stack breaks later (W). */
export interface Finding {
  /** The rule number of release-contract §2.4 (1–17). */
  rule: number;
  severity: Severity;
  message: string;
}

export interface CheckOptions {
  /** Path of the cso-render binary; default `<repo>/.tools/bin/cso-render`. */
  csoRender?: string;
  /** The Cluster object values templates are rendered against; default {@link sampleCluster}. */
  sampleCluster?: object;
  /** Rendered as `.ControlPlane` when given (CSO: the object of spec.controlPlaneRef). */
  sampleControlPlane?: object;
  /** Rendered as `.InfraCluster` when given (CSO: the object of spec.infrastructureRef). */
  sampleInfraCluster?: object;
}

/** An error finding of a rule. */
export const error = (rule: number, message: string): Finding => ({ rule, severity: 'error', message });

/** A warning finding of a rule. */
export const warning = (rule: number, message: string): Finding => ({ rule, severity: 'warning', message });

export const AFTER_CONTROL_PLANE_INITIALIZED = 'AfterControlPlaneInitialized';
export const BEFORE_CLUSTER_UPGRADE = 'BeforeClusterUpgrade';
export const EXECUTED_HOOKS = [AFTER_CONTROL_PLANE_INITIALIZED, BEFORE_CLUSTER_UPGRADE];

export const METADATA_FILE = 'metadata.yaml';
export const CLUSTER_ADDON_CONFIG = 'clusteraddon.yaml';
export const CLUSTER_ADDON_VALUES = 'cluster-addon-values.yaml';
export const OVERWRITE_YAML = 'overwrite.yaml';

export const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
]);

/**
 * A v1beta1 Cluster as CSO passes it to values templates (`.Cluster`), with the fields
 * stacks usually read: metadata name/namespace, clusterNetwork CIDRs, the control plane
 * endpoint and the topology.
 */
export function sampleCluster(
  className = 'provider-name-1-30-v1',
  kubernetesVersion = 'v1.30.0',
): Record<string, unknown> {
  return {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'Cluster',
    metadata: {
      name: 'sample-cluster',
      namespace: 'sample-namespace',
      uid: '00000000-0000-0000-0000-000000000000',
    },
    spec: {
      clusterNetwork: {
        pods: { cidrBlocks: ['192.168.0.0/16'] },
        services: { cidrBlocks: ['10.96.0.0/12'] },
        serviceDomain: 'cluster.local',
      },
      controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 },
      topology: {
        class: className,
        version: kubernetesVersion,
        controlPlane: { replicas: 1 },
        workers: { machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 1 }] },
      },
    },
    status: { phase: 'Provisioned', controlPlaneReady: true, infrastructureReady: true },
  };
}
