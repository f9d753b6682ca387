// Kubernetes 1.36 of the docker/scs cluster stack; everything else comes from the shared stack definition.
import { KubernetesVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';

export default dockerScsStack(KubernetesVersion.V1_36);
