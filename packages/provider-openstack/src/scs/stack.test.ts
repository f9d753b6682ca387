import {
  CapiVersion,
  expectedAnonymousAuthenticationLines,
  KubernetesVersion,
  synthesizeStack,
} from '@cluster-stacks/core';
import { parse } from 'yaml';
import { errorOf, Json, readTemplate } from '../test-support';
import { openstackScsStack, OpenStackScsStackOptions } from './stack';

const V1_35 = KubernetesVersion.of('1.35.1');

function files(
  version = V1_35,
  options: OpenStackScsStackOptions = {},
  capi?: CapiVersion,
): Map<string, string> {
  const stack = openstackScsStack(version, options);
  return new Map(synthesizeStack(stack, capi ?? stack.capiVersion).files);
}

function template(
  name: string,
  version = V1_35,
  options: OpenStackScsStackOptions = {},
  capi?: CapiVersion,
): Json {
  const text = files(version, options, capi).get(`cluster-class/templates/${name}`);
  if (text === undefined) throw new Error(`no ${name}`);
  return readTemplate(text);
}

function patch(name: string, capi?: CapiVersion): Json {
  const found = template('clusterclass.yaml', V1_35, {}, capi).spec.patches.find(
    (p: Json) => p.name === name,
  );
  if (!found) throw new Error(`no patch ${name}`);
  return found;
}

