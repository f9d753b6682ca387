// Pinned upstream releases whose CustomResourceDefinitions this tool imports.
//
// Each release names the upstream asset URLs (by default the tool downloads them and picks the CRDs by
// `metadata.name`) and the CRDs it takes from them. With `--from <dir>` the same CRDs are read from
// `<dir>/<release id>/<group>_<plural>.yaml`, the layout of `config/crd/bases/` in the upstream repositories.
//
// To move to a new upstream tag: change `tag` (and the folder name in `id`), run the tool, review the diff.
//
// Every release gives JSON schemas (schemas/); only the kinds some construct package builds get typed bindings,
// written into that package. Cluster API's own kinds have none: the core models the ClusterClass and the kubeadm
// configuration by hand (packages/core/src/cluster-class/), checked against the schemas.

/** Short name of an upstream project; used in file headers and log lines. */
export type Component = 'capi' | 'capd' | 'capo' | 'orc' | 'cso' | 'cilium';

/** One generated TypeScript module: the kinds of one API group, re-exported from the index as `namespace`. */
export interface BindingModule {
  readonly group: string;
  /** Name of the namespace export in the package's `src/imports/index.ts`. */
  readonly namespace: string;
  /** `spec.names.kind` of each CRD to generate classes for. */
  readonly kinds: readonly string[];
}

/** The typed bindings generated from one release, all for one API version. */
export interface BindingSet {
  /**
   * The workspace package the bindings belong to, e.g. `provider-docker`: they are written to
   * `packages/<package>/src/imports/`, next to the only code that uses them.
   */
  readonly package: string;
  /** Folder under the package's `src/imports/`, e.g. `capd-v1beta1`. */
  readonly set: string;
  /** The API version the classes are generated for; it gets the plain class name (`ClusterClass`). */
  readonly version: string;
  /**
   * When true, the set is skipped (with a log line) if any of its kinds does not serve `version` or serves it
   * only as deprecated. When false, that is an error.
   */
  readonly skipUnlessServed?: boolean;
  readonly modules: readonly BindingModule[];
}

export interface PinnedRelease {
  /** `<component>-<tag>`; also the folder name expected under `--from <dir>`. */
  readonly id: string;
  readonly component: Component;
  /** GitHub `owner/name` of the upstream project. */
  readonly project: string;
  readonly tag: string;
  /**
   * The API version this release is pinned for. When several pinned releases serve the same
   * group/kind/version, the JSON schema is taken from the release whose primary version it is, otherwise
   * from the release listed last.
   */
  readonly primaryVersion: string;
  /** Release asset URL templates; `{tag}` is replaced by `tag`. */
  readonly urlTemplates: readonly string[];
  /** CRDs taken from this release, as `group -> plural names` (`metadata.name` is `<plural>.<group>`). */
  readonly crds: Readonly<Record<string, readonly string[]>>;
  readonly bindings?: BindingSet;
}

const CAPI_RELEASE = 'https://github.com/kubernetes-sigs/cluster-api/releases/download/{tag}';
const CAPO_RELEASE =
  'https://github.com/kubernetes-sigs/cluster-api-provider-openstack/releases/download/{tag}';
const ORC_RELEASE = 'https://github.com/k-orc/openstack-resource-controller/releases/download/{tag}';
const CSO_RELEASE = 'https://github.com/SovereignCloudStack/cluster-stack-operator/releases/download/{tag}';
/** Cilium publishes no CRD asset: its operator registers the CRDs from these files of the source tree. */
const CILIUM_CRDS =
  'https://raw.githubusercontent.com/cilium/cilium/{tag}/pkg/k8s/apis/cilium.io/client/crds/v2';

/** Core, kubeadm bootstrap and kubeadm control plane: the three CAPI component files of a release. */
const CAPI_URLS = [
  `${CAPI_RELEASE}/core-components.yaml`,
  `${CAPI_RELEASE}/bootstrap-components.yaml`,
  `${CAPI_RELEASE}/control-plane-components.yaml`,
];

