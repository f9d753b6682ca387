import {
  builtin,
  ClusterClass,
  ClusterStack,
  fn,
  KubeadmConfigSpec,
  KubeadmConfigTemplate,
  KubeadmControlPlaneTemplate,
  MachineHealthCheck,
  PatchOperation,
  PatchTarget,
  Ref,
  stableYaml,
  template,
  TemplateText,
  TEMPLATE_SCHEMAS,
  vars,
} from '@cluster-stacks/core';
import { DockerClusterTemplate, DockerMachineTemplate } from '../capd-templates';
import { dockerScsVariables } from './imports/variables';
import { tagAndDigestByVersion } from './node-images';
import { DockerScsVariables } from './variables';

const v = vars<DockerScsVariables>();

/** The SANs every CAPD API server certificate needs (the load balancer container and the host). */
const BASE_CERT_SANS = ['localhost', '127.0.0.1', '0.0.0.0', 'host.docker.internal'];

/** Where the PodSecurity admission configuration is written on control-plane nodes. */
const ADMISSION_CONFIG_PATH = '/etc/kubernetes/kube-apiserver-admission-pss.yaml';

/** Kubelet settings CAPD nodes need: containers share the host's disk and swap. */
const CAPD_NODE_REGISTRATION = {
  criSocket: 'unix:///var/run/containerd/containerd.sock',
  kubeletExtraArgs: { 'eviction-hard': 'nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%', 'fail-swap-on': 'false' },
};

const CONTROL_PLANE_SPEC: KubeadmConfigSpec = {
  clusterConfiguration: {
    apiServer: { certSANs: BASE_CERT_SANS, extraArgs: { 'tls-min-version': 'VersionTLS12' } },
    // Lets the hostpath provisioner of kind-style clusters work for local PersistentVolumes.
    controllerManager: { extraArgs: { 'enable-hostpath-provisioner': 'true' } },
    etcd: { local: { dataDir: '/var/lib/etcd' } },
    dns: {},
  },
  initConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
  joinConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
};

const WORKER_SPEC: KubeadmConfigSpec = {
  joinConfiguration: { nodeRegistration: CAPD_NODE_REGISTRATION },
};

/**
 * The kubeadm `files` list with the AdmissionConfiguration rendered from the podSecurityStandard variable. The
 * template declares no files, so the patch adds the whole list (CAPI cannot append to a list that is absent).
 */
function podSecurityAdmissionFiles(): TemplateText {
  const pss = v.ref('podSecurityStandard');
  const content = template`apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
  - name: PodSecurity
    configuration:
      apiVersion: pod-security.admission.config.k8s.io/v1
      kind: PodSecurityConfiguration
      defaults:
        enforce: ${pss.field('enforce')}
        enforce-version: latest
        audit: ${pss.field('audit')}
        audit-version: latest
        warn: ${pss.field('warn')}
        warn-version: latest
      exemptions:
        usernames: []
        runtimeClasses: []
        namespaces: [kube-system]
`;
  return new TemplateText(stableYaml([{ path: ADMISSION_CONFIG_PATH, owner: 'root:root', permissions: '0644', content: content.text }]), content.refs);
}

/** `<repository>:<tag>@<digest>` for a machine's version, falling back to the plain tag for unknown releases. */
function customImage(version: Ref<string>, tagsByVersion: Record<string, string>) {
  return template`${v.ref('nodeImageRepository')}:${fn.get(fn.dict(tagsByVersion), version).orDefault(version.replace('+', '_'))}`;
}

