// Kubernetes 1.35 of the docker/scs cluster stack: its versions are the 1.35 row of the stack's release matrix.
import { dockerScsStack } from '@cluster-stacks/provider-docker';

export default dockerScsStack('1.35');
