import { Construct } from 'constructs';
import { CapiVersion } from '../capi-version';
import { TemplateResource } from './template-resource';

/** A host path mounted into a control-plane static pod. */
export interface HostPathMount {
  /** Volume name. */
  readonly name: string;
  /** Path on the host. */
  readonly hostPath: string;
  /** Path in the container. */
  readonly mountPath: string;
  /** Mount read-only. @default false */
  readonly readOnly?: boolean;
  /** Kubernetes hostPath type, e.g. `File` or `DirectoryOrCreate`. @default - unset */
  readonly pathType?: string;
}

/** Settings of one control-plane component (API server, controller manager, scheduler). */
export interface ControlPlaneComponent {
  /** Command-line flags without leading dashes. @default - none */
  readonly extraArgs?: Readonly<Record<string, string>>;
  /** Host paths mounted into the component's pod. @default - none */
  readonly extraVolumes?: readonly HostPathMount[];
}

/** API server settings. */
export interface ApiServerComponent extends ControlPlaneComponent {
  /** Extra subject alternative names of the serving certificate. @default - none */
  readonly certSANs?: readonly string[];
}

/** kubeadm's ClusterConfiguration, the parts cluster stacks set. */
export interface ClusterConfiguration {
  /** Registry for the control-plane images. @default - kubeadm's default */
  readonly imageRepository?: string;
  /** API server settings. @default - kubeadm's defaults */
  readonly apiServer?: ApiServerComponent;
  /** Controller manager settings. @default - kubeadm's defaults */
  readonly controllerManager?: ControlPlaneComponent;
  /** Scheduler settings. @default - kubeadm's defaults */
  readonly scheduler?: ControlPlaneComponent;
  /** Local etcd settings. @default - kubeadm's defaults */
  readonly etcd?: {
    readonly local?: {
      readonly dataDir?: string;
      readonly imageTag?: string;
      readonly extraArgs?: Readonly<Record<string, string>>;
    };
  };
  /** CoreDNS settings. @default - kubeadm's defaults */
  readonly dns?: { readonly imageTag?: string; readonly imageRepository?: string };
}

/** How a node registers with the cluster. */
export interface NodeRegistration {
  /** CRI socket. @default - detected by kubeadm */
  readonly criSocket?: string;
  /** Kubelet flags without leading dashes. @default - none */
  readonly kubeletExtraArgs?: Readonly<Record<string, string>>;
  /** Node name, may be a cloud-init template such as `{{ local_hostname }}`. @default - the host name */
  readonly name?: string;
}

/** Where kubeadm reads patches for its components and for the kubelet configuration. */
export interface KubeadmPatches {
  /** Directory of patch files named `<target>[suffix][+patchtype].<yaml|json>`. @default - no patches */
  readonly directory?: string;
}

/** kubeadm's InitConfiguration or JoinConfiguration, the parts cluster stacks set. */
export interface KubeadmNodeConfiguration {
  /** How the node registers. @default - kubeadm's defaults */
  readonly nodeRegistration?: NodeRegistration;
  /** Patches kubeadm applies while it configures the node. @default - none */
  readonly patches?: KubeadmPatches;
}

/** A file written on the node before kubeadm runs. */
export interface KubeadmFile {
  /** Absolute path on the node. */
  readonly path: string;
  /** File content. @default - from `contentFrom` */
  readonly content?: string;
  /** Owner as `user:group`. @default root:root */
  readonly owner?: string;
  /** Octal permissions such as `0600`. @default 0644 */
  readonly permissions?: string;
  /** Content read from a Secret in the management cluster. @default - `content` */
  readonly contentFrom?: { readonly secret: { readonly name: string; readonly key: string } };
}

/** The bootstrap configuration shared by control-plane and worker templates. */
export interface KubeadmConfigSpec {
  /** Cluster-wide settings (used on the first control-plane node). @default - none */
  readonly clusterConfiguration?: ClusterConfiguration;
  /** Registration and patches of the first control-plane node. @default - none */
  readonly initConfiguration?: KubeadmNodeConfiguration;
  /** Registration and patches of every joining node. @default - none */
  readonly joinConfiguration?: KubeadmNodeConfiguration;
  /** Files written before kubeadm runs. @default - none */
  readonly files?: readonly KubeadmFile[];
  /** Commands run before kubeadm. @default - none */
  readonly preKubeadmCommands?: readonly string[];
  /** Commands run after kubeadm. @default - none */
  readonly postKubeadmCommands?: readonly string[];
}

