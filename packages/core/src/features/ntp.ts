import { ClusterClass } from '../cluster-class/cluster-class';
import { fn, template, vars } from '../cluster-class/expressions';
import { PatchOperation, patchesOn } from '../cluster-class/patch';
import { VariableDefinition } from '../cluster-class/schema';
import { invalidProp } from '../errors';
import { ClusterFeatureVariables } from './variables';

const v = vars<ClusterFeatureVariables>();

/** Where the clock of a stack's nodes comes from, which decides whether the ntpServers variable does anything. */
export class NodeClock {
  /** The nodes are machines of their own: cloud-init's ntp module synchronises them with ntpServers. */
  public static synchronisedByNtp(): NodeClock {
    return new NodeClock(undefined);
  }

  /**
   * The nodes share a clock they cannot set, such as containers on one host (CAPD). ntpServers then accepts
   * only the empty list (`maxItems: 0`, with `reason` in its description), so CAPI refuses a Cluster that sets
   * servers instead of booting Machines that fail on cloud-init's ntp module. A CEL rule with `reason` as its
   * message would be clearer, but CAPI cannot compile CEL rules on a variable whose top level is a list.
   * @param reason Why the stack's nodes cannot use NTP servers, and what to do instead.
   */
  public static sharedWith(reason: string): NodeClock {
    if (reason.trim() === '')
      throw invalidProp('NodeClock.sharedWith', 'reason', reason, 'a sentence that says what to do instead');
    return new NodeClock(reason);
  }

  private constructor(
    /** Why ntpServers must stay empty; undefined when the nodes use it. */
    public readonly sharedClockReason: string | undefined,
  ) {}
}

/** The ntpServers variable as a stack with this clock offers it. */
export function ntpServersVariable(definition: VariableDefinition, clock: NodeClock): VariableDefinition {
  const reason = clock.sharedClockReason;
  if (reason === undefined) return definition;
  return {
    ...definition,
    schema: {
      ...definition.schema,
      description: `Must stay empty on this stack: ${reason}.`,
      example: [],
      maxItems: 0,
    },
  };
}

/** The NTP patch: cloud-init's ntp module on every node, with the servers of the ntpServers variable. */
export function addNtpPatches(cc: ClusterClass, clock: NodeClock): void {
  if (clock.sharedClockReason !== undefined) return;
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