const CAPI_CRDS: Readonly<Record<string, readonly string[]>> = {
  'addons.cluster.x-k8s.io': ['clusterresourcesetbindings', 'clusterresourcesets'],
  'bootstrap.cluster.x-k8s.io': ['kubeadmconfigs', 'kubeadmconfigtemplates'],
  'cluster.x-k8s.io': [
    'clusterclasses',
    'clusters',
    'machinedeployments',
    'machinedrainrules',
    'machinehealthchecks',
    'machinepools',
    'machines',
    'machinesets',
  ],
  'controlplane.cluster.x-k8s.io': ['kubeadmcontrolplanes', 'kubeadmcontrolplanetemplates'],
  'ipam.cluster.x-k8s.io': ['ipaddressclaims', 'ipaddresses'],
  'runtime.cluster.x-k8s.io': ['extensionconfigs'],
};

const CAPD_TEMPLATE_KINDS = ['DockerClusterTemplate', 'DockerMachineTemplate', 'DockerMachinePoolTemplate'];
/** The kinds that replace CAPD's Docker* templates in v1beta2 (with `backend.docker`); no MachinePools are built. */
const CAPD_DEV_TEMPLATE_KINDS = ['DevClusterTemplate', 'DevMachineTemplate'];

export const PINNED_RELEASES: readonly PinnedRelease[] = [
  {
    id: 'capi-v1.10.10',
    component: 'capi',
    project: 'kubernetes-sigs/cluster-api',
    tag: 'v1.10.10',
    primaryVersion: 'v1beta1',
    urlTemplates: CAPI_URLS,
    crds: CAPI_CRDS,
  },
  {
    id: 'capi-v1.14.0',
    component: 'capi',
    project: 'kubernetes-sigs/cluster-api',
    tag: 'v1.14.0',
    primaryVersion: 'v1beta2',
    urlTemplates: CAPI_URLS,
    crds: CAPI_CRDS,
  },
  {
    id: 'capd-v1.10.10',
    component: 'capd',
    project: 'kubernetes-sigs/cluster-api',
    tag: 'v1.10.10',
    primaryVersion: 'v1beta1',
    urlTemplates: [`${CAPI_RELEASE}/infrastructure-components-development.yaml`],
    crds: {
      'infrastructure.cluster.x-k8s.io': [
        'devclusters',
        'devclustertemplates',
        'devmachines',
        'devmachinetemplates',
        'dockerclusters',
        'dockerclustertemplates',
        'dockermachinepools',
        'dockermachinepooltemplates',
        'dockermachines',
        'dockermachinetemplates',
      ],
    },
    bindings: {
      package: 'provider-docker',
      set: 'capd-v1beta1',
      version: 'v1beta1',
      modules: [
        { group: 'infrastructure.cluster.x-k8s.io', namespace: 'capdV1beta1', kinds: CAPD_TEMPLATE_KINDS },
      ],
    },
  },
  {
    id: 'capd-v1.14.0',
    component: 'capd',
    project: 'kubernetes-sigs/cluster-api',
    tag: 'v1.14.0',
    primaryVersion: 'v1beta2',
    urlTemplates: [`${CAPI_RELEASE}/infrastructure-components-development.yaml`],
    crds: {
      'infrastructure.cluster.x-k8s.io': [
        'devclusters',
        'devclustertemplates',
        'devmachinepools',
        'devmachinepooltemplates',
        'devmachines',
        'devmachinetemplates',
        'dockerclusters',
        'dockerclustertemplates',
        'dockermachinepools',
        'dockermachinepooltemplates',
        'dockermachines',
        'dockermachinetemplates',
      ],
    },
    // v1.14.0 serves the Docker* kinds in v1beta2 only as deprecated: the docker stack's v1beta2 rendering uses
    // the Dev* kinds that replace them (the docker backend), so only these get v1beta2 bindings.
    bindings: {
      package: 'provider-docker',
      set: 'capd-v1beta2',
      version: 'v1beta2',
      modules: [
        {
          group: 'infrastructure.cluster.x-k8s.io',
          namespace: 'capdV1beta2',
          kinds: CAPD_DEV_TEMPLATE_KINDS,
        },
      ],
    },
  },
  {
    id: 'capo-v0.14.7',
    component: 'capo',
    project: 'kubernetes-sigs/cluster-api-provider-openstack',
    tag: 'v0.14.7',
    primaryVersion: 'v1beta1',
    urlTemplates: [`${CAPO_RELEASE}/infrastructure-components.yaml`],
    crds: {
      'infrastructure.cluster.x-k8s.io': [
        'openstackclusteridentities',
        'openstackclusters',
        'openstackclustertemplates',
        'openstackfloatingippools',
        'openstackmachines',
        'openstackmachinetemplates',
        'openstackservers',
      ],
    },
    bindings: {
      package: 'provider-openstack',
      set: 'capo-v1beta1',
      version: 'v1beta1',
      modules: [
        {
          group: 'infrastructure.cluster.x-k8s.io',
          namespace: 'capoV1beta1',
          kinds: ['OpenStackClusterTemplate', 'OpenStackMachineTemplate'],
        },
      ],
    },
  },
  {
    id: 'orc-v2.6.0',
    component: 'orc',
    project: 'k-orc/openstack-resource-controller',
    tag: 'v2.6.0',
    primaryVersion: 'v1alpha1',
    urlTemplates: [`${ORC_RELEASE}/install.yaml`],
    crds: { 'openstack.k-orc.cloud': ['images'] },
    bindings: {
      package: 'provider-openstack',
      set: 'orc-v1alpha1',
      version: 'v1alpha1',
      modules: [{ group: 'openstack.k-orc.cloud', namespace: 'orc', kinds: ['Image'] }],
    },
  },
  {
    // The oldest Cilium of the openstack/scs release matrix: a policy valid against its schema uses no field
    // that a newer minor's Cilium would lack. Only the kinds the stack applies are imported.
    id: 'cilium-v1.19.6',
    component: 'cilium',
    project: 'cilium/cilium',
    tag: 'v1.19.6',
    primaryVersion: 'v2',
    urlTemplates: [`${CILIUM_CRDS}/ciliumclusterwidenetworkpolicies.yaml`],
    crds: { 'cilium.io': ['ciliumclusterwidenetworkpolicies'] },
    bindings: {
      package: 'provider-openstack',
      set: 'cilium-v2',
      version: 'v2',
      modules: [{ group: 'cilium.io', namespace: 'cilium', kinds: ['CiliumClusterwideNetworkPolicy'] }],
    },
  },
  {
    id: 'cso-v0.2.0-alpha.1',
    component: 'cso',
    project: 'SovereignCloudStack/cluster-stack-operator',
    tag: 'v0.2.0-alpha.1',
    primaryVersion: 'v1alpha1',
    urlTemplates: [`${CSO_RELEASE}/cso-infrastructure-components.yaml`],
    crds: { 'clusterstack.x-k8s.io': ['clusteraddons', 'clusterstackreleases', 'clusterstacks'] },
  },
];

/** The download URLs of a release. */
export function releaseUrls(release: PinnedRelease): string[] {
  return release.urlTemplates.map((t) => t.split('{tag}').join(release.tag));
}

/** The `metadata.name` of every CRD taken from a release, in a stable order. */
export function crdNames(release: PinnedRelease): string[] {
  return Object.entries(release.crds)
    .flatMap(([group, plurals]) => plurals.map((plural) => `${plural}.${group}`))
    .sort();
}

/** The file a CRD is read from under `--from <dir>/<release id>/`: `<group>_<plural>.yaml`. */
export function crdFileName(name: string): string {
  const dot = name.indexOf('.');
  if (dot <= 0) throw new Error(`not a CRD name (<plural>.<group>): ${name}`);
  return `${name.slice(dot + 1)}_${name.slice(0, dot)}.yaml`;
}

/** The header line of every generated file. */
export function generatedHeader(release: Pick<PinnedRelease, 'component' | 'tag'>): string {
  return `// Generated by tools/import-crds from ${release.component} ${release.tag}. DO NOT EDIT.`;
}