/** Builds the docker/scs ClusterClass with its templates, variables and patches. */
export function addDockerScsClusterClass(stack: ClusterStack): ClusterClass {
  const infrastructure = new DockerClusterTemplate(stack, 'DockerClusterTemplate');
  const controlPlane = new KubeadmControlPlaneTemplate(stack, 'ControlPlaneTemplate', { kubeadmConfigSpec: CONTROL_PLANE_SPEC });
  const controlPlaneMachines = new DockerMachineTemplate(stack, 'ControlPlaneMachineTemplate', { nameSuffix: 'control-plane' });
  const workerBootstrap = new KubeadmConfigTemplate(stack, 'WorkerBootstrapTemplate', { spec: WORKER_SPEC });
  const workerMachines = new DockerMachineTemplate(stack, 'WorkerMachineTemplate', { nameSuffix: 'default-worker' });

  const clusterClass = new ClusterClass(stack, 'ClusterClass', {
    infrastructure,
    controlPlane: { template: controlPlane, machineInfrastructure: controlPlaneMachines, healthCheck: MachineHealthCheck.NODE_NOT_READY },
    workers: [
      { class: 'default-worker', bootstrap: workerBootstrap, infrastructure: workerMachines, healthCheck: MachineHealthCheck.NODE_NOT_READY },
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
      { target: PatchTarget.controlPlane(controlPlane), operations: [PatchOperation.add(`${clusterConfiguration}/imageRepository`, v.ref('imageRepository'))] },
    ],
  });
  clusterClass.addPatch({
    name: 'etcdImageTag',
    description: 'Pins the etcd image tag.',
    enabledIf: fn.ne(v.ref('etcdImageTag'), ''),
    definitions: [
      { target: PatchTarget.controlPlane(controlPlane), operations: [PatchOperation.add(`${clusterConfiguration}/etcd/local/imageTag`, v.ref('etcdImageTag'))] },
    ],
  });
  clusterClass.addPatch({
    name: 'coreDNSImageTag',
    description: 'Pins the CoreDNS image tag.',
    enabledIf: fn.ne(v.ref('coreDNSImageTag'), ''),
    definitions: [
      { target: PatchTarget.controlPlane(controlPlane), operations: [PatchOperation.add(`${clusterConfiguration}/dns/imageTag`, v.ref('coreDNSImageTag'))] },
    ],
  });

  const tags = tagAndDigestByVersion(stack.nodeImages);
  clusterClass.addPatch({
    name: 'customImage',
    description: 'Runs each machine on the pinned kindest/node image of its own Kubernetes version.',
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlaneMachines),
        operations: [PatchOperation.add('/spec/template/spec/customImage', customImage(builtin.controlPlane.version, tags))],
      },
      {
        target: PatchTarget.machineDeployments(workerMachines, ['default-worker']),
        operations: [PatchOperation.add('/spec/template/spec/customImage', customImage(builtin.machineDeployment.version, tags))],
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
    name: 'podSecurityStandard',
    description: 'Configures Pod Security admission defaults for the cluster.',
    enabledIf: v.ref('podSecurityStandard').field('enabled'),
    definitions: [
      {
        target: PatchTarget.controlPlane(controlPlane),
        operations: [
          PatchOperation.controlPlaneFlag('apiServer', 'admission-control-config-file', ADMISSION_CONFIG_PATH),
          PatchOperation.add(`${clusterConfiguration}/apiServer/extraVolumes`, [
            { name: 'admission-pss', hostPath: ADMISSION_CONFIG_PATH, mountPath: ADMISSION_CONFIG_PATH, readOnly: true, pathType: 'File' },
          ]),
          PatchOperation.add('/spec/template/spec/kubeadmConfigSpec/files', podSecurityAdmissionFiles()),
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
          PatchOperation.kubeletFlag('controlPlane', 'initConfiguration', 'max-pods', v.ref('kubeletMaxPods')),
          PatchOperation.kubeletFlag('controlPlane', 'joinConfiguration', 'max-pods', v.ref('kubeletMaxPods')),
        ],
      },
      {
        target: PatchTarget.machineDeployments(workerBootstrap, ['default-worker']),
        operations: [PatchOperation.kubeletFlag('worker', 'joinConfiguration', 'max-pods', v.ref('kubeletMaxPods'))],
      },
    ],
  });
  return clusterClass;
}

