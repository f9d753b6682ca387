import { ClusterStack, KubernetesVersion } from '@cluster-stacks/core';
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
  });
  addKindestNodeImages(stack.nodeImages, release, DOCKER_SCS_RELEASES.previous(minor));
  addDockerScsClusterClass(stack);
  addDockerScsExamples(stack);
  new Kindnet(stack, 'Cni');
  new KubeletServingCertApprover(stack, 'KubeletServingCertApprover');
  new MetricsServer(stack, 'MetricsServer');
  return stack;
}
