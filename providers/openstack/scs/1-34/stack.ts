// Kubernetes 1.34 of the openstack/scs cluster stack: its versions are the 1.34 row of the stack's release matrix.
import { openstackScsStack } from '@cluster-stacks/provider-openstack';

export default openstackScsStack('1.34');
