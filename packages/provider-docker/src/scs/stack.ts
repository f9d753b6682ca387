import {
  CapiVersion,
  CLUSTER_STACK_OPERATOR_REQUIREMENT,
  ClusterStack,
  clusterApiRequirement,
  KubernetesVersion,
} from '@cluster-stacks/core';
import { Kindnet, KubeletServingCertApprover, MetricsServer } from '@cluster-stacks/addons';
import { CAPD_BOOTSTRAP_KUBELET_FLAGS } from '../capd-kubelet-flags';
import { addDockerScsClusterClass } from './cluster-class';
import { addDockerScsExamples } from './examples';
import { addKindestNodeImages } from './node-images';

/**
 * Which CAPI version each Kubernetes minor's release ships its ClusterClass in. v1beta1 throughout: it is what
 * CSO v0.2 (CAPI v1.8 libraries) and `clusterctl alpha topology plan` understand. Both versions are rendered
 * and validated for every minor.
 */
export const DOCKER_SCS_CAPI_VERSIONS: Readonly<Record<string, CapiVersion>> = {
  '1-33': CapiVersion.V1BETA1,
  '1-34': CapiVersion.V1BETA1,
  '1-35': CapiVersion.V1BETA1,
  '1-36': CapiVersion.V1BETA1,
};

/**
 * Changes existing Clusters notice when they move to this stack, made on purpose (hardening, second pass):
 * kubelets read every setting from KubeletConfiguration patches and evict on memory and PIDs again (the disk
 * signals stay off), the API server answers anonymous requests only on its health endpoints and cluster-info,
 * and the host Docker socket and the hostpath provisioner are off unless a Cluster asks for them. CAPD's own
 * kubelet flags no longer override the KubeletConfiguration, so memory eviction is active on CAPD nodes too.
 */
export const DOCKER_SCS_ACKNOWLEDGED_BREAKING_CHANGES: readonly string[] = [
  'behaviour:anonymousRequests',
  'behaviour:capdKubeletFlags',
  'behaviour:evictionHard',
  'behaviour:hostDockerSocket',
  'behaviour:hostPathProvisioner',
  'behaviour:kubeletSettings',
];

/**
 * The docker/scs cluster stack for one Kubernetes release: CAPD machines, the hardening profile, kindnet CNI,
 * the kubelet serving-certificate approver and metrics-server.
 */
export function dockerScsStack(kubernetesVersion: KubernetesVersion): ClusterStack {
  const stack = new ClusterStack({
    provider: 'docker',
    name: 'scs',
    kubernetesVersion,
    capiVersion: DOCKER_SCS_CAPI_VERSIONS[kubernetesVersion.minorDashed] ?? CapiVersion.V1BETA1,
    description: `SCS cluster stack for Cluster API Docker (CAPD), Kubernetes ${kubernetesVersion.minorDotted}`,
    acknowledgedBreakingChanges: DOCKER_SCS_ACKNOWLEDGED_BREAKING_CHANGES,
    bootstrapKubeletFlags: CAPD_BOOTSTRAP_KUBELET_FLAGS,
    management: [
      clusterApiRequirement(kubernetesVersion),
      {
        component: 'CAPD',
        versions: 'as Cluster API',
        reason:
          "CAPD ships with Cluster API; the stack removes the kubelet flags CAPD's bootstrap writes from v1.10 on (tested with v1.14.0 in the lab)",
      },
      CLUSTER_STACK_OPERATOR_REQUIREMENT,
    ],
  });
  addKindestNodeImages(stack.nodeImages, kubernetesVersion);
  addDockerScsClusterClass(stack);
  addDockerScsExamples(stack);
  new Kindnet(stack, 'Cni');
  new KubeletServingCertApprover(stack, 'KubeletServingCertApprover');
  new MetricsServer(stack, 'MetricsServer');
  return stack;
}
