import {
  builtin,
  ClusterClass,
  ClusterFeatures,
  NodeClock,
  ClusterStack,
  EvictionThresholds,
  fn,
  Hardening,
  HardeningVariables,
  KubeadmConfigSpec,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
  kubeletConfigurationFileTemplate,
  kubeletConfigurationSpec,
  MachineHealthCheck,
  mergeKubeadmConfigSpecs,
  PatchOperation,
  patchesOn,
  Ref,
  template,
  TEMPLATE_SCHEMAS,
  vars,
} from '@cluster-stacks/core';
import { capdFlagsInConfigSpec, CAPD_KUBELET_CONFIG_EQUIVALENTS } from '../capd-kubelet-flags';
import { DockerClusterTemplate, DockerMachineTemplate } from '../capd-templates';
import { dockerScsVariables } from './imports/variables';
import { tagAndDigestByVersion } from './node-images';
import type { DockerScsRelease } from './releases';
import { DockerScsVariables } from './variables';

const v = vars<DockerScsVariables & HardeningVariables>();

/** The SANs every CAPD API server certificate needs (the load balancer container and the host). */
const BASE_CERT_SANS = ['localhost', '127.0.0.1', '0.0.0.0', 'host.docker.internal'];

/** CAPD nodes register through containerd in the node container. */
const CAPD_NODE_REGISTRATION = { criSocket: 'unix:///var/run/containerd/containerd.sock' };

/**
 * Kubelet settings CAPD nodes need, as CAPD's bootstrap flags set them (containers share the host's swap and
 * disk, and kind images run the kubelet under /kubelet), in the configuration file instead of on the command line.
 */
const CAPD_KUBELET_PATCH = '20-capd';
const CAPD_KUBELET_SETTINGS = Object.assign({}, ...Object.values(CAPD_KUBELET_CONFIG_EQUIVALENTS));

/**
 * Hard eviction on CAPD nodes: node containers share the host's disk, whose usage says nothing about the node,
 * so the disk signals never evict. Memory and PIDs keep the hardening profile's thresholds.
 */
export const CAPD_EVICTION_HARD: Partial<EvictionThresholds> = {
  'nodefs.available': '0%',
  'nodefs.inodesFree': '0%',
  'imagefs.available': '0%',
  'imagefs.inodesFree': '0%',
};

/**
 * A joining control-plane node pre-pulls the images of the workload cluster's kubeadm configuration, which names
 * the CoreDNS tag of the minor the Cluster comes from until the upgrade has moved it. A node image of the new minor
 * carries only its own CoreDNS, so in an air-gapped cloud that pre-pull fails the join. No joining node runs
 * CoreDNS, and the pre-pull only saves time: the check is skipped for control-plane joins.
 */
const CONTROL_PLANE_JOIN_REGISTRATION = { ...CAPD_NODE_REGISTRATION, ignorePreflightErrors: ['ImagePull'] };

/** The host's Docker socket, mounted into node containers only when mountHostDockerSocket is true. */
const HOST_DOCKER_SOCKET = { containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock' };

/** The control plane's kubeadm configuration; it names the release's CoreDNS tag so that upgrades move it. */
const controlPlaneSpec = (release: DockerScsRelease): KubeadmConfigSpec =>
  mergeKubeadmConfigSpecs(
    {
      clusterConfiguration: {
        apiServer: { certSANs: BASE_CERT_SANS, extraArgs: { 'tls-min-version': 'VersionTLS12' } },
        etcd: { local: { dataDir: '/var/lib/etcd' } },
        dns: { imageTag: release.coreDNS },
      },
      initConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
      joinConfiguration: { nodeRegistration: CONTROL_PLANE_JOIN_REGISTRATION },
    },
    mergeKubeadmConfigSpecs(
      kubeletConfigurationSpec(CAPD_KUBELET_PATCH, CAPD_KUBELET_SETTINGS, 'controlPlane'),
      capdFlagsInConfigSpec(),
    ),
  );

const WORKER_SPEC: KubeadmConfigSpec = mergeKubeadmConfigSpecs(
  { joinConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION } },
  mergeKubeadmConfigSpecs(
    kubeletConfigurationSpec(CAPD_KUBELET_PATCH, CAPD_KUBELET_SETTINGS, 'worker'),
    capdFlagsInConfigSpec(),
  ),
);

