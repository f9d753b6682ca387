import { ClusterClass } from '../cluster-class/cluster-class';
import { fn, template, vars } from '../cluster-class/expressions';
import { PatchOperation, patchesOn } from '../cluster-class/patch';
import { ClusterFeatureVariables } from './variables';

const v = vars<ClusterFeatureVariables>();

/** The NTP patch: cloud-init's ntp module on every node, with the servers of the ntpServers variable. */
export function addNtpPatches(cc: ClusterClass): void {
  const servers = v.ref('ntpServers');
  cc.addPatch({
    name: 'ntpServers',
    description: 'Synchronises the clock of every node with the given NTP servers.',
    enabledIf: fn.isSet(servers),
    definitions: patchesOn(
      cc.targets.allKubeadm,
      PatchOperation.addKubeadmField('ntp', template`{"enabled": true, "servers": ${servers.toJson()}}`),
    ),
  });
}
