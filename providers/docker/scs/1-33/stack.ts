// Kubernetes 1.33 of the docker/scs cluster stack: its versions are the 1.33 row of the stack's release matrix.
import { dockerScsStack } from '@cluster-stacks/provider-docker';

export default dockerScsStack('1.33');