/** The KubeletConfiguration patch that sets maxPods from the kubeletMaxPods variable. */
function maxPodsFile() {
  return kubeletConfigurationFileTemplate('30-max-pods', template`maxPods: ${v.ref('kubeletMaxPods')}\n`);
}

/** `<repository>:<tag>@<digest>` for a machine's version, falling back to the plain tag for unknown releases. */
function customImage(version: Ref<string>, tagsByVersion: Record<string, string>) {
  return template`${v.ref('nodeImageRepository')}:${fn.get(fn.dict(tagsByVersion), version).orDefault(version.replace('+', '_'))}`;
}

/** Builds the docker/scs ClusterClass with its templates, variables and patches. */
export function addDockerScsClusterClass(stack: ClusterStack, release: DockerScsRelease): ClusterClass {
  const infrastructure = new DockerClusterTemplate(stack, 'DockerClusterTemplate');
  const controlPlane = new KubeadmControlPlaneTemplate(stack, 'ControlPlaneTemplate', {
    kubeadmConfigSpec: controlPlaneSpec(release),
  });
  const controlPlaneMachines = new DockerMachineTemplate(stack, 'ControlPlaneMachineTemplate', {
    nameSuffix: 'control-plane',
  });
  const workerBootstrap = new KubeadmConfigTemplate(stack, 'WorkerBootstrapTemplate', { spec: WORKER_SPEC });
  const workerMachines = new DockerMachineTemplate(stack, 'WorkerMachineTemplate', {
    nameSuffix: 'default-worker',
  });

  const clusterClass = new ClusterClass(stack, 'ClusterClass', {
    infrastructure,
    controlPlane: {
      template: controlPlane,
      machineInfrastructure: controlPlaneMachines,
      healthCheck: MachineHealthCheck.NODE_NOT_READY,
    },
    workers: [
      {
        class: 'default-worker',
        bootstrap: workerBootstrap,
        infrastructure: workerMachines,
        healthCheck: MachineHealthCheck.NODE_NOT_READY,
      },
    ],
    variables: dockerScsVariables,
    templateSchemas: TEMPLATE_SCHEMAS,
  });

  const on = clusterClass.targets;
  const clusterConfiguration = '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration';
  clusterClass.addPatch({
    name: 'imageRepository',
    description: 'Pulls the control-plane images from the given registry.',
    enabledIf: fn.ne(v.ref('imageRepository'), ''),
    definitions: patchesOn(
      on.controlPlane,
      PatchOperation.add(`${clusterConfiguration}/imageRepository`, v.ref('imageRepository')),
    ),
  });
  clusterClass.addPatch({
    name: 'etcdImageTag',
    description: 'Pins the etcd image tag.',
    enabledIf: fn.ne(v.ref('etcdImageTag'), ''),
    definitions: patchesOn(
      on.controlPlane,
      PatchOperation.add(`${clusterConfiguration}/etcd/local/imageTag`, v.ref('etcdImageTag')),
    ),
  });
  clusterClass.addPatch({
    name: 'coreDNSImageTag',
    description: 'Pins the CoreDNS image tag.',
    enabledIf: fn.ne(v.ref('coreDNSImageTag'), ''),
    // The template names the release's CoreDNS tag; the patch replaces the dns object whole.
    definitions: patchesOn(
      on.controlPlane,
      PatchOperation.add(
        `${clusterConfiguration}/dns`,
        template`{"imageTag": ${v.ref('coreDNSImageTag').toJson()}}`,
      ),
    ),
  });

  const tags = tagAndDigestByVersion(stack.nodeImages);
  // The machine templates' docker settings are at another path in each rendering (Docker* or Dev*).
  clusterClass.addPatch({
    name: 'customImage',
    description: 'Runs each machine on the pinned kindest/node image of its own Kubernetes version.',
    definitions: [
      ...patchesOn(
        on.controlPlaneMachines!,
        PatchOperation.addSetting('customImage', customImage(builtin.controlPlane.version, tags)),
      ),
      ...patchesOn(
        on.workerMachines,
        PatchOperation.addSetting('customImage', customImage(builtin.machineDeployment.version, tags)),
      ),
    ],
  });
  clusterClass.addPatch({
    name: 'certSANs',
    description: 'Adds subject alternative names to the API server certificate.',
    enabledIf: fn.isSet(v.ref('certSANs')),
    definitions: patchesOn(
      on.controlPlane,
      PatchOperation.replace(
        `${clusterConfiguration}/apiServer/certSANs`,
        template`${fn.concat(fn.list(...BASE_CERT_SANS), v.ref('certSANs')).toJson()}`,
      ),
    ),
  });
  // Before the patches that append files: the registry mirror patches rewrite the files lists. kind's node
  // images leave containerd's hosts directory off, so the nodes turn it on when mirrors are set.
  const features = new ClusterFeatures(stack, 'ClusterFeatures', {
    clusterClass,
    enableContainerdHostsDirectory: true,
    nodeClock: NodeClock.sharedWith(
      "the nodes are containers that share the Docker host's clock and cannot set it; synchronise the host instead",
    ),
  });
  clusterClass.addPatch({
    name: 'kubeletMaxPods',
    description: 'Sets the maximum number of pods per node in the kubelet configuration.',
    definitions: patchesOn(on.allKubeadm, PatchOperation.addKubeadmFile(maxPodsFile())),
  });
  clusterClass.addPatch({
    name: 'mountHostDockerSocket',
    description: "Mounts the host's Docker socket into every node container.",
    enabledIf: v.ref('mountHostDockerSocket'),
    definitions: patchesOn(on.allMachines, PatchOperation.addSetting('extraMounts', [HOST_DOCKER_SOCKET])),
  });
  clusterClass.addPatch({
    name: 'hostPathProvisioner',
    description: "Enables the controller manager's hostpath provisioner (testing only).",
    enabledIf: v.ref('hostPathProvisioner'),
    definitions: patchesOn(
      on.controlPlane,
      PatchOperation.controlPlaneFlag('controllerManager', 'enable-hostpath-provisioner', 'true'),
    ),
  });
  stack.recordBehaviour(
    'hostDockerSocket',
    'the host Docker socket is mounted into node containers only when mountHostDockerSocket is true',
  );
  stack.recordBehaviour(
    'coreDNSUpgrade',
    "the control plane names the release's CoreDNS tag, so an upgrade moves CoreDNS to it",
  );
  stack.recordBehaviour(
    'capdKubeletFlags',
    `CAPD's bootstrap kubelet flags ${Object.keys(CAPD_KUBELET_CONFIG_EQUIVALENTS).join(', ')} are removed before each kubelet start; their values are in the KubeletConfiguration`,
  );
  stack.recordBehaviour(
    'hostPathProvisioner',
    'the controller manager runs the hostpath provisioner only when hostPathProvisioner is true',
  );
  // Node containers share the host's kernel, so kubelets cannot insist on their kernel defaults.
  new Hardening(stack, 'Hardening', {
    clusterClass,
    controlPlane,
    workers: [{ template: workerBootstrap, classes: ['default-worker'] }],
    protectKernelDefaults: false,
    evictionHard: CAPD_EVICTION_HARD,
    jwtAuthenticators: [features.jwtAuthenticators],
  });
  return clusterClass;
}
