// Kubernetes 1.35 of the openstack/scs cluster stack; everything else comes from the shared stack definition.
import { KubernetesVersion } from '@cluster-stacks/core';
import { openstackScsStack } from '@cluster-stacks/provider-openstack';

export default openstackScsStack(KubernetesVersion.V1_35);