type Json = Record<string, unknown>;

/** v1beta2 turned every `extraArgs`-style map into a list of `{name, value}`, sorted here for stable output. */
function argList(args: Readonly<Record<string, string>> | undefined): Json[] | undefined {
  if (!args) return undefined;
  return Object.keys(args)
    .sort()
    .map((name) => ({ name, value: args[name] }));
}

function component(c: ControlPlaneComponent | undefined, capi: CapiVersion): Json | undefined {
  if (!c) return undefined;
  return prune({
    ...c,
    extraArgs: capi === CapiVersion.V1BETA2 ? argList(c.extraArgs) : c.extraArgs,
  });
}

function registration(r: NodeRegistration | undefined, capi: CapiVersion): Json | undefined {
  if (!r) return undefined;
  return prune({
    ...r,
    kubeletExtraArgs: capi === CapiVersion.V1BETA2 ? argList(r.kubeletExtraArgs) : r.kubeletExtraArgs,
  });
}

function nodeConfiguration(c: KubeadmNodeConfiguration | undefined, capi: CapiVersion): Json | undefined {
  if (!c) return undefined;
  return prune({ nodeRegistration: registration(c.nodeRegistration, capi), patches: c.patches });
}

/** Drops undefined members so the output has no `null`s and no empty keys. */
export function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Renders the version-neutral spec in the JSON shape of the given CAPI version. */
export function renderKubeadmConfigSpec(spec: KubeadmConfigSpec, capi: CapiVersion): Json {
  const cc = spec.clusterConfiguration;
  const etcdLocal = cc?.etcd?.local;
  return prune({
    clusterConfiguration: cc
      ? prune({
          imageRepository: cc.imageRepository,
          apiServer: component(cc.apiServer, capi),
          controllerManager: component(cc.controllerManager, capi),
          scheduler: component(cc.scheduler, capi),
          etcd: etcdLocal
            ? {
                local: prune({
                  ...etcdLocal,
                  extraArgs:
                    capi === CapiVersion.V1BETA2 ? argList(etcdLocal.extraArgs) : etcdLocal.extraArgs,
                }),
              }
            : undefined,
          dns: cc.dns,
        })
      : undefined,
    initConfiguration: nodeConfiguration(spec.initConfiguration, capi),
    joinConfiguration: nodeConfiguration(spec.joinConfiguration, capi),
    files: spec.files,
    preKubeadmCommands: spec.preKubeadmCommands,
    postKubeadmCommands: spec.postKubeadmCommands,
  });
}

function mergeArgs(
  a?: Readonly<Record<string, string>>,
  b?: Readonly<Record<string, string>>,
): Readonly<Record<string, string>> | undefined {
  return a || b ? { ...a, ...b } : undefined;
}

function mergeList<T>(a?: readonly T[], b?: readonly T[]): readonly T[] | undefined {
  return a || b ? [...(a ?? []), ...(b ?? [])] : undefined;
}

function mergeComponent<C extends ControlPlaneComponent & { certSANs?: readonly string[] }>(
  a?: C,
  b?: C,
): C | undefined {
  if (!a || !b) return a ?? b;
  return prune({
    ...a,
    ...b,
    extraArgs: mergeArgs(a.extraArgs, b.extraArgs),
    extraVolumes: mergeList(a.extraVolumes, b.extraVolumes),
    certSANs: mergeList(a.certSANs, b.certSANs),
  }) as C;
}

function mergeRegistration(a?: NodeRegistration, b?: NodeRegistration): NodeRegistration | undefined {
  if (!a || !b) return a ?? b;
  return prune({ ...a, ...b, kubeletExtraArgs: mergeArgs(a.kubeletExtraArgs, b.kubeletExtraArgs) });
}

function mergeNodeConfiguration(
  a?: KubeadmNodeConfiguration,
  b?: KubeadmNodeConfiguration,
): KubeadmNodeConfiguration | undefined {
  if (!a || !b) return a ?? b;
  return prune({
    nodeRegistration: mergeRegistration(a.nodeRegistration, b.nodeRegistration),
    patches: a.patches || b.patches ? { ...a.patches, ...b.patches } : undefined,
  });
}

/**
 * Merges two kubeadm specs: flags and scalar settings of `b` win, lists (files, commands, volumes, SANs) are
 * concatenated. Used to layer cross-cutting settings (such as the hardening profile) over a stack's spec.
 */
