// Kubernetes 1.34 of the docker/scs cluster stack: its versions are the 1.34 row of the stack's release matrix.
import { dockerScsStack } from '@cluster-stacks/provider-docker';

export default dockerScsStack('1.34');