describe('openstack/scs stack', () => {
  test('GIVEN Kubernetes 1.35 WHEN synthesized THEN it has the CAPO templates, six addon stages and its node images', () => {
    // GIVEN / WHEN
    const names = [...files().keys()];

    // THEN
    expect(names.filter((n) => !n.startsWith('cluster-addon/'))).toEqual([
      'cluster-class/Chart.yaml',
      'cluster-class/templates/clusterclass.yaml',
      'cluster-class/templates/kubeadmconfigtemplate-default-worker-bootstrap.yaml',
      'cluster-class/templates/kubeadmcontrolplanetemplate-control-plane.yaml',
      'cluster-class/templates/openstackclustertemplate-cluster.yaml',
      'cluster-class/templates/openstackmachinetemplate-control-plane.yaml',
      'cluster-class/templates/openstackmachinetemplate-default-worker.yaml',
      'cluster-class/values.yaml',
      'clusteraddon.yaml',
      'node-images/node-images.yaml',
      'stack.yaml',
    ]);
    expect([
      ...new Set(names.filter((n) => n.startsWith('cluster-addon/')).map((n) => n.split('/')[1])),
    ]).toEqual(['ccm', 'cni', 'csi', 'kubelet-csr-approver', 'metadata-service-policy', 'metrics-server']);
    expect(
      parse(files().get('clusteraddon.yaml')!).addonStages.AfterControlPlaneInitialized.map(
        (s: Json) => s.name,
      ),
    ).toEqual(['cni', 'kubelet-csr-approver', 'metrics-server', 'csi', 'ccm', 'metadata-service-policy']);
  });

  test('GIVEN the ClusterClass THEN it declares the 27 scs2 variables, the 3 disk pins, the metadata service switch, the core feature variables (registryMirrors first) and the hardening variables, none required', () => {
    // GIVEN / WHEN
    const cc = template('clusterclass.yaml');

    // THEN
    expect(cc.spec.variables.map((v: Json) => `${v.name}${v.required ? '!' : ''}`)).toEqual([
      'imageName',
      'imageIsOrc',
      'imageAddVersion',
      'disableAPIServerFloatingIP',
      'networkExternalID',
      'networkMTU',
      'dnsNameservers',
      'nodeCIDR',
      'controlPlaneFlavor',
      'controlPlaneRootDisk',
      'controlPlaneRootDiskPin',
      'controlPlaneServerGroupID',
      'controlPlaneAvailabilityZones',
      'controlPlaneOmitAvailabilityZone',
      'workerFlavor',
      'workerRootDisk',
      'workerRootDiskPin',
      'workerServerGroupID',
      'workerAdditionalBlockDevices',
      'workerAdditionalBlockDevicesPin',
      'sshKeyName',
      'securityGroups',
      'securityGroupIDs',
      'workerSecurityGroups',
      'workerSecurityGroupIDs',
      'identityRef',
      'certSANs',
      'apiServerLoadBalancer',
      'apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs',
      'oidcConfig',
      'blockMetadataService',
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
    const schema = (name: string) =>
      cc.spec.variables.find((v: Json) => v.name === name).schema.openAPIV3Schema;
    expect(schema('apiServerLoadBalancer')).toMatchObject({
      type: 'string',
      enum: ['none', 'octavia-amphora', 'octavia-ovn'],
      default: 'octavia-ovn',
    });
    expect(schema('nodeCIDR')).toMatchObject({ type: 'string', format: 'cidr', default: '10.8.0.0/20' });
    expect(schema('blockMetadataService')).toMatchObject({ type: 'boolean', default: true });
    expect(schema('networkExternalID')).toMatchObject({ type: 'string', format: 'uuid4' });
    expect(schema('securityGroupIDs').items).toEqual({ type: 'string', format: 'uuid4' });
    expect(schema('workerSecurityGroupIDs').items).toEqual({ type: 'string', format: 'uuid4' });
    expect(schema('controlPlaneRootDisk')).toMatchObject({ type: 'integer', minimum: 0, default: 50 });
    expect(schema('workerAdditionalBlockDevices').items.required).toEqual(['name']);
    expect(schema('workerAdditionalBlockDevices').items.properties.sizeGiB).toMatchObject({
      type: 'integer',
      default: 20,
    });
    expect(schema('workerAdditionalBlockDevices').items.properties.type).toMatchObject({
      type: 'string',
      default: '__DEFAULT__',
    });
    expect(schema('identityRef')).toMatchObject({
      type: 'object',
      default: {},
      properties: { name: { default: 'openstack' }, cloudName: { default: 'openstack' } },
    });
    expect(schema('oidcConfig').properties.usernameClaim.default).toBe('preferred_username');
    expect(schema('registryMirrors').items.required).toEqual(['hostnameUpstream', 'urlMirror']);
  });

  test('GIVEN the ClusterClass THEN its patches follow upstream scs2s order (security group overrides last-wins), then the hardening profiles', () => {
    // GIVEN / WHEN
    const cc = template('clusterclass.yaml');

    // THEN
    expect(cc.spec.patches.map((p: Json) => p.name)).toEqual([
      'apiServerLoadBalancerOctaviaAmphora',
      'apiServerLoadBalancerOctaviaOVN',
      'apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs',
      'networkExternalID',
      'networkMTU',
      'controlPlaneAvailabilityZones',
      'controlPlaneOmitAvailabilityZone',
      'identityRef',
      'nodeCIDRSubnet',
      'disableAPIServerFloatingIP',
      'controlPlaneImage',
      'controlPlaneFlavor',
      'controlPlaneRootDisk',
      'controlPlaneRootDiskPinned',
      'controlPlaneServerGroupID',
      'securityGroups',
      'securityGroupIDs',
      'sshKeyName',
      'workerImage',
      'workerFlavor',
      'workerRootDisk',
      'workerRootDiskPinned',
      'workerServerGroupID',
      'workerAdditionalBlockDevices',
      'workerAdditionalBlockDevicesPinned',
      'workerSecurityGroups',
      'workerSecurityGroupIDs',
      'certSANs',
      'registryMirrorsControlPlane',
      'registryMirrorsWorker',
      'registryMirrorCredentials',
      'httpProxy',
      'ntpServers',
      'controlPlaneCertificateRenewal',
      'kubeProxyMetricsBindAddress',
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
    expect(cc.spec.workers.machineDeployments[0].class).toBe('default-worker');
  });

  test('GIVEN the image patches THEN they choose imageRef or filter and append the machine version', () => {
    // GIVEN / WHEN
    const cp = patch('controlPlaneImage').definitions[0];
    const worker = patch('workerImage').definitions[0];

    // THEN
    expect(cp.selector).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      kind: 'OpenStackMachineTemplate',
      matchResources: { controlPlane: true },
    });
    expect(cp.jsonPatches[0].valueFrom.template).toBe(
      '{"{{ if .imageIsOrc }}imageRef{{ else }}filter{{ end }}": {"name": {{ if .imageAddVersion }}{{ printf "%s-%s" .imageName .builtin.controlPlane.version | toJson }}{{ else }}{{ toJson .imageName }}{{ end }} } }',
    );
    expect(worker.selector.matchResources).toEqual({ machineDeploymentClass: { names: ['default-worker'] } });
    expect(worker.jsonPatches[0].valueFrom.template).toContain('.builtin.machineDeployment.version');
  });

  test('GIVEN the templates THEN kubelets use the external cloud provider with cloud-init names, escaped for Helm, under the hardening profile', () => {
    // GIVEN
    const raw = files().get('cluster-class/templates/kubeadmcontrolplanetemplate-control-plane.yaml')!;

    // WHEN
    const kcp = template('kubeadmcontrolplanetemplate-control-plane.yaml').spec.template.spec
      .kubeadmConfigSpec;
    const worker = template('kubeadmconfigtemplate-default-worker-bootstrap.yaml').spec.template.spec;

    // THEN
    expect(raw).toContain('providerID: openstack:///{{ "{{" }} instance_id {{ "}}" }}\n');
    expect(kcp.initConfiguration).toEqual({
      nodeRegistration: { kubeletExtraArgs: { 'cloud-provider': 'external' }, name: '{{ local_hostname }}' },
      patches: { directory: '/etc/kubernetes/patches' },
    });
    const kubelet = (spec: Json, name: string) =>
      parse(
        spec.files.find(
          (f: Json) => f.path === `/etc/kubernetes/patches/kubeletconfiguration${name}+strategic.yaml`,
        ).content,
      );
    for (const spec of [kcp, worker]) {
      expect(kubelet(spec, '20-openstack')).toEqual({
        apiVersion: 'kubelet.config.k8s.io/v1beta1',
        kind: 'KubeletConfiguration',
        providerID: 'openstack:///{{ instance_id }}',
      });
      expect(kubelet(spec, '10-hardening')).toMatchObject({
        protectKernelDefaults: true,
        serverTLSBootstrap: true,
        evictionHard: {
          'memory.available': '100Mi',
          'nodefs.available': '10%',
          'nodefs.inodesFree': '5%',
          'imagefs.available': '15%',
          'imagefs.inodesFree': '5%',
          'pid.available': '10%',
        },
      });
    }
    expect(worker.joinConfiguration.nodeRegistration).toEqual(kcp.joinConfiguration.nodeRegistration);
    expect(kcp.clusterConfiguration.controllerManager.extraArgs).toMatchObject({
      'bind-address': '127.0.0.1',
      'cloud-provider': 'external',
      'secure-port': '10257',
    });
    expect(kcp.clusterConfiguration.scheduler.extraArgs).toMatchObject({
      'bind-address': '127.0.0.1',
      'secure-port': '10259',
    });
    // KubeadmControlPlane moves CoreDNS on an upgrade only to a tag its configuration names.
    expect(kcp.clusterConfiguration.dns).toEqual({ imageTag: 'v1.13.1' });
    expect(kcp.clusterConfiguration.etcd.local.extraArgs).toMatchObject({
      'auto-compaction-mode': 'periodic',
      'auto-compaction-retention': '8h',
      'election-timeout': '2500',
      'heartbeat-interval': '250',
      'listen-metrics-urls': 'http://127.0.0.1:2381',
      'snapshot-count': '6400',
    });
    expect(kcp.files.map((f: Json) => f.path)).toEqual([
      '/etc/sysctl.d/90-kubelet.conf',
      '/etc/kube-proxy-patch.sh',
      '/etc/kubernetes/patches/kubeletconfiguration20-openstack+strategic.yaml',
      '/etc/kubernetes/kubelet-flags-in-config.sh',
      '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
      '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
      '/etc/kubernetes/audit/policy.yaml',
      '/etc/kubernetes/encryption/setup.sh',
      '/etc/kubernetes/encryption/share.sh',
    ]);
    expect(kcp.files[0].content).toBe(
      'vm.overcommit_memory = 1\nvm.panic_on_oom = 0\nkernel.panic = 10\nkernel.panic_on_oops = 1\nkernel.keys.root_maxkeys = 1000000\nkernel.keys.root_maxbytes = 25000000\n',
    );
    expect(kcp.preKubeadmCommands).toEqual([
      'sysctl -p /etc/sysctl.d/90-kubelet.conf',
      'bash /etc/kube-proxy-patch.sh',
      'systemctl daemon-reload',
      'sh /etc/kubernetes/encryption/setup.sh',
    ]);
    expect(worker.files.map((f: Json) => f.path)).toEqual([
      '/etc/sysctl.d/90-kubelet.conf',
      '/etc/kubernetes/patches/kubeletconfiguration20-openstack+strategic.yaml',
      '/etc/kubernetes/kubelet-flags-in-config.sh',
      '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
      '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
    ]);
    expect(worker.preKubeadmCommands).toEqual([
      'sysctl -p /etc/sysctl.d/90-kubelet.conf',
      'systemctl daemon-reload',
    ]);
  });

  test('GIVEN the kube-proxy patch THEN it writes the settings kubeadm init reads with the metrics address variable', () => {
    // GIVEN / WHEN
    const op = patch('kubeProxyMetricsBindAddress').definitions[0].jsonPatches[0];

    // THEN
    expect(op.op).toBe('add');
    expect(op.path).toBe('/spec/template/spec/kubeadmConfigSpec/files/-');
    expect(
      JSON.parse(op.valueFrom.template.replace('{{ .controlPlaneMetricsBindAddress }}', 'ADDRESS')),
    ).toEqual({
      path: '/etc/kube-proxy-config.yaml',
      owner: 'root:root',
      permissions: '0644',
      content:
        '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: "ADDRESS:10249"\n',
    });
  });

  test('GIVEN the OpenStack templates THEN the cluster has Cilium rules and a disabled load balancer, machines take everything from patches', () => {
    // GIVEN / WHEN
    const cluster = template('openstackclustertemplate-cluster.yaml').spec.template.spec;
    const machines = template('openstackmachinetemplate-control-plane.yaml').spec.template.spec;

    // THEN
    expect(cluster.identityRef).toEqual({ name: 'openstack', cloudName: 'openstack', type: 'Secret' });
    expect(cluster.apiServerLoadBalancer).toEqual({ enabled: false });
    expect(
      cluster.managedSecurityGroups.allNodesSecurityGroupRules.map(
        (r: Json) => `${r.name} ${r.portRangeMin}/${r.protocol}`,
      ),
    ).toEqual(['VXLAN (Cilium) 8472/udp', 'HealthCheck (Cilium) 4240/tcp', 'Hubble (Cilium) 4244/tcp']);
    expect(machines).toEqual({ flavor: 'set-by-patch', image: { filter: { name: 'set-by-patch' } } });
    expect(template('openstackmachinetemplate-default-worker.yaml').spec.template.spec).toEqual(machines);
  });

  test('GIVEN the registry mirror patches THEN they rewrite each files list with the template entries first', () => {
    // GIVEN / WHEN
    const cp = patch('registryMirrorsControlPlane').definitions[0].jsonPatches[0];
    const worker = patch('registryMirrorsWorker').definitions[0];

    // THEN
    expect(cp.op).toBe('replace');
    expect(cp.path).toBe('/spec/template/spec/kubeadmConfigSpec/files');
    expect(cp.valueFrom.template.startsWith('- {"path":"/etc/sysctl.d/90-kubelet.conf"')).toBe(true);
    expect(cp.valueFrom.template).toContain('"path":"/etc/kubernetes/encryption/share.sh"');
    expect(cp.valueFrom.template).toContain(
      '- path: /etc/containerd/certs.d/{{ $item.hostnameUpstream }}/hosts.toml\n',
    );
    expect(worker.selector).toEqual({
      apiVersion: 'bootstrap.cluster.x-k8s.io/v1beta1',
      kind: 'KubeadmConfigTemplate',
      matchResources: { machineDeploymentClass: { names: ['default-worker'] } },
    });
    expect(worker.jsonPatches[0]).toMatchObject({ op: 'replace', path: '/spec/template/spec/files' });
    expect(worker.jsonPatches[0].valueFrom.template.split('\n').slice(5, 7)).toEqual([
      '{{- range $item := .registryMirrors }}',
      '- path: /etc/containerd/certs.d/{{ $item.hostnameUpstream }}/hosts.toml',
    ]);
  });

  test('GIVEN CAPI v1beta2 THEN the class uses templateRefs and flag lists while CAPO templates stay v1beta1', () => {
    // GIVEN / WHEN
    const cc = template('clusterclass.yaml', V1_35, {}, CapiVersion.V1BETA2);

    // THEN
    expect(cc.apiVersion).toBe('cluster.x-k8s.io/v1beta2');
    expect(cc.spec.infrastructure.templateRef).toEqual({
      apiVersion: 'infrastructure.cluster.x-k8s.io/v1beta1',
      kind: 'OpenStackClusterTemplate',
      name: 'R-V-cluster',
    });
    const kcp = template('kubeadmcontrolplanetemplate-control-plane.yaml', V1_35, {}, CapiVersion.V1BETA2)
      .spec.template.spec.kubeadmConfigSpec;
    expect(kcp.initConfiguration.nodeRegistration.kubeletExtraArgs).toEqual([
      { name: 'cloud-provider', value: 'external' },
    ]);
    expect(kcp.initConfiguration.patches).toEqual({ directory: '/etc/kubernetes/patches' });
  });

  test('GIVEN oidcConfig WHEN the authentication patch renders THEN OpenID Connect is a JWT authenticator next to the anonymous rules and before those of oidcAuthentication, not --oidc-* flags, and left out when oidcAuthentication lists its issuer', () => {
    // GIVEN / WHEN
    const add = patch('apiServerAuthentication').definitions[0].jsonPatches[0];

    // THEN
    const legacy =
      'and (not (empty .oidcConfig)) (not (empty .oidcConfig.clientID)) (not (empty .oidcConfig.issuerURL)) (not (contains (printf "\\"url\\":%s" (toJson .oidcConfig.issuerURL)) (toJson (dig "oidcAuthentication" "jwt" (list) .))))';
    const jwt = '(dig "oidcAuthentication" "jwt" (list) .)';
    expect(add.op).toBe('add');
    expect(add.path).toBe('/spec/template/spec/kubeadmConfigSpec/files/-');
    expect(parse(add.valueFrom.template)).toEqual({
      path: '/etc/kubernetes/authentication/config.yaml',
      owner: 'root:root',
      permissions: '0600',
      content: [
        ...expectedAnonymousAuthenticationLines('apiserver.config.k8s.io/v1'),
        `{{- if or (${legacy}) (not (empty ${jwt})) }}`,
        `jwt:{{- end }}{{- if ${legacy} }}`,
        '  - issuer:',
        '      url: {{ toJson .oidcConfig.issuerURL }}',
        '      audiences:',
        '        - {{ toJson .oidcConfig.clientID }}',
        '    claimMappings:',
        '      username:',
        '        claim: {{ toJson .oidcConfig.usernameClaim }}',
        '        prefix: {{ toJson .oidcConfig.usernamePrefix }}',
        '      groups:',
        '        claim: {{ toJson .oidcConfig.groupsClaim }}',
        `        prefix: {{ toJson .oidcConfig.groupsPrefix }}{{- end }}{{- range $item := ${jwt} }}`,
        '  - {{ toJson $item }}{{- end }}',
        '',
      ].join('\n'),
    });
  });

  test.each([
    [KubernetesVersion.of('1.33.7'), ['v1.33.7'], 'v1.33.1', '1.19.6'],
    [KubernetesVersion.of('1.34.3'), ['v1.33.7', 'v1.34.3'], 'v1.34.1', '1.19.6'],
    [KubernetesVersion.of('1.35.1'), ['v1.34.3', 'v1.35.1'], 'v1.35.0', '1.19.6'],
    [KubernetesVersion.of('1.36.1'), ['v1.35.1', 'v1.36.1'], 'v1.36.0', '1.20.0'],
  ])(
    'GIVEN Kubernetes %s THEN node images, cloud-provider-openstack and Cilium follow the version matrix',
    (version, images, cpo, cilium) => {
      // GIVEN / WHEN
      const synthesized = files(version);

      // THEN
      expect(parse(synthesized.get('cluster-class/Chart.yaml')!).name).toBe(
        `openstack-scs-${version.minorDashed}-cluster-class`,
      );
      expect(
        parse(synthesized.get('node-images/node-images.yaml')!).images.map((i: Json) => i.image),
      ).toEqual(images.map((i) => `ubuntu-capi-image-${i}`));
      expect(parse(synthesized.get('cluster-addon/ccm/Chart.yaml')!).appVersion).toBe(cpo);
      expect(parse(synthesized.get('cluster-addon/csi/Chart.yaml')!).appVersion).toBe(cpo);
      expect(parse(synthesized.get('cluster-addon/cni/Chart.yaml')!).dependencies[0].version).toBe(cilium);
    },
  );

  test('GIVEN the node images THEN each has its URL, and a checksum only where one is published', () => {
    // GIVEN / WHEN
    const images = parse(files(KubernetesVersion.of('1.36.1')).get('node-images/node-images.yaml')!).images;

    // THEN
    expect(images).toEqual([
      {
        kubernetesVersion: 'v1.35.1',
        image: 'ubuntu-capi-image-v1.35.1',
        url: 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/ubuntu-2404-kube-v1.35/ubuntu-2404-kube-v1.35.1.qcow2',
        checksum: 'sha256:5d424380e2fa85b7a51ad1e955e8efb09ca460b0e80d47cf2f36c02d94dc3f03',
      },
      {
        kubernetesVersion: 'v1.36.1',
        image: 'ubuntu-capi-image-v1.36.1',
        url: 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/ubuntu-2404-kube-v1.36/ubuntu-2404-kube-v1.36.1.qcow2',
      },
    ]);
  });

  test('GIVEN orcImage WHEN synthesized THEN the cluster-class chart ships an ORC Image of the stack node image', () => {
    // GIVEN / WHEN
    const image = template('image-ubuntu-capi-image-v1.35.1.yaml', V1_35, {
      orcImage: true,
      orcCredentials: { secretName: 'cloud-admin', cloudName: 'admin' },
    });

    // THEN
    expect(image).toEqual({
      apiVersion: 'openstack.k-orc.cloud/v1alpha1',
      kind: 'Image',
      metadata: { name: 'R-V-ubuntu-capi-image-v1.35.1', namespace: 'NS' },
      spec: {
        cloudCredentialsRef: { secretName: 'cloud-admin', cloudName: 'admin' },
        managementPolicy: 'managed',
        resource: {
          name: 'ubuntu-capi-image-v1.35.1',
          visibility: 'private',
          properties: {
            architecture: 'x86_64',
            hardware: {
              diskBus: 'scsi',
              scsiModel: 'virtio-scsi',
              vifModel: 'virtio',
              qemuGuestAgent: true,
              rngModel: 'virtio',
            },
            minDiskGB: 20,
            minMemoryMB: 2048,
            operatingSystem: { distro: 'ubuntu', version: '24.04' },
          },
          content: {
            diskFormat: 'qcow2',
            download: {
              url: 'https://nbg1.your-objectstorage.com/osism/openstack-k8s-capi-images/ubuntu-2404-kube-v1.35/ubuntu-2404-kube-v1.35.1.qcow2',
              hash: {
                algorithm: 'sha256',
                value: '5d424380e2fa85b7a51ad1e955e8efb09ca460b0e80d47cf2f36c02d94dc3f03',
              },
            },
          },
        },
      },
    });
    expect(files(V1_35).has('cluster-class/templates/image-ubuntu-capi-image-v1.35.1.yaml')).toBe(false);
  });

  test('GIVEN cilium off THEN neither the cni stage nor the metadata service policy (Cilium enforces it) is shipped', () => {
    // GIVEN / WHEN
    const stages = parse(
      files(V1_35, { cilium: false }).get('clusteraddon.yaml')!,
    ).addonStages.BeforeClusterUpgrade.map((s: Json) => s.name);

    // THEN
    expect(stages).toEqual(['kubelet-csr-approver', 'metrics-server', 'csi', 'ccm']);
  });

  test('GIVEN a Kubernetes minor outside the matrix THEN the error lists the rows and the generator to run', () => {
    // GIVEN / WHEN / THEN
    expect(errorOf(() => openstackScsStack('1.32')).message).toBe(
      'openstack/scs: Kubernetes 1.32 has no row in the release matrix (rows: 1.33, 1.34, 1.35, 1.36). Add it with npx nx g @cluster-stacks/nx-plugin:minor --provider openstack --stack scs --minor 1-32, then fill in the row.',
    );
  });

  test('GIVEN an ORC Secret name that is no Secret name THEN the error names the option and the value', () => {
    // GIVEN / WHEN / THEN
    expect(
      errorOf(() =>
        openstackScsStack(V1_35, { orcImage: true, orcCredentials: { secretName: 'Cloud Admin' } }),
      ).message,
    ).toBe(
      'openstackScsStack: orcCredentials.secretName "Cloud Admin" is invalid: expected a Secret name (lowercase DNS subdomain).',
    );
  });

  test('GIVEN openstack/scs 1.35 WHEN synthesized THEN the files are stable (snapshot)', () => {
    // GIVEN / WHEN / THEN
    expect(
      Object.fromEntries(
        [...files()].filter(([n]) => n.startsWith('cluster-class/') || !n.startsWith('cluster-addon/')),
      ),
    ).toMatchSnapshot();
  });
});
