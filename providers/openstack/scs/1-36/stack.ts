// Kubernetes 1.36 of the openstack/scs cluster stack: its versions are the 1.36 row of the stack's release matrix.
import { openstackScsStack } from '@cluster-stacks/provider-openstack';

export default openstackScsStack('1.36');
