import { stableYaml } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { parse } from 'yaml';
import { EXPECTED_ANONYMOUS } from './hardening-expectations';
import {
  capiOidcRejection,
  EXPECTED_OIDC_AUTHENTICATORS,
  EXPECTED_OIDC_JWT_LINES,
  expectedAuthenticationFile,
  INVALID_OIDC_VALUES,
} from './oidc-expectations';
import { releaseInTempDir } from '../commands';
import { VALIDATION_NAMESPACE } from './index';
import { renderRelease, RenderedRelease } from './render-release';
import { plannedObject, topologyPlan, TopologyPlan } from './topology-plan';

// Runs the real pipeline: synth → release → `helm template` as CSO → `clusterctl alpha topology plan`.
const stack = dockerScsStack('1.35');
let release: ReturnType<typeof releaseInTempDir>;
let rendered: RenderedRelease;

beforeAll(() => {
  release = releaseInTempDir(stack);
  rendered = renderRelease(release.dir, VALIDATION_NAMESPACE);
});
afterAll(() => release.cleanup());

function plan(exampleName: string, variables?: Record<string, unknown>): TopologyPlan {
  const example = stack.examples.find((e) => e.props.name === exampleName)!;
  const cluster = example.render({
    className: rendered.clusterClassName,
    namespace: VALIDATION_NAMESPACE,
    kubernetesVersion: stack.kubernetesVersion,
  }) as {
    spec: { topology: { variables?: { name: string; value: unknown }[] } };
  };
  if (variables)
    cluster.spec.topology.variables = Object.entries(variables).map(([name, value]) => ({ name, value }));
  return topologyPlan(rendered.classManifests, stableYaml(cluster));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Kcp = { spec: { kubeadmConfigSpec: Json } };

const MAX_PODS = '/etc/kubernetes/patches/kubeletconfiguration30-max-pods+strategic.yaml';

/** The content of the file a kubeadm spec writes at `path`. */
function file(spec: Json, path: string): string {
  const found = (spec.files as { path: string; content: string }[]).find((f) => f.path === path);
  if (!found) throw new Error(`no file ${path}`);
  return found.content;
}

describe('topology dry run of docker/scs 1.35 (clusterctl alpha topology plan)', () => {
  test('GIVEN the defaults example WHEN planned THEN CAPI creates the topology with every default applied', () => {
    const result = plan('defaults');
    expect(result.ok).toBe(true);
    const kinds = result.ok ? result.created.map((o) => o.kind).sort() : [];
    expect(kinds).toEqual([
      'DockerCluster',
      'DockerMachineTemplate',
      'DockerMachineTemplate',
      'KubeadmConfigTemplate',
      'KubeadmControlPlane',
      'MachineDeployment',
      'MachineHealthCheck',
      'MachineHealthCheck',
      'Secret',
    ]);
    const kcp = plannedObject(result, 'KubeadmControlPlane') as unknown as Kcp;
    const config = kcp.spec.kubeadmConfigSpec;
    expect(config.clusterConfiguration.imageRepository).toBeUndefined();
    expect(config.clusterConfiguration.apiServer.extraArgs).toMatchObject({
      'admission-control-config-file': '/etc/kubernetes/admission/config.yaml',
      'audit-log-maxage': '30',
      'encryption-provider-config': '/etc/kubernetes/encryption/config.yaml',
      profiling: 'false',
      'tls-min-version': 'VersionTLS12',
    });
    expect(config.clusterConfiguration.apiServer.certSANs).toEqual([
      'localhost',
      '127.0.0.1',
      '0.0.0.0',
      'host.docker.internal',
    ]);
    expect(config.files.map((f: { path: string }) => f.path)).toEqual([
      '/etc/kubernetes/patches/kubeletconfiguration20-capd+strategic.yaml',
      '/etc/kubernetes/kubelet-flags-in-config.sh',
      '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
      '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
      '/etc/kubernetes/audit/policy.yaml',
      '/etc/kubernetes/encryption/setup.sh',
      '/etc/kubernetes/encryption/share.sh',
      '/etc/kubernetes/patches/kubeletconfiguration30-max-pods+strategic.yaml',
      '/etc/kubernetes/admission/config.yaml',
      '/etc/kubernetes/authentication/config.yaml',
    ]);
    expect(file(config, '/etc/kubernetes/admission/config.yaml')).toContain('enforce: baseline\n');
    expect(config.clusterConfiguration.controllerManager.extraArgs['bind-address']).toBe('127.0.0.1');
    expect(parse(file(config, MAX_PODS))).toEqual({
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      maxPods: 110,
    });
    const images = result.ok
      ? result.created
          .filter((o) => o.kind === 'DockerMachineTemplate')
          .map((o) => (o.spec as { template: { spec: { customImage: string } } }).template.spec.customImage)
      : [];
    expect(images).toEqual([
      'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
      'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
    ]);
  });

  test('GIVEN the example that sets every variable WHEN planned THEN each patch shows in the generated objects', () => {
    const result = plan('all-variables');
    const kcp = plannedObject(result, 'KubeadmControlPlane') as unknown as Kcp & {
      spec: { replicas: number };
    };
    const config = kcp.spec.kubeadmConfigSpec;
    expect(kcp.spec.replicas).toBe(3);
    expect(config.clusterConfiguration.imageRepository).toBe('registry.example.com/k8s');
    expect(config.clusterConfiguration.etcd.local.imageTag).toBe('3.5.21-0');
    expect(config.clusterConfiguration.dns.imageTag).toBe('v1.12.0');
    expect(config.clusterConfiguration.apiServer.certSANs).toEqual([
      'localhost',
      '127.0.0.1',
      '0.0.0.0',
      'host.docker.internal',
      'api.example.com',
    ]);
    expect(file(config, '/etc/kubernetes/admission/config.yaml')).toContain('enforce: restricted\n');
    expect(config.clusterConfiguration.apiServer.extraArgs['audit-log-maxage']).toBe('7');
    expect(config.clusterConfiguration.controllerManager.extraArgs['terminated-pod-gc-threshold']).toBe(
      '500',
    );
    expect(config.clusterConfiguration.scheduler.extraArgs['bind-address']).toBe('0.0.0.0');
    expect(config.clusterConfiguration.etcd.local.extraArgs['listen-metrics-urls']).toBe(
      'http://0.0.0.0:2381',
    );
    expect(parse(file(config, MAX_PODS)).maxPods).toBe(150);
    const worker = plannedObject(result, 'KubeadmConfigTemplate', 'md-0') as unknown as {
      spec: { template: { spec: Json } };
    };
    expect(parse(file(worker.spec.template.spec, MAX_PODS)).maxPods).toBe(150);
    expect(config.clusterConfiguration.controllerManager.extraArgs['enable-hostpath-provisioner']).toBe(
      'true',
    );
    const mounts = result.ok
      ? result.created
          .filter((o) => o.kind === 'DockerMachineTemplate')
          .map(
            (o) => (o.spec as { template: { spec: { extraMounts?: unknown[] } } }).template.spec.extraMounts,
          )
      : [];
    const socket = { containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock' };
    expect(mounts).toEqual([[socket], [socket]]);
    const workerMachines = plannedObject(result, 'DockerMachineTemplate', 'md-0') as unknown as {
      spec: { template: { spec: { customImage: string } } };
    };
    expect(workerMachines.spec.template.spec.customImage).toBe(
      'registry.example.com/docker.io/kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
    );
  });

  test('GIVEN the defaults example WHEN planned THEN kubelets take every setting from configuration files and evict on every signal, memory included', () => {
    // GIVEN / WHEN
    const result = plan('defaults');
    const config = (plannedObject(result, 'KubeadmControlPlane') as unknown as Kcp).spec.kubeadmConfigSpec;
    const worker = (
      plannedObject(result, 'KubeadmConfigTemplate') as unknown as { spec: { template: { spec: Json } } }
    ).spec.template.spec;

    // THEN
    const criSocket = 'unix:///var/run/containerd/containerd.sock';
    // Control-plane joins skip the image pre-pull: in an air-gapped cloud the new
    // minor's node image lacks the old CoreDNS that kubeadm names until the upgrade.
    for (const [spec, registration, nodeRegistration] of [
      [config, 'initConfiguration', { criSocket }],
      [config, 'joinConfiguration', { criSocket, ignorePreflightErrors: ['ImagePull'] }],
      [worker, 'joinConfiguration', { criSocket }],
    ] as const) {
      expect(spec[registration].nodeRegistration).toEqual(nodeRegistration);
      expect(spec[registration].patches).toEqual({ directory: '/etc/kubernetes/patches' });
      expect(
        parse(file(spec, '/etc/kubernetes/patches/kubeletconfiguration20-capd+strategic.yaml')).failSwapOn,
      ).toBe(false);
      const hardening = parse(
        file(spec, '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml'),
      );
      expect(hardening.evictionHard).toEqual({
        'memory.available': '100Mi',
        'nodefs.available': '0%',
        'nodefs.inodesFree': '0%',
        'imagefs.available': '0%',
        'imagefs.inodesFree': '0%',
        'pid.available': '10%',
      });
      expect(hardening.authentication.anonymous.enabled).toBe(false);
    }
  });

  test('GIVEN the defaults example WHEN planned THEN no node mounts the host Docker socket, the hostpath provisioner is off and anonymous requests reach only health endpoints', () => {
    // GIVEN / WHEN
    const result = plan('defaults');
    const config = (plannedObject(result, 'KubeadmControlPlane') as unknown as Kcp).spec.kubeadmConfigSpec;

    // THEN
    const mounts = result.ok
      ? result.created
          .filter((o) => o.kind === 'DockerMachineTemplate')
          .map(
            (o) => (o.spec as { template: { spec: { extraMounts?: unknown[] } } }).template.spec.extraMounts,
          )
      : [];
    expect(mounts).toEqual([[], []]);
    expect(
      config.clusterConfiguration.controllerManager.extraArgs['enable-hostpath-provisioner'],
    ).toBeUndefined();
    expect(config.clusterConfiguration.apiServer.extraArgs['authentication-config']).toBe(
      '/etc/kubernetes/authentication/config.yaml',
    );
    expect(parse(file(config, '/etc/kubernetes/authentication/config.yaml'))).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthenticationConfiguration',
      anonymous: EXPECTED_ANONYMOUS,
    });
  });

  test('GIVEN Pod Security admission disabled WHEN planned THEN every level is privileged', () => {
    const kcp = plannedObject(
      plan('defaults', { podSecurityStandard: { enabled: false } }),
      'KubeadmControlPlane',
    ) as unknown as Kcp;
    const admission = kcp.spec.kubeadmConfigSpec.files.find(
      (f: { path: string }) => f.path === '/etc/kubernetes/admission/config.yaml',
    );
    expect(admission.content).toContain('enforce: privileged\n');
    expect(admission.content).toContain('audit: privileged\n');
    expect(admission.content).toContain('warn: privileged\n');
  });

  describe("the core's node features (the node-features example)", () => {
    const noProxy = 'localhost,127.0.0.1,.svc,.cluster.local,192.168.0.0/16,10.128.0.0/12,.example.com';
    const dropIn =
      '[Service]\n' +
      'Environment="HTTP_PROXY=http://proxy.example.com:3128"\n' +
      'Environment="http_proxy=http://proxy.example.com:3128"\n' +
      'Environment="HTTPS_PROXY=http://proxy.example.com:3128"\n' +
      'Environment="https_proxy=http://proxy.example.com:3128"\n' +
      `Environment="NO_PROXY=${noProxy}"\n` +
      `Environment="no_proxy=${noProxy}"\n`;
    const specs = (result: TopologyPlan) => ({
      controlPlane: (plannedObject(result, 'KubeadmControlPlane') as unknown as Kcp).spec.kubeadmConfigSpec,
      worker: (
        plannedObject(result, 'KubeadmConfigTemplate') as unknown as { spec: { template: { spec: Json } } }
      ).spec.template.spec,
    });

    test("GIVEN registryMirrors with a credentials Secret WHEN planned THEN every node gets a hosts.toml per registry, the credentials from the Secret, and turns on containerd's hosts directory before kubeadm", () => {
      // GIVEN / WHEN
      const { controlPlane, worker } = specs(plan('node-features'));

      // THEN
      for (const spec of [controlPlane, worker]) {
        const mirrorFiles = (spec.files as Json[]).filter((f) => f.path.startsWith('/etc/containerd/'));
        expect(mirrorFiles.map((f) => f.path)).toEqual([
          '/etc/containerd/certs.d/docker.io/hosts.toml',
          '/etc/containerd/mirror-credentials/docker.io/username',
          '/etc/containerd/mirror-credentials/docker.io/password',
          '/etc/containerd/certs.d/registry.k8s.io/hosts.toml',
          '/etc/containerd/enable-hosts-dir.sh',
          '/etc/containerd/mirror-credentials.sh',
        ]);
        expect(mirrorFiles.slice(0, 4)).toEqual([
          {
            path: '/etc/containerd/certs.d/docker.io/hosts.toml',
            owner: 'root:root',
            permissions: '0600',
            content:
              '[host."https://registry.example.com/v2/dockerhub"]\n' +
              '  capabilities = ["pull", "resolve"]\n' +
              '  override_path = true\n' +
              '  [host."https://registry.example.com/v2/dockerhub".header]\n' +
              '    Authorization = ["Basic @BASIC_AUTH@"]\n',
          },
          {
            path: '/etc/containerd/mirror-credentials/docker.io/username',
            owner: 'root:root',
            permissions: '0600',
            contentFrom: { secret: { name: 'registry-credentials', key: 'username' } },
          },
          {
            path: '/etc/containerd/mirror-credentials/docker.io/password',
            owner: 'root:root',
            permissions: '0600',
            contentFrom: { secret: { name: 'registry-credentials', key: 'password' } },
          },
          {
            path: '/etc/containerd/certs.d/registry.k8s.io/hosts.toml',
            owner: 'root:root',
            permissions: '0644',
            content:
              '[host."http://mirror.example.com:5000"]\n  capabilities = ["pull", "resolve"]\n  override_path = false\n',
          },
        ]);
        expect(file(spec, '/etc/containerd/enable-hosts-dir.sh')).toContain(
          'printf \'\\n[plugins."io.containerd.grpc.v1.cri".registry]\\n  config_path = "/etc/containerd/certs.d"\\n\' >> "$config"\nsystemctl restart containerd\n',
        );
        expect(file(spec, '/etc/containerd/mirror-credentials.sh')).toContain(
          'sed -i "s|@BASIC_AUTH@|${auth}|" "/etc/containerd/certs.d/${registry}/hosts.toml"',
        );
      }
      expect(worker.preKubeadmCommands).toEqual([
        'systemctl daemon-reload',
        'sh /etc/containerd/enable-hosts-dir.sh',
        'sh /etc/containerd/mirror-credentials.sh',
        'sh /etc/kubernetes/endpoint-no-proxy.sh',
        'systemctl daemon-reload',
        'systemctl restart containerd',
      ]);
      expect(controlPlane.preKubeadmCommands).toEqual([
        'systemctl daemon-reload',
        'sh /etc/kubernetes/encryption/setup.sh',
        'sh /etc/containerd/enable-hosts-dir.sh',
        'sh /etc/containerd/mirror-credentials.sh',
        'sh /etc/kubernetes/endpoint-no-proxy.sh',
        'systemctl daemon-reload',
        'systemctl restart containerd',
      ]);
    });

    test("GIVEN httpProxy WHEN planned THEN containerd and the kubelet of every node use the proxy, and reach the Cluster's pod and service networks and service domain directly", () => {
      // GIVEN / WHEN
      const { controlPlane, worker } = specs(plan('node-features'));

      // THEN
      for (const spec of [controlPlane, worker]) {
        expect(file(spec, '/etc/systemd/system/containerd.service.d/http-proxy.conf')).toBe(dropIn);
        expect(file(spec, '/etc/systemd/system/kubelet.service.d/http-proxy.conf')).toBe(dropIn);
      }
    });

    test('GIVEN controlPlaneCertificateRenewal WHEN planned THEN control-plane machines are replaced 30 days before their certificates expire, and no node gets cloud-init NTP (the nodes share the host clock)', () => {
      // GIVEN / WHEN
      const result = plan('node-features');
      const { controlPlane, worker } = specs(result);

      // THEN
      expect(controlPlane.ntp).toBeUndefined();
      expect(worker.ntp).toBeUndefined();
      const kcp = plannedObject(result, 'KubeadmControlPlane') as unknown as { spec: Json };
      expect(kcp.spec.rolloutBefore).toEqual({ certificatesExpiryDays: 30 });
    });

    test('GIVEN the defaults WHEN planned THEN control-plane certificates are renewed 21 days before expiry and nothing else of the features is on', () => {
      // GIVEN / WHEN
      const result = plan('defaults');
      const { controlPlane, worker } = specs(result);

      // THEN
      const kcp = plannedObject(result, 'KubeadmControlPlane') as unknown as { spec: Json };
      expect(kcp.spec.rolloutBefore).toEqual({ certificatesExpiryDays: 21 });
      expect(worker.preKubeadmCommands).toEqual(['systemctl daemon-reload']);
      expect(controlPlane.ntp).toBeUndefined();
      expect((worker.files as Json[]).map((f) => f.path)).toEqual([
        '/etc/kubernetes/patches/kubeletconfiguration20-capd+strategic.yaml',
        '/etc/kubernetes/kubelet-flags-in-config.sh',
        '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
        '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
        '/etc/kubernetes/patches/kubeletconfiguration30-max-pods+strategic.yaml',
      ]);
      const disabled = plan('defaults', { controlPlaneCertificateRenewal: { enabled: false } });
      expect(
        (plannedObject(disabled, 'KubeadmControlPlane') as unknown as { spec: Json }).spec.rolloutBefore,
      ).toBeUndefined();
    });

    test.each([
      [
        'a mirror URL without a scheme',
        { registryMirrors: [{ hostnameUpstream: 'docker.io', urlMirror: 'registry.example.com' }] },
        `spec.topology.variables[registryMirrors].value.[0].urlMirror: Invalid value: "[{\\"certMirror\\":\\"\\",\\"hostnameUpstream\\":\\"docker.io\\",\\"overridePath\\":true,\\"urlMirror\\":\\"registry.example.com\\",\\"urlUpstream\\":\\"\\"}]": [0].urlMirror in body should match '^https?://'`,
      ],
      [
        'a proxy URL with a space',
        { httpProxy: { https: 'http://proxy.example.com:3128 x' } },
        `spec.topology.variables[httpProxy].value.https: Invalid value: "{\\"https\\":\\"http://proxy.example.com:3128 x\\",\\"noProxy\\":[]}": https in body should match '^https?://[^\\s,"\\\\]+$'`,
      ],
      [
        'NTP servers, which container nodes sharing the host clock cannot use',
        { ntpServers: ['ntp1.example.com'] },
        'spec.topology.variables[ntpServers].value: Too many: "[\\"ntp1.example.com\\"]": must have at most 0 items',
      ],
      [
        'a certificate renewal threshold of a year',
        { controlPlaneCertificateRenewal: { daysBeforeExpiry: 365 } },
        `spec.topology.variables[controlPlaneCertificateRenewal].value.daysBeforeExpiry: Invalid value: "{\\"daysBeforeExpiry\\":365,\\"enabled\\":true}": daysBeforeExpiry in body should be less than or equal to 180`,
      ],
    ])(
      'GIVEN %s WHEN planned THEN CAPI rejects the Cluster with its own message',
      (_what, variables, message) => {
        // GIVEN / WHEN
        const result = plan('defaults', variables);

        // THEN
        expect(result.ok ? '' : result.error).toContain(
          `Cluster.cluster.x-k8s.io "defaults" is invalid: ${message}`,
        );
      },
    );
  });

  describe('OpenID Connect (the oidc example)', () => {
    const AUTHENTICATION = '/etc/kubernetes/authentication/config.yaml';

    test('GIVEN oidcAuthentication with two providers, claim mappings and CEL rules WHEN planned THEN the authentication configuration lists both as JWT authenticators field by field, audienceMatchPolicy defaulted, and the API server has no --oidc-* flag', () => {
      // GIVEN / WHEN
      const kcp = plannedObject(plan('oidc'), 'KubeadmControlPlane') as unknown as Kcp;
      const config = kcp.spec.kubeadmConfigSpec;

      // THEN
      expect(file(config, AUTHENTICATION)).toBe(
        expectedAuthenticationFile('apiserver.config.k8s.io/v1', EXPECTED_OIDC_JWT_LINES),
      );
      expect(parse(file(config, AUTHENTICATION)).jwt).toEqual(EXPECTED_OIDC_AUTHENTICATORS);
      expect(
        Object.keys(config.clusterConfiguration.apiServer.extraArgs).filter((f) => f.startsWith('oidc-')),
      ).toEqual([]);
    });

    test('GIVEN oidcAuthentication without providers WHEN planned THEN the file is the anonymous rules alone', () => {
      const kcp = plannedObject(plan('defaults', { oidcAuthentication: { jwt: [] } }), 'KubeadmControlPlane');
      expect(file((kcp as unknown as Kcp).spec.kubeadmConfigSpec, AUTHENTICATION)).toBe(
        expectedAuthenticationFile('apiserver.config.k8s.io/v1'),
      );
    });

    test.each(INVALID_OIDC_VALUES)(
      'GIVEN %s WHEN planned THEN CAPI rejects the Cluster with its own message',
      (_what, value, field, message) => {
        // GIVEN / WHEN
        const result = plan('defaults', { oidcAuthentication: value });

        // THEN
        expect(result.ok ? '' : result.error).toContain(
          `Cluster.cluster.x-k8s.io "defaults" is invalid: ${capiOidcRejection(value, field, message)}`,
        );
      },
    );
  });

  test('GIVEN a value outside a variable enum WHEN planned THEN CAPI rejects the Cluster with its own message', () => {
    const result = plan('defaults', { podSecurityStandard: { enforce: 'strict' } });
    expect(result.ok).toBe(false);
    const error = result.ok ? '' : result.error;
    expect(error).toContain(
      'Cluster.cluster.x-k8s.io "defaults" is invalid: spec.topology.variables[podSecurityStandard].value.enforce: Unsupported value:',
    );
    expect(error).toContain('\\"enforce\\":\\"strict\\"');
    expect(error).toContain('supported values: "privileged", "baseline", "restricted"');
  });

  test('GIVEN a number below a variable minimum WHEN planned THEN CAPI rejects it', () => {
    const result = plan('defaults', { kubeletMaxPods: 5 });
    expect(result.ok ? '' : result.error).toContain(
      'spec.topology.variables[kubeletMaxPods].value: Invalid value: "5": should be greater than or equal to 10',
    );
  });
});
