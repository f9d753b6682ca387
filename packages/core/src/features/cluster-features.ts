import { Construct } from 'constructs';
import { ClusterClass } from '../cluster-class/cluster-class';
import { Ref } from '../cluster-class/expressions';
import { VariableDefinition } from '../cluster-class/schema';
import { ClusterStack } from '../cluster-stack';
import { invalidProp } from '../errors';
import { Hardening, JwtAuthenticators } from '../hardening/hardening';
import { addCertificateRenewalPatches } from './certificate-renewal';
import { addHttpProxyPatches } from './http-proxy';
import { clusterFeatureVariables } from './imports/variables';
import { addNtpPatches, NodeClock, ntpServersVariable } from './ntp';
import { oidcAuthenticationVariable, oidcJwtAuthenticators } from './oidc';
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
  /**
   * Where the nodes' clock comes from: with a shared clock the ntpServers variable accepts only the empty list.
   * @default NodeClock.synchronisedByNtp()
   */
  readonly nodeClock?: NodeClock;
}

/** The template kinds the feature patches are written for, by position in the ClusterClass. */
const KUBEADM_KINDS = { controlPlane: 'KubeadmControlPlaneTemplate', workers: 'KubeadmConfigTemplate' };

/**
 * The operator features every stack offers through ClusterClass variables ({@link ClusterFeatureVariables}):
 * registry mirrors with credentials, an HTTP proxy for containerd and the kubelet, NTP servers, renewal of
 * control-plane certificates before they expire (on by default), and OpenID Connect providers of the API
 * server. Everything else is off until a Cluster sets its variable.
 *
 * Create it before any patch that appends to the kubeadm templates' `files`: the registry mirror patches
 * replace that list with the template's own entries plus theirs. The OIDC providers are JWT authenticators of
 * the hardening profile's authentication configuration: pass {@link jwtAuthenticators} to the stack's
 * {@link Hardening}.
 */
export class ClusterFeatures extends Construct {
  /** The JWT authenticators of the oidcAuthentication variable, for {@link HardeningProps.jwtAuthenticators}. */
  public readonly jwtAuthenticators: JwtAuthenticators = oidcJwtAuthenticators();

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
    const minor = ClusterStack.of(this).kubernetesVersion.minor;
    const clock = props.nodeClock ?? NodeClock.synchronisedByNtp();
    const adapted: Record<string, (d: VariableDefinition) => VariableDefinition> = {
      oidcAuthentication: (d) => oidcAuthenticationVariable(d, minor, where),
      ntpServers: (d) => ntpServersVariable(d, clock),
    };
    for (const variable of clusterFeatureVariables)
      cc.addVariable(adapted[variable.name]?.(variable) ?? variable);
    addRegistryMirrorPatches(cc, props.enableContainerdHostsDirectory ?? false);
    addHttpProxyPatches(cc, props.noProxyVariables ?? []);
    addNtpPatches(cc, clock);
    addCertificateRenewalPatches(cc);
    // oidcAuthentication has no patch of its own: without the hardening profile's file it would do nothing.
    this.node.addValidation({
      validate: () =>
        ClusterStack.of(this)
          .node.findAll()
          .some((c) => c instanceof Hardening && c.jwtAuthenticators.includes(this.jwtAuthenticators))
          ? []
          : [
              `${where}: the oidcAuthentication variable is written by the hardening profile: pass jwtAuthenticators of this ClusterFeatures to the stack's Hardening (jwtAuthenticators: [features.jwtAuthenticators]).`,
            ],
    });
  }
}
