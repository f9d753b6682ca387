import {
  CapiVersion,
  KubernetesVersion,
  PatchOperation,
  patchesOn,
  StackTesting,
  synthesizeStack,
} from '@cluster-stacks/core';
import { parse } from 'yaml';
import { dockerScsStack } from './stack';

const V1_35 = KubernetesVersion.of('1.35.1');

function files(version = V1_35, capi?: CapiVersion): Map<string, string> {
  const stack = dockerScsStack(version);
  return new Map(synthesizeStack(stack, capi ?? stack.capiVersion).files);
}

function yamlOf(file: string, version = V1_35, capi?: CapiVersion) {
  const text = files(version, capi).get(file);
  if (text === undefined) throw new Error(`no ${file}`);
  // Helm escapes are part of the chart; for assertions read the template as CSO's helm would print it.
  return parse(
    text
      .replace(/\{\{ "\{\{" \}\}/g, '{{')
      .replace(/\{\{ "\}\}" \}\}/g, '}}')
      .replace(/\{\{ \.Release\.Name \}\}-\{\{ \.Chart\.Version \}\}/g, 'R-V')
      .replace(/\{\{ \.Release\.Namespace \}\}/g, 'NS'),
  );
}

describe('docker/scs stack', () => {
  test('GIVEN Kubernetes 1.35 WHEN synthesized THEN the stack has the CAPD templates, two addons and its node images', () => {
    expect([...files().keys()]).toEqual([
      'cluster-addon/cni/Chart.yaml',
      'cluster-addon/cni/overwrite.yaml',
      'cluster-addon/cni/templates/clusterrole-kindnet.yaml',
      'cluster-addon/cni/templates/clusterrolebinding-kindnet.yaml',
      'cluster-addon/cni/templates/daemonset-kindnet.yaml',
      'cluster-addon/cni/templates/serviceaccount-kindnet.yaml',
      'cluster-addon/cni/values.yaml',
      'cluster-addon/kubelet-csr-approver/Chart.yaml',
      'cluster-addon/kubelet-csr-approver/templates/clusterrole-kubelet-csr-approver.yaml',
      'cluster-addon/kubelet-csr-approver/templates/clusterrolebinding-kubelet-csr-approver.yaml',
      'cluster-addon/kubelet-csr-approver/templates/deployment-kubelet-csr-approver.yaml',
      'cluster-addon/kubelet-csr-approver/templates/serviceaccount-kubelet-csr-approver.yaml',
      'cluster-addon/kubelet-csr-approver/values.yaml',
      'cluster-addon/metrics-server/Chart.yaml',
      'cluster-addon/metrics-server/templates/apiservice-v1beta1.metrics.k8s.io.yaml',
      'cluster-addon/metrics-server/templates/clusterrole-system-aggregated-metrics-reader.yaml',
      'cluster-addon/metrics-server/templates/clusterrole-system-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/clusterrolebinding-metrics-server-system-auth-delegator.yaml',
      'cluster-addon/metrics-server/templates/clusterrolebinding-system-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/deployment-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/rolebinding-metrics-server-auth-reader.yaml',
      'cluster-addon/metrics-server/templates/service-metrics-server.yaml',
      'cluster-addon/metrics-server/templates/serviceaccount-metrics-server.yaml',
      'cluster-addon/metrics-server/values.yaml',
      'cluster-class/Chart.yaml',
      'cluster-class/templates/clusterclass.yaml',
      'cluster-class/templates/dockerclustertemplate-cluster.yaml',
      'cluster-class/templates/dockermachinetemplate-control-plane.yaml',
      'cluster-class/templates/dockermachinetemplate-default-worker.yaml',
      'cluster-class/templates/kubeadmconfigtemplate-default-worker-bootstrap.yaml',
      'cluster-class/templates/kubeadmcontrolplanetemplate-control-plane.yaml',
      'cluster-class/values.yaml',
      'clusteraddon.yaml',
      'node-images/node-images.yaml',
      'stack.yaml',
    ]);
  });

  test('GIVEN the ClusterClass THEN its variables and patches are the documented set, in order', () => {
    const cc = yamlOf('cluster-class/templates/clusterclass.yaml');
    expect(cc.metadata).toEqual({ name: 'R-V', namespace: 'NS' });
    expect(
      cc.spec.variables.map((v: { name: string; required: boolean }) => `${v.name}${v.required ? '!' : ''}`),
    ).toEqual([
      'imageRepository',
      'etcdImageTag',
      'coreDNSImageTag',
      'nodeImageRepository',
      'certSANs',
      'kubeletMaxPods',
      'mountHostDockerSocket',
      'hostPathProvisioner',
      'registryMirrors',
      'httpProxy',
      'ntpServers',
      'controlPlaneCertificateRenewal',
      'oidcAuthentication',
      'podSecurityStandard',
      'auditLog',
      'controlPlaneMetricsBindAddress',
      'terminatedPodGCThreshold',
    ]);
    expect(cc.spec.variables[10].schema.openAPIV3Schema).toEqual({
      type: 'array',
      items: { type: 'string', pattern: '^[A-Za-z0-9]([-A-Za-z0-9.:]*[A-Za-z0-9])?$' },
      maxItems: 0,
      description:
        "Must stay empty on this stack: the nodes are containers that share the Docker host's clock and cannot set it; synchronise the host instead.",
      default: [],
      example: [],
    });
    expect(cc.spec.variables[13].schema.openAPIV3Schema.properties.enforce).toEqual({
      type: 'string',
      enum: ['privileged', 'baseline', 'restricted'],
      description: 'Level enforced: pods that violate it are rejected.',
      default: 'baseline',
    });
    expect(cc.spec.patches.map((p: { name: string }) => p.name)).toEqual([
      'imageRepository',
      'etcdImageTag',
      'coreDNSImageTag',
      'customImage',
      'certSANs',
      'registryMirrorsControlPlane',
      'registryMirrorsWorker',
      'registryMirrorsHostsDirectory',
      'registryMirrorCredentials',
      'httpProxy',
      'controlPlaneCertificateRenewal',
      'kubeletMaxPods',
      'mountHostDockerSocket',
      'hostPathProvisioner',
      'podSecurityStandard',
      'apiServerAuthentication',
      'auditLog',
      'controlPlaneMetricsBindAddress',
      'terminatedPodGCThreshold',
    ]);
    expect(cc.spec.controlPlane.machineHealthCheck.unhealthyConditions).toEqual([
      { type: 'Ready', status: 'Unknown', timeout: '300s' },
      { type: 'Ready', status: 'False', timeout: '300s' },
    ]);
  });

  test('GIVEN the customImage patch THEN it pins the kindest/node digest of the machine version and of the previous minor', () => {
    const cc = yamlOf('cluster-class/templates/clusterclass.yaml');
    const patch = cc.spec.patches.find((p: { name: string }) => p.name === 'customImage');
    expect(patch.definitions[0].jsonPatches[0].valueFrom.template).toBe(
      '{{ .nodeImageRepository }}:{{ default (replace "+" "_" .builtin.controlPlane.version) (get (dict "v1.34.3" "v1.34.3@sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48" "v1.35.1" "v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab") .builtin.controlPlane.version) }}',
    );
  });

  test('GIVEN the control-plane template THEN it carries the CAPD kubelet settings and the bases the patches extend', () => {
    const kcp = yamlOf('cluster-class/templates/kubeadmcontrolplanetemplate-control-plane.yaml');
    const spec = kcp.spec.template.spec.kubeadmConfigSpec;
    expect(spec.initConfiguration).toEqual({
      nodeRegistration: { criSocket: 'unix:///var/run/containerd/containerd.sock' },
      patches: { directory: '/etc/kubernetes/patches' },
    });
    // A joining control-plane node skips the image pre-pull (the old minor's CoreDNS is not in the new image).
    expect(spec.joinConfiguration).toEqual({
      ...spec.initConfiguration,
      nodeRegistration: { ...spec.initConfiguration.nodeRegistration, ignorePreflightErrors: ['ImagePull'] },
    });
    // KubeadmControlPlane upgrades CoreDNS only to a tag its configuration names.
    expect(spec.clusterConfiguration.dns).toEqual({ imageTag: 'v1.13.1' });
    const kubelet = (path: string) =>
      parse(spec.files.find((f: { path: string }) => f.path === path).content);
    expect(kubelet('/etc/kubernetes/patches/kubeletconfiguration20-capd+strategic.yaml')).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      imageGCHighThresholdPercent: 100,
      failSwapOn: false,
      cgroupRoot: '/kubelet',
    });
    // CAPD's bootstrap flags for those settings are removed before each kubelet start.
    const file = (path: string) => spec.files.find((f: { path: string }) => f.path === path);
    expect(file('/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf')).toEqual({
      path: '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
      owner: 'root:root',
      permissions: '0644',
      content: '[Service]\nExecStartPre=/bin/sh /etc/kubernetes/kubelet-flags-in-config.sh\n',
    });
    expect(file('/etc/kubernetes/kubelet-flags-in-config.sh').content).toContain(
      `sed -i -E 's/--(cgroup-root|eviction-hard|fail-swap-on|image-gc-high-threshold)=[^ "]* ?//g' "$flags"`,
    );
    expect(spec.preKubeadmCommands).toContain('systemctl daemon-reload');
    const hardening = kubelet('/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml');
    expect(hardening.evictionHard).toEqual({
      'memory.available': '100Mi',
      'nodefs.available': '0%',
      'nodefs.inodesFree': '0%',
      'imagefs.available': '0%',
      'imagefs.inodesFree': '0%',
      'pid.available': '10%',
    });
    expect(hardening.authentication).toEqual({ anonymous: { enabled: false }, webhook: { enabled: true } });
    expect(hardening.readOnlyPort).toBe(0);
    expect(hardening.protectKernelDefaults).toBeUndefined();
    expect(spec.clusterConfiguration.apiServer.certSANs).toEqual([
      'localhost',
      '127.0.0.1',
      '0.0.0.0',
      'host.docker.internal',
    ]);
    expect(
      spec.clusterConfiguration.controllerManager.extraArgs['enable-hostpath-provisioner'],
    ).toBeUndefined();
  });

  test('GIVEN the machine templates THEN no node container mounts the host Docker socket unless a Cluster asks', () => {
    for (const machines of ['control-plane', 'default-worker']) {
      const template = yamlOf(`cluster-class/templates/dockermachinetemplate-${machines}.yaml`);
      expect(template.spec.template.spec.extraMounts).toEqual([]);
    }
    const cc = yamlOf('cluster-class/templates/clusterclass.yaml');
    const patch = cc.spec.patches.find((p: { name: string }) => p.name === 'mountHostDockerSocket');
    expect(patch.enabledIf).toBe('{{ .mountHostDockerSocket }}');
    expect(patch.definitions.map((d: { jsonPatches: unknown }) => d.jsonPatches)).toEqual([
      [
        {
          op: 'add',
          path: '/spec/template/spec/extraMounts',
          value: [{ containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock' }],
        },
      ],
      [
        {
          op: 'add',
          path: '/spec/template/spec/extraMounts',
          value: [{ containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock' }],
        },
      ],
    ]);
  });

  test('GIVEN the stack THEN the behaviour Clusters notice is recorded for the version lock', () => {
    expect(dockerScsStack(V1_35).behaviour).toEqual({
      anonymousRequests:
        'the API server answers anonymous requests only on /healthz, /livez, /readyz, /api/v1/namespaces/kube-public/configmaps/cluster-info',
      capdKubeletFlags:
        "CAPD's bootstrap kubelet flags image-gc-high-threshold, eviction-hard, fail-swap-on, cgroup-root are removed before each kubelet start; their values are in the KubeletConfiguration",
      coreDNSUpgrade: "the control plane names the release's CoreDNS tag, so an upgrade moves CoreDNS to it",
      encryptionKeyAccess:
        "new Clusters encrypt Secrets with secretbox (upgraded Clusters keep their provider and key until rotated); only cluster-admin reads the key, bootstrap tokens (workers' included) no longer can",
      evictionHard:
        'memory.available<100Mi,nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%,imagefs.inodesFree<0%,pid.available<10%',
      hostDockerSocket:
        'the host Docker socket is mounted into node containers only when mountHostDockerSocket is true',
      hostPathProvisioner:
        'the controller manager runs the hostpath provisioner only when hostPathProvisioner is true',
      kubeletSettings:
        'KubeletConfiguration patches in /etc/kubernetes/patches; no kubelet flag that has a config-file field',
    });
  });

  test('GIVEN CAPI v1beta2 THEN the same stack renders templateRefs and flag lists, and appends the flags its patches set', () => {
    const cc = yamlOf('cluster-class/templates/clusterclass.yaml', V1_35, CapiVersion.V1BETA2);
    expect(cc.apiVersion).toBe('cluster.x-k8s.io/v1beta2');
    expect(cc.spec.controlPlane.templateRef).toEqual({
      apiVersion: 'controlplane.cluster.x-k8s.io/v1beta2',
      kind: 'KubeadmControlPlaneTemplate',
      name: 'R-V-control-plane',
    });
    const kcp = yamlOf(
      'cluster-class/templates/kubeadmcontrolplanetemplate-control-plane.yaml',
      V1_35,
      CapiVersion.V1BETA2,
    );
    const args: { name: string; value: string }[] =
      kcp.spec.template.spec.kubeadmConfigSpec.clusterConfiguration.apiServer.extraArgs;
    expect(args.find((a) => a.name === 'profiling')).toEqual({ name: 'profiling', value: 'false' });
    expect(new Set(args.map((a) => a.name)).size).toBe(args.length);
    expect(args.find((a) => a.name === 'audit-log-maxage')).toBeUndefined();
    const auditPatch = cc.spec.patches.find((p: { name: string }) => p.name === 'auditLog').definitions[0]
      .jsonPatches[0];
    expect(auditPatch).toEqual({
      op: 'add',
      path: '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration/apiServer/extraArgs/-',
      valueFrom: {
        template: '{"name": "audit-log-maxage", "value": {{ .auditLog.maxAgeDays | toString | toJson }}}',
      },
    });
    expect(cc.spec.patches.map((p: { name: string }) => p.name)).toContain(
      'controlPlaneMetricsBindAddress-disabled',
    );
  });

  test('GIVEN each CAPI rendering WHEN synthesized THEN v1beta1 has the Docker* templates as shipped and v1beta2 the Dev* templates with the docker backend', () => {
    // GIVEN / WHEN
    const templates = (capi: CapiVersion) =>
      StackTesting.byKindAndName(
        dockerScsStack(V1_35)
          .clusterClass.render(capi)
          .filter((o) => o.kind !== 'ClusterClass' && !o.kind.startsWith('Kubeadm')),
      );
    const name = (suffix: string) => `__HELM_RELEASE_NAME__-__HELM_CHART_VERSION__-${suffix}`;
    const object = (apiVersion: string, kind: string, suffix: string, spec: unknown) => ({
      [`${kind}/${name(suffix)}`]: {
        apiVersion,
        kind,
        metadata: { name: name(suffix), namespace: '__HELM_RELEASE_NAMESPACE__' },
        spec,
      },
    });

    // THEN
    const v1 = 'infrastructure.cluster.x-k8s.io/v1beta1';
    const dockerMachines = { template: { spec: { extraMounts: [] } } };
    expect(templates(CapiVersion.V1BETA1)).toEqual({
      ...object(v1, 'DockerClusterTemplate', 'cluster', { template: { spec: {} } }),
      ...object(v1, 'DockerMachineTemplate', 'control-plane', dockerMachines),
      ...object(v1, 'DockerMachineTemplate', 'default-worker', dockerMachines),
    });
    const v2 = 'infrastructure.cluster.x-k8s.io/v1beta2';
    const devMachines = { template: { spec: { backend: { docker: { extraMounts: [] } } } } };
    expect(templates(CapiVersion.V1BETA2)).toEqual({
      ...object(v2, 'DevClusterTemplate', 'cluster', { template: { spec: { backend: { docker: {} } } } }),
      ...object(v2, 'DevMachineTemplate', 'control-plane', devMachines),
      ...object(v2, 'DevMachineTemplate', 'default-worker', devMachines),
    });
    expect([...files(V1_35, CapiVersion.V1BETA2).keys()].filter((f) => f.includes('/templates/dev'))).toEqual(
      [
        'cluster-class/templates/devclustertemplate-cluster.yaml',
        'cluster-class/templates/devmachinetemplate-control-plane.yaml',
        'cluster-class/templates/devmachinetemplate-default-worker.yaml',
      ],
    );
  });

  test('GIVEN CAPI v1beta2 THEN the ClusterClass references the Dev* templates and the machine patches select them and write below backend/docker', () => {
    // GIVEN / WHEN
    const cc = yamlOf('cluster-class/templates/clusterclass.yaml', V1_35, CapiVersion.V1BETA2);

    // THEN
    const v2 = 'infrastructure.cluster.x-k8s.io/v1beta2';
    expect(cc.spec.infrastructure.templateRef).toEqual({
      apiVersion: v2,
      kind: 'DevClusterTemplate',
      name: 'R-V-cluster',
    });
    expect(cc.spec.controlPlane.machineInfrastructure.templateRef).toEqual({
      apiVersion: v2,
      kind: 'DevMachineTemplate',
      name: 'R-V-control-plane',
    });
    expect(cc.spec.workers.machineDeployments[0].infrastructure.templateRef).toEqual({
      apiVersion: v2,
      kind: 'DevMachineTemplate',
      name: 'R-V-default-worker',
    });
    const patch = (name: string) => cc.spec.patches.find((p: { name: string }) => p.name === name);
    const selectors = [
      { apiVersion: v2, kind: 'DevMachineTemplate', matchResources: { controlPlane: true } },
      {
        apiVersion: v2,
        kind: 'DevMachineTemplate',
        matchResources: { machineDeploymentClass: { names: ['default-worker'] } },
      },
    ];
    const image = (version: string) =>
      `{{ .nodeImageRepository }}:{{ default (replace "+" "_" .builtin.${version}.version) (get (dict "v1.34.3" "v1.34.3@sha256:08497ee19eace7b4b5348db5c6a1591d7752b164530a36f855cb0f2bdcbadd48" "v1.35.1" "v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab") .builtin.${version}.version) }}`;
    expect(patch('customImage').definitions).toEqual([
      {
        selector: selectors[0],
        jsonPatches: [
          {
            op: 'add',
            path: '/spec/template/spec/backend/docker/customImage',
            valueFrom: { template: image('controlPlane') },
          },
        ],
      },
      {
        selector: selectors[1],
        jsonPatches: [
          {
            op: 'add',
            path: '/spec/template/spec/backend/docker/customImage',
            valueFrom: { template: image('machineDeployment') },
          },
        ],
      },
    ]);
    const socket = [{ containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock' }];
    expect(patch('mountHostDockerSocket').definitions).toEqual(
      selectors.map((selector) => ({
        selector,
        jsonPatches: [{ op: 'add', path: '/spec/template/spec/backend/docker/extraMounts', value: socket }],
      })),
    );
  });

  test('GIVEN a patch at the Docker* path of a machine setting WHEN rendered for v1beta2 THEN the schema check refuses it, naming DevMachineTemplate and the fields it has', () => {
    // GIVEN
    const stack = dockerScsStack(V1_35);
    stack.clusterClass.addPatch({
      name: 'dockerPath',
      definitions: patchesOn(
        stack.clusterClass.targets.workerMachines,
        PatchOperation.add('/spec/template/spec/customImage', 'kindest/node:v1.35.1'),
      ),
    });

    // WHEN / THEN
    expect(() => stack.clusterClass.render(CapiVersion.V1BETA1)).not.toThrow();
    expect(StackTesting.errorOf(() => stack.clusterClass.render(CapiVersion.V1BETA2)).message).toBe(
      'docker-scs-1-35/ClusterClass: patch "dockerPath" path "/spec/template/spec/customImage" does not fit infrastructure.cluster.x-k8s.io/v1beta2/DevMachineTemplate (v1beta2): unknown field "customImage" at /spec/template/spec (known: backend, providerID).',
    );
  });

  test('GIVEN the addons THEN each is applied at creation and again before an upgrade, CNI first', () => {
    expect(parse(files().get('clusteraddon.yaml')!)).toEqual({
      apiVersion: 'clusteraddonconfig.x-k8s.io/v1alpha1',
      clusterAddonVersion: 'clusteraddons.clusterstack.x-k8s.io/v1alpha1',
      addonStages: {
        AfterControlPlaneInitialized: [
          { name: 'cni', action: 'apply' },
          { name: 'kubelet-csr-approver', action: 'apply' },
          { name: 'metrics-server', action: 'apply' },
        ],
        BeforeClusterUpgrade: [
          { name: 'cni', action: 'apply' },
          { name: 'kubelet-csr-approver', action: 'apply' },
          { name: 'metrics-server', action: 'apply' },
        ],
      },
    });
  });

  test.each([
    [KubernetesVersion.of('1.33.7'), 'docker-scs-1-33-cluster-class', ['v1.33.7']],
    [KubernetesVersion.of('1.34.3'), 'docker-scs-1-34-cluster-class', ['v1.33.7', 'v1.34.3']],
    [KubernetesVersion.of('1.35.1'), 'docker-scs-1-35-cluster-class', ['v1.34.3', 'v1.35.1']],
    [KubernetesVersion.of('1.36.1'), 'docker-scs-1-36-cluster-class', ['v1.35.1', 'v1.36.1']],
  ])('GIVEN Kubernetes %s THEN the chart name and node images follow the minor', (version, chart, images) => {
    expect(parse(files(version).get('cluster-class/Chart.yaml')!).name).toBe(chart);
    expect(
      parse(files(version).get('node-images/node-images.yaml')!).images.map(
        (i: { kubernetesVersion: string }) => i.kubernetesVersion,
      ),
    ).toEqual(images);
  });

  test('GIVEN a patch release that is not the one of its matrix row WHEN the stack is built THEN the error names the row and its field', () => {
    expect(() => dockerScsStack(KubernetesVersion.of('1.35.2'))).toThrow(
      'docker/scs: Kubernetes v1.35.2 is not the release of the matrix row "1.35" (v1.35.1); change the row\'s "kubernetes" field to build another patch release.',
    );
  });

  test('GIVEN a hardened stack without a serving-certificate approver WHEN synthesized THEN validation says what to add', () => {
    const stack = dockerScsStack(V1_35);
    stack.node.tryRemoveChild('KubeletServingCertApprover');
    expect(() => synthesizeStack(stack)).toThrow(
      'docker-scs-1-35/Hardening: kubelets rotate their serving certificates, but no addon approves them: add an addon with capabilities ["kubelet-serving-certificate-approval"] (e.g. KubeletServingCertApprover from @cluster-stacks/addons).',
    );
  });

  test('GIVEN docker/scs 1.35 WHEN synthesized THEN the files are stable (snapshot)', () => {
    expect(Object.fromEntries(files())).toMatchSnapshot();
  });
});
