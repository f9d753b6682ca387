import {
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
import { DOCKER_SCS_RELEASES } from './releases';

/**
 * Changes existing Clusters notice when they move to this stack, made on purpose (hardening, second pass):
 * kubelets read every setting from KubeletConfiguration patches and evict on memory and PIDs again (the disk
 * signals stay off), the API server answers anonymous requests only on its health endpoints and cluster-info,
 * and the host Docker socket and the hostpath provisioner are off unless a Cluster asks for them. CAPD's own
 * kubelet flags no longer override the KubeletConfiguration, so memory eviction is active on CAPD nodes too.
 * Bootstrap tokens, workers' included, can no longer read the encryption key, and new Clusters use secretbox
 * (docs/encryption-at-rest.md). ntpServers accepts only the empty list: a Cluster that set servers never booted,
 * because CAPD fails a Machine on cloud-init's ntp module, and the nodes share the host's clock anyway.
 */
export const DOCKER_SCS_ACKNOWLEDGED_BREAKING_CHANGES: readonly string[] = [
  'behaviour:anonymousRequests',
  'behaviour:capdKubeletFlags',
  'behaviour:coreDNSUpgrade',
  'behaviour:encryptionKeyAccess',
  'behaviour:evictionHard',
  'behaviour:hostDockerSocket',
  'behaviour:hostPathProvisioner',
  'behaviour:kubeletSettings',
  'narrowed:ntpServers',
];

/**
 * The docker/scs cluster stack for one Kubernetes minor (`1.35`, or the row's release), built from its row of
 * {@link DOCKER_SCS_RELEASES}: CAPD machines, the hardening profile, kindnet CNI, the kubelet
 * serving-certificate approver and metrics-server.
 */
export function dockerScsStack(minor: string | KubernetesVersion): ClusterStack {
  const release = DOCKER_SCS_RELEASES.row(minor);
  const kubernetesVersion = release.kubernetes;
  const stack = new ClusterStack({
    provider: 'docker',
    name: 'scs',
    kubernetesVersion,
    capiVersion: release.capi,
    description: `SCS cluster stack for Cluster API Docker (CAPD), Kubernetes ${kubernetesVersion.minorDotted}`,
    acknowledgedBreakingChanges: DOCKER_SCS_ACKNOWLEDGED_BREAKING_CHANGES,
    bootstrapKubeletFlags: CAPD_BOOTSTRAP_KUBELET_FLAGS,
    management: [
      clusterApiRequirement(release.clusterApiMinimum),
      {
        component: 'CAPD',
        versions: 'as Cluster API',
        reason:
          "CAPD ships with Cluster API; the stack removes the kubelet flags CAPD's bootstrap writes from v1.10 on (tested with v1.14.0 in the lab)",
      },
      CLUSTER_STACK_OPERATOR_REQUIREMENT,
    ],
  });
  addKindestNodeImages(stack.nodeImages, release, DOCKER_SCS_RELEASES.previous(minor));
  addDockerScsClusterClass(stack, release);
  addDockerScsExamples(stack);
  new Kindnet(stack, 'Cni');
  new KubeletServingCertApprover(stack, 'KubeletServingCertApprover');
  new MetricsServer(stack, 'MetricsServer');
  return stack;
}