export function mergeKubeadmConfigSpecs(a: KubeadmConfigSpec, b: KubeadmConfigSpec): KubeadmConfigSpec {
  const ca = a.clusterConfiguration;
  const cb = b.clusterConfiguration;
  const cluster: ClusterConfiguration | undefined =
    ca && cb
      ? prune({
          ...ca,
          ...cb,
          apiServer: mergeComponent(ca.apiServer, cb.apiServer),
          controllerManager: mergeComponent(ca.controllerManager, cb.controllerManager),
          scheduler: mergeComponent(ca.scheduler, cb.scheduler),
          etcd:
            ca.etcd?.local || cb.etcd?.local
              ? {
                  local: prune({
                    ...ca.etcd?.local,
                    ...cb.etcd?.local,
                    extraArgs: mergeArgs(ca.etcd?.local?.extraArgs, cb.etcd?.local?.extraArgs),
                  }),
                }
              : undefined,
          dns: ca.dns || cb.dns ? { ...ca.dns, ...cb.dns } : undefined,
        })
      : (ca ?? cb);
  return prune({
    ...a,
    ...b,
    clusterConfiguration: cluster,
    initConfiguration: mergeNodeConfiguration(a.initConfiguration, b.initConfiguration),
    joinConfiguration: mergeNodeConfiguration(a.joinConfiguration, b.joinConfiguration),
    files: mergeList(a.files, b.files),
    preKubeadmCommands: mergeList(a.preKubeadmCommands, b.preKubeadmCommands),
    postKubeadmCommands: mergeList(a.postKubeadmCommands, b.postKubeadmCommands),
  });
}

/** Props of {@link KubeadmControlPlaneTemplate}. */
export interface KubeadmControlPlaneTemplateProps {
  /** The kubeadm configuration of control-plane nodes. */
  readonly kubeadmConfigSpec: KubeadmConfigSpec;
  /** Name suffix of the object. @default control-plane */
  readonly nameSuffix?: string;
}

/** The control-plane template of a ClusterClass (kubeadm control plane provider). */
export class KubeadmControlPlaneTemplate extends TemplateResource {
  public readonly kind = 'KubeadmControlPlaneTemplate';
  private _spec: KubeadmConfigSpec;

  public constructor(scope: Construct, id: string, props: KubeadmControlPlaneTemplateProps) {
    super(scope, id, props.nameSuffix ?? 'control-plane');
    this._spec = props.kubeadmConfigSpec;
  }

  /** The kubeadm configuration, with every extension applied. */
  public get spec(): KubeadmConfigSpec {
    return this._spec;
  }

  /** Layers more settings over the spec (see {@link mergeKubeadmConfigSpecs}). */
  public extend(addition: KubeadmConfigSpec): void {
    this._spec = mergeKubeadmConfigSpecs(this._spec, addition);
  }

  public apiVersion(capi: CapiVersion): string {
    return capi.controlPlaneApiVersion;
  }

  protected renderSpec(capi: CapiVersion): Record<string, unknown> {
    return { template: { spec: { kubeadmConfigSpec: renderKubeadmConfigSpec(this.spec, capi) } } };
  }
}

/** Props of {@link KubeadmConfigTemplate}. */
export interface KubeadmConfigTemplateProps {
  /** The kubeadm configuration of the worker nodes. */
  readonly spec: KubeadmConfigSpec;
  /** Name suffix of the object. @default default-worker-bootstrap */
  readonly nameSuffix?: string;
}

/** The bootstrap template of a worker class (kubeadm bootstrap provider). */
export class KubeadmConfigTemplate extends TemplateResource {
  public readonly kind = 'KubeadmConfigTemplate';
  private _spec: KubeadmConfigSpec;

  public constructor(scope: Construct, id: string, props: KubeadmConfigTemplateProps) {
    super(scope, id, props.nameSuffix ?? 'default-worker-bootstrap');
    this._spec = props.spec;
  }

  /** The kubeadm configuration, with every extension applied. */
  public get spec(): KubeadmConfigSpec {
    return this._spec;
  }

  /** Layers more settings over the spec (see {@link mergeKubeadmConfigSpecs}). */
  public extend(addition: KubeadmConfigSpec): void {
    this._spec = mergeKubeadmConfigSpecs(this._spec, addition);
  }

  public apiVersion(capi: CapiVersion): string {
    return capi.bootstrapApiVersion;
  }

  protected renderSpec(capi: CapiVersion): Record<string, unknown> {
    return { template: { spec: renderKubeadmConfigSpec(this.spec, capi) } };
  }
}
