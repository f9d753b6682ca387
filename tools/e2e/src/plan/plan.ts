import { KubeObject } from '../kube/client';
import { ReleaseInfo } from './release';

/**
 * What to look at and what counts as done. Probes are data, not closures, so a plan can be printed
 * (`--dry-run`), compared in tests and evaluated by `probes/evaluate.ts` against any KubeClient.
 */
export type Probe =
  /** A controller Deployment of the management cluster has all its replicas available. */
  | { readonly type: 'deployment-available'; readonly namespace: string; readonly name: string }
  /** CSO found and applied a release (ClusterStackRelease `status.ready`). */
  | { readonly type: 'cluster-stack-release-ready'; readonly namespace: string; readonly name: string }
  /** The release's ClusterClass exists and its variables are reconciled. */
  | { readonly type: 'cluster-class-present'; readonly namespace: string; readonly name: string }
  /** The first control-plane machine is up (the point where CSO's AfterControlPlaneInitialized hook runs). */
  | { readonly type: 'control-plane-initialized'; readonly namespace: string; readonly cluster: string }
  /** CAPI reconciled the Cluster's current topology (class and version) into its objects. */
  | {
      readonly type: 'topology-reconciled';
      readonly namespace: string;
      readonly cluster: string;
      readonly clusterClass: string;
      readonly version: string;
    }
  /** CSO applied every addon stage of the class (ClusterAddon ready, no hook running, no stage pending). */
  | {
      readonly type: 'cluster-addon-done';
      readonly namespace: string;
      readonly cluster: string;
      readonly clusterClass: string;
    }
  /** The KubeadmControlPlane has all replicas ready and up to date at the version. */
  | {
      readonly type: 'control-plane-ready';
      readonly namespace: string;
      readonly cluster: string;
      readonly replicas: number;
      readonly version: string;
    }
  /** Every MachineDeployment of the topology has all replicas ready and up to date at the version. */
  | {
      readonly type: 'workers-ready';
      readonly namespace: string;
      readonly cluster: string;
      readonly machineDeployments: readonly { readonly name: string; readonly replicas: number }[];
      readonly version: string;
    }
  /** The Cluster's Ready condition is True. */
  | { readonly type: 'cluster-ready'; readonly namespace: string; readonly cluster: string }
  /** Workload cluster: exactly `count` nodes, all Ready (so the CNI works), all running the version. */
  | {
      readonly type: 'nodes-ready';
      readonly namespace: string;
      readonly cluster: string;
      readonly count: number;
      readonly version: string;
    }
  /** Workload cluster: every kube-system pod is running and ready (CNI, CoreDNS, metrics-server, …). */
  | { readonly type: 'kube-system-pods-ready'; readonly namespace: string; readonly cluster: string }
  /** Workload cluster: the metrics API (`metrics.k8s.io`) serves metrics of `count` nodes. */
  | {
      /** The workload's Deployment has its replicas ready, each on a Node whose kubelet runs `version`. */
      readonly type: 'workload-running';
      readonly namespace: string;
      readonly cluster: string;
      readonly workloadNamespace: string;
      readonly name: string;
      readonly replicas: number;
      readonly version: string;
    }
  | {
      readonly type: 'metrics-serving';
      readonly namespace: string;
      readonly cluster: string;
      readonly count: number;
    };

export type ProbeType = Probe['type'];

/** Server-side apply of one object to the management cluster, retried while the error is transient. */
export interface ApplyStep {
  readonly kind: 'apply';
  readonly title: string;
  readonly object: KubeObject;
  /** Applies to this Cluster's own API instead of the management cluster. */
  readonly inCluster?: { readonly namespace: string; readonly cluster: string };
  readonly timeoutSeconds: number;
}

/** Poll a probe until it holds; `timeoutSeconds: 0` makes it a one-shot assertion. */
export interface WaitStep {
  readonly kind: 'wait';
  readonly title: string;
  readonly probe: Probe;
  readonly timeoutSeconds: number;
}

/**
 * What the Cluster Stack Operator does at one point of a run, done by the driver itself where no CSO image
 * can run (the air-gapped lab): install a release (render its cluster-class chart with helm, apply it
 * server-side), or apply the addon stages of a lifecycle hook to the workload cluster and wait for each stage's
 * conditions. The run's report says which of the two ran.
 */
export interface CsoStep {
  readonly kind: 'cso';
  readonly title: string;
  readonly action: 'install-release' | 'apply-addons';
  readonly release: ReleaseInfo;
  /** apply-addons: the hook whose stages are applied. */
  readonly hook?: 'AfterControlPlaneInitialized' | 'BeforeClusterUpgrade';
  readonly namespace: string;
  /** apply-addons: the workload Cluster. */
  readonly cluster?: string;
  readonly timeoutSeconds: number;
}

export type Step = ApplyStep | WaitStep | CsoStep;

/** Who does CSO's part of a run: the operator itself, or the driver doing exactly its steps. */
export type CsoMode = 'operator' | 'emulated';

export type Scenario = 'create' | 'upgrade';

export interface Plan {
  readonly scenario: Scenario;
  readonly namespace: string;
  /** Name of the workload Cluster. */
  readonly cluster: string;
  /** The release the Cluster is created on. */
  readonly from: ReleaseInfo;
  /** The release under test (equal to `from` when creating). */
  readonly to: ReleaseInfo;
  /** Who does CSO's part. */
  readonly cso: CsoMode;
  readonly steps: readonly Step[];
}
