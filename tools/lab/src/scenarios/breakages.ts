// Deliberate breakages of a release, applied to the lab's scratch copy only, to show that a scenario
// fails when the stack is wrong and names the failing check (`lab test --break <name>`).
import type { ReleaseChange } from '../release/lab-release';

export const BREAKAGES: Readonly<Record<string, ReleaseChange>> = {
  encryption: {
    description: 'the API server starts without --encryption-provider-config',
    file: 'cluster-class/templates/kubeadmcontrolplanetemplate-control-plane.yaml',
    from: '              encryption-provider-config: /etc/kubernetes/encryption/config.yaml\n',
    to: '',
  },
};
