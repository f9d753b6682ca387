import { Construct } from 'constructs';
import { ClusterClass } from '../cluster-class/cluster-class';
import { Ref } from '../cluster-class/expressions';
import { invalidProp } from '../errors';
import { addCertificateRenewalPatches } from './certificate-renewal';
import { addHttpProxyPatches } from './http-proxy';
import { clusterFeatureVariables } from './imports/variables';
import { addNtpPatches } from './ntp';
import { addRegistryMirrorPatches } from './registry-mirrors';

/** Props of {@link ClusterFeatures}. */
export interface ClusterFeaturesProps {
  /**
   * The ClusterClass that gets the variables and patches: a KubeadmControlPlaneTemplate control plane and
   * KubeadmConfigTemplate worker bootstrap templates, each with a `files` and a `preKubeadmCommands` list.
   */
  readonly clusterClass: ClusterClass;
  /**
   * The node image's containerd reads no hosts.toml directory (`config_path` unset, as in kind's node images):
   * when registry mirrors are set, the nodes turn it on and restart containerd before kubeadm.
   * @default false
   */
  readonly enableContainerdHostsDirectory?: boolean;
  /**
   * Variables of the stack whose values the nodes reach without the proxy, such as the node network's CIDR.
   * @default - none
   */
  readonly noProxyVariables?: readonly Ref<string | undefined>[];
}

/** The template kinds the feature patches are written for, by position in the ClusterClass. */
const KUBEADM_KINDS = { controlPlane: 'KubeadmControlPlaneTemplate', workers: 'KubeadmConfigTemplate' };

/**
 * The operator features every stack offers through ClusterClass variables ({@link ClusterFeatureVariables}):
 * registry mirrors with credentials, an HTTP proxy for containerd and the kubelet, NTP servers, and renewal of
 * control-plane certificates before they expire (on by default). Everything else is off until a Cluster sets
 * its variable.
 *
 * Create it before any patch that appends to the kubeadm templates' `files`: the registry mirror patches
 * replace that list with the template's own entries plus theirs.
 */
export class ClusterFeatures extends Construct {
  public constructor(scope: Construct, id: string, props: ClusterFeaturesProps) {
    super(scope, id);
    const cc = props.clusterClass;
    const where = `${this.node.path}: ClusterFeatures`;
    const controlPlane = cc.targets.controlPlane.template.kind;
    if (controlPlane !== KUBEADM_KINDS.controlPlane) {
      throw invalidProp(
        where,
        'clusterClass control plane',
        controlPlane,
        `a ${KUBEADM_KINDS.controlPlane}`,
        'The features write kubeadm files and commands.',
      );
    }
    for (const target of cc.targets.workerBootstrap) {
      if (target.template.kind !== KUBEADM_KINDS.workers) {
        throw invalidProp(
          where,
          `clusterClass worker bootstrap of ${target.classes.join(', ')}`,
          target.template.kind,
          `a ${KUBEADM_KINDS.workers}`,
          'The features write kubeadm files and commands.',
        );
      }
    }
    const builtinRef = (props.noProxyVariables ?? []).find((r) => r.variableName === 'builtin');
    if (builtinRef) {
      throw invalidProp(
        where,
        'noProxyVariables',
        builtinRef.variablePath,
        "a reference to one of the stack's variables",
        "The Cluster's own networks are added already.",
      );
    }
    for (const variable of clusterFeatureVariables) cc.addVariable(variable);
    addRegistryMirrorPatches(cc, props.enableContainerdHostsDirectory ?? false);
    addHttpProxyPatches(cc, props.noProxyVariables ?? []);
    addNtpPatches(cc);
    addCertificateRenewalPatches(cc);
  }
}
