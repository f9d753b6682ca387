import {
  builtin,
  ClusterClass,
  ClusterStack,
  fn,
  Hardening,
  HardeningVariables,
  KubeadmConfigSpec,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
  MachineHealthCheck,
  PatchOperation,
  PatchTarget,
  Ref,
  template,
  TEMPLATE_SCHEMAS,
  vars,
} from '@cluster-stacks/core';
import { DockerClusterTemplate, DockerMachineTemplate } from '../capd-templates';
import { dockerScsVariables } from './imports/variables';
import { tagAndDigestByVersion } from './node-images';
import { DockerScsVariables } from './variables';

const v = vars<DockerScsVariables & HardeningVariables>();

/** The SANs every CAPD API server certificate needs (the load balancer container and the host). */
const BASE_CERT_SANS = ['localhost', '127.0.0.1', '0.0.0.0', 'host.docker.internal'];

/** Kubelet settings CAPD nodes need: containers share the host's disk and swap. */
const CAPD_NODE_REGISTRATION = {
  criSocket: 'unix:///var/run/containerd/containerd.sock',
  kubeletExtraArgs: {
    'eviction-hard': 'nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%',
    'fail-swap-on': 'false',
  },
};

const CONTROL_PLANE_SPEC: KubeadmConfigSpec = {
  clusterConfiguration: {
    apiServer: { certSANs: BASE_CERT_SANS, extraArgs: { 'tls-min-version': 'VersionTLS12' } },
    // Lets the hostpath provisioner of kind-style clusters work for local PersistentVolumes.
    controllerManager: { extraArgs: { 'enable-hostpath-provisioner': 'true' } },
    etcd: { local: { dataDir: '/var/lib/etcd' } },
  },
  initConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
  joinConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
};

const WORKER_SPEC: KubeadmConfigSpec = {
  joinConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
};

/** `<repository>:<tag>@<digest>` for a machine's version, falling back to the plain tag for unknown releases. */
function customImage(version: Ref<string>, tagsByVersion: Record<string, string>) {
  return template`${v.ref('nodeImageRepository')}:${fn.get(fn.dict(tagsByVersion), version).orDefault(version.replace('+', '_'))}`;
}

/** Builds the docker/scs ClusterClass with its templates, variables and patches. */
export function addDockerScsClusterClass(stack: ClusterStack): ClusterClass {
  const infrastructure = new DockerClusterTemplate(stack, 'DockerClusterTemplate');
  const controlPlane = new KubeadmControlPlaneTemplate(stack, 'ControlPlaneTemplate', {
    kubeadmConfigSpec: CONTROL_PLANE_SPEC,
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

  const clusterConfiguration = '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration';
  clusterClass.addPatch({
    name: 'imageRepository',
    description: 'Pulls the control-plane images from the given registry.',
    enabledIf: fn.ne(v.ref('imageRepository'), ''),
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlane),
        operations: [PatchOperation.add(`${clusterConfiguration}/imageRepository`, v.ref('imageRepository'))],
      },
    ],
  });
  clusterClass.addPatch({
    name: 'etcdImageTag',
    description: 'Pins the etcd image tag.',
    enabledIf: fn.ne(v.ref('etcdImageTag'), ''),
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlane),
        operations: [
          PatchOperation.add(`${clusterConfiguration}/etcd/local/imageTag`, v.ref('etcdImageTag')),
        ],
      },
    ],
  });
  clusterClass.addPatch({
    name: 'coreDNSImageTag',
    description: 'Pins the CoreDNS image tag.',
    enabledIf: fn.ne(v.ref('coreDNSImageTag'), ''),
    definitions: [
      // v1beta2 rejects an empty dns object, so the template has none and the patch adds it whole.
      {
        target: PatchTarget.controlPlane(controlPlane),
        operations: [
          PatchOperation.add(
            `${clusterConfiguration}/dns`,
            template`{"imageTag": ${v.ref('coreDNSImageTag').toJson()}}`,
          ),
        ],
      },
    ],
  });

  const tags = tagAndDigestByVersion(stack.nodeImages);
  clusterClass.addPatch({
    name: 'customImage',
    description: 'Runs each machine on the pinned kindest/node image of its own Kubernetes version.',
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlaneMachines),
        operations: [
          PatchOperation.add(
            '/spec/template/spec/customImage',
            customImage(builtin.controlPlane.version, tags),
          ),
        ],
      },
      {
        target: PatchTarget.machineDeployments(workerMachines, ['default-worker']),
        operations: [
          PatchOperation.add(
            '/spec/template/spec/customImage',
            customImage(builtin.machineDeployment.version, tags),
          ),
        ],
      },
    ],
  });
  clusterClass.addPatch({
    name: 'certSANs',
    description: 'Adds subject alternative names to the API server certificate.',
    enabledIf: fn.isSet(v.ref('certSANs')),
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlane),
        operations: [
          PatchOperation.replace(
            `${clusterConfiguration}/apiServer/certSANs`,
            template`${fn.concat(fn.list(...BASE_CERT_SANS), v.ref('certSANs')).toJson()}`,
          ),
        ],
      },
    ],
  });
  clusterClass.addPatch({
    name: 'kubeletMaxPods',
    description: 'Sets the maximum number of pods per node.',
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlane),
        operations: [
          PatchOperation.kubeletFlag(
            'controlPlane',
            'initConfiguration',
            'max-pods',
            v.ref('kubeletMaxPods'),
          ),
          PatchOperation.kubeletFlag(
            'controlPlane',
            'joinConfiguration',
            'max-pods',
            v.ref('kubeletMaxPods'),
          ),
        ],
      },
      {
        target: PatchTarget.machineDeployments(workerBootstrap, ['default-worker']),
        operations: [
          PatchOperation.kubeletFlag('worker', 'joinConfiguration', 'max-pods', v.ref('kubeletMaxPods')),
        ],
      },
    ],
  });
  // Node containers share the host's kernel, so kubelets cannot insist on their kernel defaults.
  new Hardening(stack, 'Hardening', {
    clusterClass,
    controlPlane,
    workers: [{ template: workerBootstrap, classes: ['default-worker'] }],
    protectKernelDefaults: false,
  });
  return clusterClass;
}
