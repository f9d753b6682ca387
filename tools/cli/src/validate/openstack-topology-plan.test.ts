import {
  ClusterFeatureVariables,
  clusterFeatureVariables,
  ExampleCluster,
  stableYaml,
  synthesizeStack,
} from '@cluster-stacks/core';
import {
  ALL_VARIABLES,
  OPENSTACK_SCS_EXAMPLES,
  openStackScsVariables,
  openstackScsStack,
  OpenStackScsVariables,
} from '@cluster-stacks/provider-openstack';
import { locateCsoRender, renderValues } from '@cluster-stacks/release-check';
import { App } from 'cdk8s';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { EXPECTED_ANONYMOUS, EXPECTED_DEFAULT_EVICTION } from './hardening-expectations';
import {
  capiOidcRejection,
  EXPECTED_OIDC_AUTHENTICATORS,
  EXPECTED_OIDC_JWT_LINES,
  expectedAuthenticationFile,
  INVALID_OIDC_VALUES,
} from './oidc-expectations';
import { releaseInTempDir } from '../commands';
import { workspaceRoot } from '../util/files';
import { helmTemplateAddon } from './helm';
import { kubeconform } from './kubeconform';
import { renderRelease, RenderedRelease } from './render-release';
import { topologyPlan, TopologyPlan } from './topology-plan';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

// The real pipeline: synth → release → `helm template` as CSO → `clusterctl alpha topology plan` (CAPI's own
// defaulting, variable validation and patch engine). Without Cilium: its stage fetches the Cilium chart from
// helm.cilium.io, which tests cannot reach; the ClusterClass is the same with or without it.
const NAMESPACE = 'cluster-stacks';
const stack = openstackScsStack('1.35', { cilium: false });
let release: ReturnType<typeof releaseInTempDir>;
let rendered: RenderedRelease;
const plans = new Map<string, TopologyPlan>();

jest.setTimeout(120_000);

beforeAll(() => {
  release = releaseInTempDir(stack);
  rendered = renderRelease(release.dir, NAMESPACE);
});
afterAll(() => release.cleanup());

/** The Cluster of a variable set (one control-plane node, one md-0 worker) as clusterctl reads it. */
function clusterYaml(variables: Record<string, unknown>, name = 'test'): string {
  const cluster = new ExampleCluster(new App(), 'Cluster', { name, description: 'test', variables });
  return stableYaml(
    cluster.render({
      className: rendered.clusterClassName,
      namespace: NAMESPACE,
      kubernetesVersion: stack.kubernetesVersion,
    }),
  );
}

/** The dry run of a variable set (cached: several tests read one run). */
function plan(variables: Partial<OpenStackScsVariables> | Record<string, unknown>): TopologyPlan {
  const key = JSON.stringify(variables);
  if (!plans.has(key))
    plans.set(key, topologyPlan(rendered.classManifests, clusterYaml(variables as Record<string, unknown>)));
  return plans.get(key)!;
}

/** The objects of a dry run the patches write to. */
function planned(variables: Partial<OpenStackScsVariables> | Record<string, unknown>) {
  const result = plan(variables);
  if (!result.ok) throw new Error(`the topology plan failed: ${result.error}`);
  const find = (kind: string, worker: boolean) => {
    const found = result.created.find(
      (o) => o.kind === kind && o.metadata.name.includes('-md-0-') === worker,
    );
    if (!found)
      throw new Error(
        `no ${worker ? 'worker ' : ''}${kind} in ${result.created.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
      );
    return found as Json;
  };
  return {
    cluster: find('OpenStackCluster', false).spec,
    controlPlaneMachine: find('OpenStackMachineTemplate', false).spec.template.spec,
    workerMachine: find('OpenStackMachineTemplate', true).spec.template.spec,
    kubeadm: find('KubeadmControlPlane', false).spec.kubeadmConfigSpec,
    controlPlaneRolloutBefore: find('KubeadmControlPlane', false).spec.rolloutBefore,
    workerBootstrap: find('KubeadmConfigTemplate', true).spec.template.spec,
  };
}

/** The message clusterctl fails with for a variable set. */
function rejection(variables: Record<string, unknown>): string {
  const result = plan(variables);
  if (result.ok)
    throw new Error(`expected CAPI to reject ${JSON.stringify(variables)}, but the plan succeeded`);
  return result.error;
}

/** The Cluster as CAPI admitted it (its defaulting webhook writes every variable's default into it). */
function admittedCluster(variables: Partial<OpenStackScsVariables> | Record<string, unknown>): Json {
  const result = plan(variables);
  if (!result.ok) throw new Error(`the topology plan failed: ${result.error}`);
  const cluster = result.modified.find((o) => o.kind === 'Cluster');
  if (!cluster) throw new Error('the topology plan modified no Cluster');
  return cluster as Json;
}

/**
 * An addon stage of the stack (with Cilium, unlike the release above: this stage needs no chart repository)
 * rendered as CSO renders it for a Cluster: overwrite.yaml by cso-render, then helm template with those values.
 */
function renderStageFor(stage: string, cluster: Json): string {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'openstack-stage-'));
  try {
    for (const [name, content] of synthesizeStack(openstackScsStack('1.35')).files) {
      if (!name.startsWith(`cluster-addon/${stage}/`)) continue;
      const file = path.join(work, ...name.slice('cluster-addon/'.length).split('/'));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    const clusterFile = path.join(work, 'cluster.json');
    fs.writeFileSync(clusterFile, JSON.stringify(cluster));
    const values = renderValues(locateCsoRender(), {
      template: path.join(work, stage, 'overwrite.yaml'),
      cluster: clusterFile,
    });
    if (!values.ok) throw new Error(`${stage}/overwrite.yaml: ${values.message}`);
    return helmTemplateAddon(work, stage, stack.kubernetesVersion.semver, values.output);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The objects of a rendered stage as `<Kind>/<name>`. */
function objectsOf(manifests: string): string[] {
  return parseAllDocuments(manifests)
    .map((d) => d.toJS() as Json | null)
    .filter((o): o is Json => o !== null)
    .map((o) => `${o.kind}/${o.metadata.name}`);
}

const FLAVOR_DISKS = OPENSTACK_SCS_EXAMPLES.find((e) => e.name === 'flavor-disks')!.variables!;
const DEFAULTS = {};

/** Variables that have a test below: the last test checks that every declared variable has one. */
const tested = new Set<string>();
function variableTest(
  variable: keyof (OpenStackScsVariables & ClusterFeatureVariables),
  title: string,
  fn: () => void,
): void {
  tested.add(variable);
  test(`GIVEN ${variable} ${title}`, fn);
}

describe('topology dry run of openstack/scs 1.35 (clusterctl alpha topology plan)', () => {
  describe('scenarios', () => {
    test.each([
      ['defaults', DEFAULTS],
      ['all-variables', ALL_VARIABLES],
      ['flavor-disks', FLAVOR_DISKS],
    ])(
      'GIVEN the %s example WHEN planned THEN CAPI creates the topology and the patched specs are stable (snapshot)',
      (_name, variables) => {
        // GIVEN / WHEN
        const result = plan(variables);

        // THEN
        expect(result.ok ? result.created.map((o) => o.kind).sort() : result.error).toEqual([
          'KubeadmConfigTemplate',
          'KubeadmControlPlane',
          'MachineDeployment',
          'MachineHealthCheck',
          'MachineHealthCheck',
          'OpenStackCluster',
          'OpenStackMachineTemplate',
          'OpenStackMachineTemplate',
          'Secret',
        ]);
        expect(planned(variables)).toMatchSnapshot();
      },
    );
  });

  describe('image', () => {
    variableTest(
      'imageName',
      'WHEN planned THEN both machine templates look the image up by that name plus their version',
      () => {
        expect(planned(ALL_VARIABLES).controlPlaneMachine.image).toEqual({
          imageRef: { name: 'scs-node-image-v1.35.1' },
        });
        expect(planned(DEFAULTS).controlPlaneMachine.image).toEqual({
          filter: { name: 'ubuntu-capi-image-v1.35.1' },
        });
        expect(planned(DEFAULTS).workerMachine.image).toEqual({
          filter: { name: 'ubuntu-capi-image-v1.35.1' },
        });
      },
    );
    variableTest(
      'imageIsOrc',
      'true WHEN planned THEN the image is an ORC imageRef instead of a Glance filter',
      () => {
        expect(planned({ imageIsOrc: true }).controlPlaneMachine.image).toEqual({
          imageRef: { name: 'ubuntu-capi-image-v1.35.1' },
        });
        expect(planned({ imageIsOrc: true }).workerMachine.image).toEqual({
          imageRef: { name: 'ubuntu-capi-image-v1.35.1' },
        });
      },
    );
    variableTest('imageAddVersion', 'false WHEN planned THEN the name is used as it is', () => {
      expect(planned(FLAVOR_DISKS).controlPlaneMachine.image).toEqual({
        filter: { name: 'ubuntu-24.04-kube-v1' },
      });
      expect(planned(FLAVOR_DISKS).workerMachine.image).toEqual({ filter: { name: 'ubuntu-24.04-kube-v1' } });
    });
  });

  describe('network', () => {
    variableTest(
      'disableAPIServerFloatingIP',
      'true WHEN planned THEN the OpenStackCluster asks for no floating IP',
      () => {
        expect(planned(ALL_VARIABLES).cluster.disableAPIServerFloatingIP).toBe(true);
        expect(planned(DEFAULTS).cluster.disableAPIServerFloatingIP).toBeUndefined();
      },
    );
    variableTest(
      'networkExternalID',
      'WHEN planned THEN the OpenStackCluster uses that external network',
      () => {
        expect(planned(ALL_VARIABLES).cluster.externalNetwork).toEqual({
          id: 'ebfe5546-f09f-4f42-ab54-094e457d42ec',
        });
        expect(planned(DEFAULTS).cluster.externalNetwork).toBeUndefined();
      },
    );
    variableTest('networkMTU', 'WHEN planned THEN the OpenStackCluster sets the MTU', () => {
      expect(planned(ALL_VARIABLES).cluster.networkMTU).toBe(1450);
      expect(planned(DEFAULTS).cluster.networkMTU).toBeUndefined();
    });
    variableTest('dnsNameservers', 'WHEN planned THEN the managed subnet uses them (default: Quad9)', () => {
      expect(planned(ALL_VARIABLES).cluster.managedSubnets[0].dnsNameservers).toEqual([
        '192.0.2.53',
        '198.51.100.53',
      ]);
      expect(planned(DEFAULTS).cluster.managedSubnets[0].dnsNameservers).toEqual([
        '9.9.9.9',
        '149.112.112.112',
      ]);
    });
    variableTest(
      'nodeCIDR',
      'WHEN planned THEN the managed subnet has that CIDR (default 10.8.0.0/20)',
      () => {
        expect(planned(ALL_VARIABLES).cluster.managedSubnets).toEqual([
          { cidr: '10.10.0.0/20', dnsNameservers: ['192.0.2.53', '198.51.100.53'] },
        ]);
        expect(planned(DEFAULTS).cluster.managedSubnets).toEqual([
          { cidr: '10.8.0.0/20', dnsNameservers: ['9.9.9.9', '149.112.112.112'] },
        ]);
      },
    );
    variableTest(
      'apiServerLoadBalancer',
      'WHEN planned THEN the load balancer is Octavia OVN by default, amphora, or none',
      () => {
        expect(planned(DEFAULTS).cluster.apiServerLoadBalancer).toEqual({ enabled: true, provider: 'ovn' });
        expect(planned(ALL_VARIABLES).cluster.apiServerLoadBalancer).toMatchObject({
          enabled: true,
          provider: 'amphora',
        });
        expect(planned(FLAVOR_DISKS).cluster.apiServerLoadBalancer).toEqual({ enabled: false });
      },
    );
    variableTest(
      'apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs',
      'WHEN planned THEN only an amphora load balancer is restricted to them',
      () => {
        expect(planned(ALL_VARIABLES).cluster.apiServerLoadBalancer.allowedCIDRs).toEqual([
          '192.0.2.0/24',
          '198.51.100.7/32',
        ]);
        expect(
          planned({ apiServerLoadBalancerOctaviaAmphoraAllowedCIDRs: ['192.0.2.0/24'] }).cluster
            .apiServerLoadBalancer,
        ).toEqual({ enabled: true, provider: 'ovn' });
      },
    );
    variableTest(
      'identityRef',
      'WHEN planned THEN the OpenStackCluster authenticates with that Secret and cloud (each defaults to openstack)',
      () => {
        expect(planned(ALL_VARIABLES).cluster.identityRef).toEqual({
          name: 'tenant-a-credentials',
          cloudName: 'tenant-a',
          type: 'Secret',
        });
        expect(planned({ identityRef: { name: 'tenant-b' } }).cluster.identityRef).toEqual({
          name: 'tenant-b',
          cloudName: 'openstack',
          type: 'Secret',
        });
        expect(planned(DEFAULTS).cluster.identityRef).toEqual({
          name: 'openstack',
          cloudName: 'openstack',
          type: 'Secret',
        });
      },
    );
  });

  describe('control plane', () => {
    variableTest(
      'controlPlaneFlavor',
      'WHEN planned THEN control-plane servers get that flavor (default SCS-2V-4)',
      () => {
        expect(planned(ALL_VARIABLES).controlPlaneMachine.flavor).toBe('SCS-2V-4-20s');
        expect(planned(DEFAULTS).controlPlaneMachine.flavor).toBe('SCS-2V-4');
      },
    );
    variableTest(
      'controlPlaneRootDisk',
      'WHEN planned THEN control-plane servers boot from a volume of that size, none for 0',
      () => {
        expect(planned(DEFAULTS).controlPlaneMachine.rootVolume).toEqual({ sizeGiB: 50 });
        expect(planned(FLAVOR_DISKS).controlPlaneMachine.rootVolume).toBeUndefined();
      },
    );
    variableTest(
      'controlPlaneRootDiskPin',
      'true WHEN planned THEN the root volume is created in the server availability zone',
      () => {
        expect(planned(ALL_VARIABLES).controlPlaneMachine.rootVolume).toEqual({
          sizeGiB: 30,
          availabilityZone: { from: 'Machine' },
        });
      },
    );
    variableTest(
      'controlPlaneServerGroupID',
      'WHEN planned THEN control-plane servers join that server group',
      () => {
        expect(planned(ALL_VARIABLES).controlPlaneMachine.serverGroup).toEqual({
          id: '3adf4e92-bb33-4e44-8ad3-afda9dfe8ec3',
        });
        expect(planned(DEFAULTS).controlPlaneMachine.serverGroup).toBeUndefined();
      },
    );
    variableTest('controlPlaneAvailabilityZones', 'WHEN planned THEN the OpenStackCluster lists them', () => {
      expect(planned(ALL_VARIABLES).cluster.controlPlaneAvailabilityZones).toEqual(['az1', 'az2', 'az3']);
      expect(planned(DEFAULTS).cluster.controlPlaneAvailabilityZones).toBeUndefined();
    });
    variableTest(
      'controlPlaneOmitAvailabilityZone',
      'true WHEN planned THEN the OpenStackCluster omits the zone of control-plane servers',
      () => {
        expect(planned(ALL_VARIABLES).cluster.controlPlaneOmitAvailabilityZone).toBe(true);
        expect(planned(DEFAULTS).cluster.controlPlaneOmitAvailabilityZone).toBeUndefined();
      },
    );
  });

  describe('workers', () => {
    variableTest(
      'workerFlavor',
      'WHEN planned THEN worker servers get that flavor (default SCS-4V-8)',
      () => {
        expect(planned(ALL_VARIABLES).workerMachine.flavor).toBe('SCS-8V-16');
        expect(planned(DEFAULTS).workerMachine.flavor).toBe('SCS-4V-8');
      },
    );
    variableTest(
      'workerRootDisk',
      'WHEN planned THEN worker servers boot from a volume of that size, none for 0',
      () => {
        expect(planned(DEFAULTS).workerMachine.rootVolume).toEqual({ sizeGiB: 50 });
        expect(planned(FLAVOR_DISKS).workerMachine.rootVolume).toBeUndefined();
      },
    );
    variableTest(
      'workerRootDiskPin',
      'true WHEN planned THEN the root volume is created in the server availability zone',
      () => {
        expect(planned(ALL_VARIABLES).workerMachine.rootVolume).toEqual({
          sizeGiB: 80,
          availabilityZone: { from: 'Machine' },
        });
      },
    );
    variableTest('workerServerGroupID', 'WHEN planned THEN worker servers join that server group', () => {
      expect(planned(ALL_VARIABLES).workerMachine.serverGroup).toEqual({
        id: '869fe071-1e56-46a9-9166-47c9f228e297',
      });
      expect(planned(DEFAULTS).workerMachine.serverGroup).toBeUndefined();
    });
    variableTest(
      'workerAdditionalBlockDevices',
      'WHEN planned THEN workers get the volumes, size and type defaulted to 20 GiB and __DEFAULT__',
      () => {
        expect(planned(FLAVOR_DISKS).workerMachine.additionalBlockDevices).toEqual([
          { name: 'data', sizeGiB: 20, storage: { type: 'Volume', volume: { type: '__DEFAULT__' } } },
        ]);
        expect(planned(DEFAULTS).workerMachine.additionalBlockDevices).toBeUndefined();
        expect(planned(FLAVOR_DISKS).controlPlaneMachine.additionalBlockDevices).toBeUndefined();
      },
    );
    variableTest(
      'workerAdditionalBlockDevicesPin',
      'true WHEN planned THEN the volumes are created in the server availability zone',
      () => {
        expect(planned(ALL_VARIABLES).workerMachine.additionalBlockDevices).toEqual([
          {
            name: 'data',
            sizeGiB: 100,
            storage: { type: 'Volume', volume: { type: 'ssd', availabilityZone: { from: 'Machine' } } },
          },
          {
            name: 'scratch',
            sizeGiB: 40,
            storage: {
              type: 'Volume',
              volume: { type: '__DEFAULT__', availabilityZone: { from: 'Machine' } },
            },
          },
        ]);
      },
    );
  });

  describe('access and security groups (later patches win: IDs over names, worker settings over common ones)', () => {
    variableTest('sshKeyName', 'WHEN planned THEN every server gets that key pair', () => {
      expect(planned(ALL_VARIABLES).controlPlaneMachine.sshKeyName).toBe('capi-keypair');
      expect(planned(ALL_VARIABLES).workerMachine.sshKeyName).toBe('capi-keypair');
      expect(planned(DEFAULTS).workerMachine.sshKeyName).toBeUndefined();
    });
    variableTest('securityGroups', 'WHEN planned THEN every server gets them by name', () => {
      expect(planned(FLAVOR_DISKS).controlPlaneMachine.securityGroups).toEqual([
        { filter: { name: 'allow-monitoring' } },
        { filter: { name: 'allow-ssh' } },
      ]);
      expect(planned({ securityGroups: ['allow-monitoring'] }).workerMachine.securityGroups).toEqual([
        { filter: { name: 'allow-monitoring' } },
      ]);
    });
    variableTest(
      'securityGroupIDs',
      'with securityGroups WHEN planned THEN the IDs replace the names',
      () => {
        expect(planned(ALL_VARIABLES).controlPlaneMachine.securityGroups).toEqual([
          { id: '9ae2f488-30a3-4629-bd51-07acb8eb4278' },
        ]);
        expect(
          planned({ securityGroups: ['a'], securityGroupIDs: ['9ae2f488-30a3-4629-bd51-07acb8eb4278'] })
            .workerMachine.securityGroups,
        ).toEqual([{ id: '9ae2f488-30a3-4629-bd51-07acb8eb4278' }]);
      },
    );
    variableTest(
      'workerSecurityGroups',
      'with securityGroups WHEN planned THEN workers get only the worker groups',
      () => {
        expect(planned(FLAVOR_DISKS).workerMachine.securityGroups).toEqual([
          { filter: { name: 'allow-ingress' } },
        ]);
      },
    );
    variableTest(
      'workerSecurityGroupIDs',
      'with every other group setting WHEN planned THEN workers get only these IDs',
      () => {
        expect(planned(ALL_VARIABLES).workerMachine.securityGroups).toEqual([
          { id: '4f7c1a52-3d1e-4b8e-9c0f-2a6b8d9e1f30' },
          { id: '0b8e2c4d-6f1a-4a3b-8c5d-7e9f0a1b2c3d' },
        ]);
      },
    );
  });

  describe('kubeadm', () => {
    variableTest('certSANs', 'WHEN planned THEN the API server certificate has them', () => {
      expect(planned(ALL_VARIABLES).kubeadm.clusterConfiguration.apiServer.certSANs).toEqual([
        'api.example.com',
        '203.0.113.10',
      ]);
      expect(planned(DEFAULTS).kubeadm.clusterConfiguration.apiServer.certSANs).toBeUndefined();
    });
    variableTest(
      'oidcConfig',
      'with client and issuer WHEN planned THEN the authentication configuration gets a JWT authenticator (claims and prefixes defaulted) and the API server no --oidc-* flag',
      () => {
        const authentication = (variables: Record<string, unknown>) => {
          const kubeadm = planned(variables).kubeadm;
          const flags = Object.keys(
            kubeadm.clusterConfiguration.apiServer.extraArgs as Record<string, string>,
          );
          expect(flags.filter((flag) => flag.startsWith('oidc-'))).toEqual([]);
          const file = kubeadm.files.find(
            (f: Json) => f.path === '/etc/kubernetes/authentication/config.yaml',
          );
          return parse(file.content) as Json;
        };
        const all = authentication(ALL_VARIABLES);
        expect(all.jwt).toEqual([
          {
            issuer: { url: 'https://dex.example.com', audiences: ['kubectl'] },
            claimMappings: {
              username: { claim: 'email', prefix: 'sso:' },
              groups: { claim: 'roles', prefix: 'sso-group:' },
            },
          },
          ...EXPECTED_OIDC_AUTHENTICATORS,
        ]);
        expect(all.anonymous.conditions).toHaveLength(4);
        expect(
          authentication({ oidcConfig: { clientID: 'kubectl', issuerURL: 'https://dex.example.com' } }).jwt,
        ).toEqual([
          {
            issuer: { url: 'https://dex.example.com', audiences: ['kubectl'] },
            claimMappings: {
              username: { claim: 'preferred_username', prefix: 'oidc:' },
              groups: { claim: 'groups', prefix: 'oidc:' },
            },
          },
        ]);
        expect(authentication({ oidcConfig: { clientID: 'kubectl' } }).jwt).toBeUndefined();
      },
    );
    variableTest(
      'oidcAuthentication',
      "WHEN planned THEN its providers follow scs2's oidcConfig in the authentication configuration, and an oidcConfig issuer that oidcAuthentication lists is left out",
      () => {
        const content = (variables: Record<string, unknown>) =>
          planned(variables).kubeadm.files.find(
            (f: Json) => f.path === '/etc/kubernetes/authentication/config.yaml',
          ).content as string;
        const legacy = [
          '  - issuer:',
          '      url: "https://dex.example.com"',
          '      audiences:',
          '        - "kubectl"',
          '    claimMappings:',
          '      username:',
          '        claim: "email"',
          '        prefix: "sso:"',
          '      groups:',
          '        claim: "roles"',
          '        prefix: "sso-group:"',
        ];
        expect(content(ALL_VARIABLES)).toBe(
          expectedAuthenticationFile('apiserver.config.k8s.io/v1', [...legacy, ...EXPECTED_OIDC_JWT_LINES]),
        );
        expect(parse(content({ oidcAuthentication: ALL_VARIABLES.oidcAuthentication })).jwt).toEqual(
          EXPECTED_OIDC_AUTHENTICATORS,
        );
        // The same issuer in both variables: the API server would refuse the file, so oidcConfig's goes.
        const sameIssuer = {
          oidcConfig: { clientID: 'kubectl', issuerURL: 'https://keycloak.example.com/realms/platform' },
          oidcAuthentication: ALL_VARIABLES.oidcAuthentication,
        };
        expect(content(sameIssuer)).toBe(
          expectedAuthenticationFile('apiserver.config.k8s.io/v1', EXPECTED_OIDC_JWT_LINES),
        );
        // An issuer URL that only starts like a listed one is another issuer.
        const prefixOnly = {
          oidcConfig: { clientID: 'kubectl', issuerURL: 'https://keycloak.example.com/realms' },
          oidcAuthentication: ALL_VARIABLES.oidcAuthentication,
        };
        expect(parse(content(prefixOnly)).jwt.map((a: Json) => a.issuer.url)).toEqual([
          'https://keycloak.example.com/realms',
          'https://keycloak.example.com/realms/platform',
          'https://gitlab.example.com',
        ]);
        expect(content(DEFAULTS)).toBe(expectedAuthenticationFile('apiserver.config.k8s.io/v1'));
      },
    );
    variableTest(
      'registryMirrors',
      'WHEN planned THEN every node gets a hosts.toml per registry and the control plane keeps its kube-proxy files',
      () => {
        const all = planned(ALL_VARIABLES);
        expect(all.kubeadm.files.map((f: Json) => f.path)).toEqual([
          '/etc/sysctl.d/90-kubelet.conf',
          '/etc/kube-proxy-patch.sh',
          '/etc/kubernetes/patches/kubeletconfiguration20-openstack+strategic.yaml',
          '/etc/kubernetes/kubelet-flags-in-config.sh',
          '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
          '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
          '/etc/kubernetes/audit/policy.yaml',
          '/etc/kubernetes/encryption/setup.sh',
          '/etc/kubernetes/encryption/share.sh',
          '/etc/containerd/certs.d/docker.io/hosts.toml',
          '/etc/containerd/certs.d/docker.io/mirror-ca.crt',
          '/etc/containerd/certs.d/registry.k8s.io/hosts.toml',
          '/etc/containerd/certs.d/ghcr.io/hosts.toml',
          '/etc/containerd/mirror-credentials/ghcr.io/username',
          '/etc/containerd/mirror-credentials/ghcr.io/password',
          '/etc/containerd/mirror-credentials.sh',
          '/etc/systemd/system/containerd.service.d/http-proxy.conf',
          '/etc/systemd/system/kubelet.service.d/http-proxy.conf',
          '/etc/kubernetes/endpoint-no-proxy.sh',
          '/etc/kube-proxy-config.yaml',
          '/etc/kubernetes/admission/config.yaml',
          '/etc/kubernetes/authentication/config.yaml',
        ]);
        expect(all.workerBootstrap.files.map((f: Json) => f.path)).toEqual([
          '/etc/sysctl.d/90-kubelet.conf',
          '/etc/kubernetes/patches/kubeletconfiguration20-openstack+strategic.yaml',
          '/etc/kubernetes/kubelet-flags-in-config.sh',
          '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
          '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
          '/etc/containerd/certs.d/docker.io/hosts.toml',
          '/etc/containerd/certs.d/docker.io/mirror-ca.crt',
          '/etc/containerd/certs.d/registry.k8s.io/hosts.toml',
          '/etc/containerd/certs.d/ghcr.io/hosts.toml',
          '/etc/containerd/mirror-credentials/ghcr.io/username',
          '/etc/containerd/mirror-credentials/ghcr.io/password',
          '/etc/containerd/mirror-credentials.sh',
          '/etc/systemd/system/containerd.service.d/http-proxy.conf',
          '/etc/systemd/system/kubelet.service.d/http-proxy.conf',
          '/etc/kubernetes/endpoint-no-proxy.sh',
        ]);
        expect(all.workerBootstrap.files.slice(5)).toEqual(all.kubeadm.files.slice(9, 19));
        expect(all.workerBootstrap.files[5]).toEqual({
          path: '/etc/containerd/certs.d/docker.io/hosts.toml',
          owner: 'root:root',
          permissions: '0644',
          content:
            'server = "https://registry-1.docker.io"\n' +
            '[host."https://registry.example.com/v2/dockerhub"]\n' +
            '  capabilities = ["pull", "resolve"]\n' +
            '  override_path = true\n' +
            '  ca = "/etc/containerd/certs.d/docker.io/mirror-ca.crt"\n',
        });
        expect(all.workerBootstrap.files[7].content).toBe(
          '[host."https://mirror.example.com"]\n  capabilities = ["pull", "resolve"]\n  override_path = false\n',
        );
        expect(all.workerBootstrap.files.slice(8, 11)).toEqual([
          {
            path: '/etc/containerd/certs.d/ghcr.io/hosts.toml',
            owner: 'root:root',
            permissions: '0600',
            content:
              '[host."https://registry.example.com/v2/ghcr"]\n' +
              '  capabilities = ["pull", "resolve"]\n' +
              '  override_path = true\n' +
              '  [host."https://registry.example.com/v2/ghcr".header]\n' +
              '    Authorization = ["Basic @BASIC_AUTH@"]\n',
          },
          {
            path: '/etc/containerd/mirror-credentials/ghcr.io/username',
            owner: 'root:root',
            permissions: '0600',
            contentFrom: { secret: { name: 'registry-credentials', key: 'user' } },
          },
          {
            path: '/etc/containerd/mirror-credentials/ghcr.io/password',
            owner: 'root:root',
            permissions: '0600',
            contentFrom: { secret: { name: 'registry-credentials', key: 'token' } },
          },
        ]);
        expect(all.workerBootstrap.preKubeadmCommands).toContain('sh /etc/containerd/mirror-credentials.sh');
        const minimal = planned({
          registryMirrors: [{ hostnameUpstream: 'quay.io', urlMirror: 'https://mirror.example.com/v2/quay' }],
        });
        expect(minimal.workerBootstrap.files.slice(5)).toEqual([
          {
            path: '/etc/containerd/certs.d/quay.io/hosts.toml',
            owner: 'root:root',
            permissions: '0644',
            content:
              '[host."https://mirror.example.com/v2/quay"]\n  capabilities = ["pull", "resolve"]\n  override_path = true\n',
          },
        ]);
        expect(minimal.workerBootstrap.preKubeadmCommands).toEqual([
          'sysctl -p /etc/sysctl.d/90-kubelet.conf',
          'systemctl daemon-reload',
        ]);
        const withDefaultKeys = planned({
          registryMirrors: [
            {
              hostnameUpstream: 'quay.io',
              urlMirror: 'https://mirror.example.com/v2/quay',
              credentialsSecretRef: { name: 'quay-mirror' },
            },
          ],
        });
        expect(
          withDefaultKeys.workerBootstrap.files
            .filter((f: Json) => f.contentFrom)
            .map((f: Json) => [f.path, f.contentFrom.secret]),
        ).toEqual([
          ['/etc/containerd/mirror-credentials/quay.io/username', { name: 'quay-mirror', key: 'username' }],
          ['/etc/containerd/mirror-credentials/quay.io/password', { name: 'quay-mirror', key: 'password' }],
        ]);
        expect(planned(DEFAULTS).workerBootstrap.files.map((f: Json) => f.path)).toEqual([
          '/etc/sysctl.d/90-kubelet.conf',
          '/etc/kubernetes/patches/kubeletconfiguration20-openstack+strategic.yaml',
          '/etc/kubernetes/kubelet-flags-in-config.sh',
          '/etc/systemd/system/kubelet.service.d/20-flags-in-config.conf',
          '/etc/kubernetes/patches/kubeletconfiguration10-hardening+strategic.yaml',
        ]);
      },
    );
  });

  describe("the core's node features", () => {
    const dropIns = [
      '/etc/systemd/system/containerd.service.d/http-proxy.conf',
      '/etc/systemd/system/kubelet.service.d/http-proxy.conf',
    ];
    const dropInsOf = (spec: Json) => spec.files.filter((f: Json) => dropIns.includes(f.path));
    variableTest(
      'httpProxy',
      "WHEN planned THEN containerd and the kubelet of every node get the proxy, with the Cluster's networks, the node network and noProxy reached directly",
      () => {
        // GIVEN / WHEN
        const { kubeadm, workerBootstrap } = planned(ALL_VARIABLES);

        // THEN
        const noProxy =
          'localhost,127.0.0.1,.svc,.cluster.local,192.168.0.0/16,10.128.0.0/12,10.10.0.0/20,.example.com,192.0.2.0/24';
        const content =
          '[Service]\n' +
          'Environment="HTTP_PROXY=http://proxy.example.com:3128"\n' +
          'Environment="http_proxy=http://proxy.example.com:3128"\n' +
          'Environment="HTTPS_PROXY=http://proxy.example.com:3128"\n' +
          'Environment="https_proxy=http://proxy.example.com:3128"\n' +
          `Environment="NO_PROXY=${noProxy}"\n` +
          `Environment="no_proxy=${noProxy}"\n`;
        const expected = dropIns.map((path) => ({ path, owner: 'root:root', permissions: '0600', content }));
        expect(dropInsOf(kubeadm)).toEqual(expected);
        expect(dropInsOf(workerBootstrap)).toEqual(expected);
        expect(workerBootstrap.preKubeadmCommands.slice(-2)).toEqual([
          'systemctl daemon-reload',
          'systemctl restart containerd',
        ]);
        expect(kubeadm.preKubeadmCommands.slice(-2)).toEqual([
          'systemctl daemon-reload',
          'systemctl restart containerd',
        ]);
      },
    );
    test('GIVEN httpProxy with only an HTTPS proxy and a percent-encoded user WHEN planned THEN HTTP_PROXY is empty, % is escaped for systemd and no_proxy still lists the Cluster', () => {
      // GIVEN / WHEN
      const { workerBootstrap } = planned({
        httpProxy: { https: 'http://user%40corp:pw@proxy.example.com:3128' },
      });

      // THEN
      const noProxy = 'localhost,127.0.0.1,.svc,.cluster.local,192.168.0.0/16,10.128.0.0/12,10.8.0.0/20';
      expect(dropInsOf(workerBootstrap)[1].content).toBe(
        '[Service]\n' +
          'Environment="HTTP_PROXY="\n' +
          'Environment="http_proxy="\n' +
          'Environment="HTTPS_PROXY=http://user%%40corp:pw@proxy.example.com:3128"\n' +
          'Environment="https_proxy=http://user%%40corp:pw@proxy.example.com:3128"\n' +
          `Environment="NO_PROXY=${noProxy}"\n` +
          `Environment="no_proxy=${noProxy}"\n`,
      );
    });
    test('GIVEN the defaults or httpProxy with only noProxy WHEN planned THEN no node gets a proxy drop-in or a containerd restart', () => {
      for (const variables of [DEFAULTS, { httpProxy: { noProxy: ['.example.com'] } }]) {
        const { kubeadm, workerBootstrap } = planned(variables);
        expect(dropInsOf(kubeadm)).toEqual([]);
        expect(dropInsOf(workerBootstrap)).toEqual([]);
        expect(workerBootstrap.preKubeadmCommands).toEqual([
          'sysctl -p /etc/sysctl.d/90-kubelet.conf',
          'systemctl daemon-reload',
        ]);
      }
    });
    variableTest('ntpServers', 'WHEN planned THEN cloud-init synchronises every node with them', () => {
      const all = planned(ALL_VARIABLES);
      const ntp = { enabled: true, servers: ['ntp1.example.com', '192.0.2.123'] };
      expect(all.kubeadm.ntp).toEqual(ntp);
      expect(all.workerBootstrap.ntp).toEqual(ntp);
      expect(planned(DEFAULTS).kubeadm.ntp).toBeUndefined();
      expect(planned(DEFAULTS).workerBootstrap.ntp).toBeUndefined();
    });
    variableTest(
      'controlPlaneCertificateRenewal',
      'WHEN planned THEN control-plane machines are replaced that many days before their certificates expire (default 21, off when disabled)',
      () => {
        expect(planned(ALL_VARIABLES).controlPlaneRolloutBefore).toEqual({ certificatesExpiryDays: 30 });
        expect(planned(DEFAULTS).controlPlaneRolloutBefore).toEqual({ certificatesExpiryDays: 21 });
        expect(
          planned({ controlPlaneCertificateRenewal: { enabled: false } }).controlPlaneRolloutBefore,
        ).toBeUndefined();
      },
    );
  });

  describe('with the hardening profile', () => {
    test('GIVEN controlPlaneMetricsBindAddress 0.0.0.0 (upstream scs2) WHEN planned THEN controller manager, scheduler, etcd and kube-proxy serve metrics on all interfaces', () => {
      // GIVEN / WHEN
      const exposed = planned(ALL_VARIABLES).kubeadm;
      const local = planned(DEFAULTS).kubeadm;

      // THEN
      expect(exposed.clusterConfiguration.controllerManager.extraArgs['bind-address']).toBe('0.0.0.0');
      expect(exposed.clusterConfiguration.scheduler.extraArgs['bind-address']).toBe('0.0.0.0');
      expect(exposed.clusterConfiguration.etcd.local.extraArgs['listen-metrics-urls']).toBe(
        'http://0.0.0.0:2381',
      );
      expect(exposed.files.find((f: Json) => f.path === '/etc/kube-proxy-config.yaml').content).toBe(
        '---\napiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmetricsBindAddress: "0.0.0.0:10249"\n',
      );
      expect(local.clusterConfiguration.controllerManager.extraArgs['bind-address']).toBe('127.0.0.1');
      expect(local.files.find((f: Json) => f.path === '/etc/kube-proxy-config.yaml').content).toContain(
        'metricsBindAddress: "127.0.0.1:10249"\n',
      );
    });

    test('GIVEN the defaults WHEN planned THEN kubelets are locked down and load their kernel settings first', () => {
      // GIVEN / WHEN
      const { kubeadm, workerBootstrap } = planned(DEFAULTS);

      // THEN
      expect(kubeadm.preKubeadmCommands).toEqual([
        'sysctl -p /etc/sysctl.d/90-kubelet.conf',
        'bash /etc/kube-proxy-patch.sh',
        'systemctl daemon-reload',
        'sh /etc/kubernetes/encryption/setup.sh',
      ]);
      expect(workerBootstrap.preKubeadmCommands).toEqual([
        'sysctl -p /etc/sysctl.d/90-kubelet.conf',
        'systemctl daemon-reload',
      ]);
      expect(workerBootstrap.joinConfiguration).toMatchObject({
        nodeRegistration: { kubeletExtraArgs: { 'cloud-provider': 'external' } },
        patches: { directory: '/etc/kubernetes/patches' },
      });
      const kubelet = (name: string) =>
        parse(
          workerBootstrap.files.find(
            (f: Json) => f.path === `/etc/kubernetes/patches/kubeletconfiguration${name}+strategic.yaml`,
          ).content,
        );
      expect(kubelet('20-openstack').providerID).toBe('openstack:///{{ instance_id }}');
      expect(kubelet('10-hardening')).toMatchObject({
        protectKernelDefaults: true,
        serverTLSBootstrap: true,
        readOnlyPort: 0,
        evictionHard: EXPECTED_DEFAULT_EVICTION,
      });
    });

    test('GIVEN the defaults WHEN planned THEN anonymous API requests are limited to health endpoints and cluster-info', () => {
      // GIVEN / WHEN
      const { kubeadm } = planned(DEFAULTS);

      // THEN
      expect(kubeadm.clusterConfiguration.apiServer.extraArgs['authentication-config']).toBe(
        '/etc/kubernetes/authentication/config.yaml',
      );
      expect(kubeadm.clusterConfiguration.apiServer.extraArgs['anonymous-auth']).toBeUndefined();
      const file = kubeadm.files.find((f: Json) => f.path === '/etc/kubernetes/authentication/config.yaml');
      expect(parse(file.content)).toEqual({
        apiVersion: 'apiserver.config.k8s.io/v1',
        kind: 'AuthenticationConfiguration',
        anonymous: EXPECTED_ANONYMOUS,
      });
    });
  });

  describe('Pods and the cloud metadata service (an addon, switched through the Cluster)', () => {
    const variableOf = (cluster: Json) =>
      cluster.spec.topology.variables.find((v: Json) => v.name === 'blockMetadataService');
    variableTest(
      'blockMetadataService',
      'WHEN planned THEN CAPI writes it into the Cluster (default true), and the stage CSO renders from that Cluster denies Pod egress to 169.254.169.254 only while it is true',
      () => {
        // GIVEN / WHEN
        const defaulted = admittedCluster(DEFAULTS);
        const optedOut = admittedCluster(ALL_VARIABLES);

        // THEN
        expect(variableOf(defaulted)).toEqual({ name: 'blockMetadataService', value: true });
        expect(variableOf(optedOut)).toEqual({ name: 'blockMetadataService', value: false });
        const denied = renderStageFor('metadata-service-policy', defaulted);
        expect(objectsOf(denied)).toEqual(['CiliumClusterwideNetworkPolicy/deny-cloud-metadata-service']);
        expect(parseAllDocuments(denied)[0].toJS().spec.egressDeny).toEqual([
          { toCIDR: ['169.254.169.254/32'] },
        ]);
        expect(objectsOf(renderStageFor('metadata-service-policy', optedOut))).toEqual([]);
      },
    );
    test("GIVEN the policy CSO renders for a defaulted Cluster WHEN validated with kubeconform -strict THEN the schema generated from Cilium's CRD accepts it", () => {
      // GIVEN
      const manifests = renderStageFor('metadata-service-policy', admittedCluster(DEFAULTS));

      // WHEN
      const result = kubeconform(workspaceRoot(), manifests, stack.kubernetesVersion.minorDotted);

      // THEN
      expect(result).toEqual({ valid: 1, findings: [] });
    });
    test('GIVEN a policy with a field Cilium does not know WHEN validated with kubeconform -strict THEN the generated schema rejects it (it is checked, not skipped)', () => {
      // GIVEN
      const manifests = renderStageFor('metadata-service-policy', admittedCluster(DEFAULTS)).replace(
        'egressDeny:',
        'egressDenied:',
      );

      // WHEN
      const result = kubeconform(workspaceRoot(), manifests, stack.kubernetesVersion.minorDotted);

      // THEN
      expect(result.valid).toBe(0);
      expect(result.findings).toEqual([
        expect.objectContaining({
          resource: 'CiliumClusterwideNetworkPolicy/deny-cloud-metadata-service (cilium.io/v2)',
          status: 'statusInvalid',
        }),
      ]);
    });
  });

  test('GIVEN the declared variables THEN each has a dry-run test above', () => {
    expect([...tested].sort()).toEqual(
      [...openStackScsVariables, ...clusterFeatureVariables].map((d) => d.name).sort(),
    );
  });

  describe('CAPI rejects invalid values with its own message', () => {
    const prefix = 'Cluster.cluster.x-k8s.io "test" is invalid: spec.topology.variables';
    test.each([
      [
        'a wrong type',
        { networkMTU: '1500' },
        `${prefix}[networkMTU].value: Invalid value: "\\"1500\\"": must be of type integer: "string"`,
      ],
      [
        'a value outside the enum',
        { apiServerLoadBalancer: 'octavia' },
        `${prefix}[apiServerLoadBalancer].value: Unsupported value: "\\"octavia\\"": supported values: "none", "octavia-amphora", "octavia-ovn"`,
      ],
      [
        'a bad CIDR',
        { nodeCIDR: '10.8.0.0/33' },
        `${prefix}[nodeCIDR].value: Invalid value: "\\"10.8.0.0/33\\"": must be of type cidr: "10.8.0.0/33"`,
      ],
      [
        'an ID that is no UUID',
        { securityGroupIDs: ['not-a-uuid'] },
        `${prefix}[securityGroupIDs].value.[0]: Invalid value: "[\\"not-a-uuid\\"]": [0] in body must be of type uuid4: "not-a-uuid"`,
      ],
      [
        'a block device without a name',
        { workerAdditionalBlockDevices: [{ sizeGiB: 10 }] },
        `${prefix}[workerAdditionalBlockDevices].value.[0].name: Required value`,
      ],
      [
        'a proxy URL without a scheme',
        { httpProxy: { http: 'proxy.example.com:3128' } },
        `${prefix}[httpProxy].value.http: Invalid value: "{\\"http\\":\\"proxy.example.com:3128\\",\\"noProxy\\":[]}": http in body should match '^https?://[^\\s,"\\\\]+$'`,
      ],
      [
        'a no-proxy entry with a comma',
        { httpProxy: { https: 'http://proxy.example.com:3128', noProxy: ['a.example.com,b.example.com'] } },
        `${prefix}[httpProxy].value.noProxy[0]: Invalid value: "{\\"https\\":\\"http://proxy.example.com:3128\\",\\"noProxy\\":[\\"a.example.com,b.example.com\\"]}": noProxy[0] in body should match '^[^\\s,"\\\\]+$'`,
      ],
      [
        'an NTP server that is no host name or address',
        { ntpServers: ['ntp example'] },
        `${prefix}[ntpServers].value.[0]: Invalid value: "[\\"ntp example\\"]": [0] in body should match '^[A-Za-z0-9]([-A-Za-z0-9.:]*[A-Za-z0-9])?$'`,
      ],
      [
        'a certificate renewal threshold beyond half a year',
        { controlPlaneCertificateRenewal: { daysBeforeExpiry: 365 } },
        `${prefix}[controlPlaneCertificateRenewal].value.daysBeforeExpiry: Invalid value: "{\\"daysBeforeExpiry\\":365,\\"enabled\\":true}": daysBeforeExpiry in body should be less than or equal to 180`,
      ],
      [
        "a certificate renewal threshold below CAPI's minimum of 7 days",
        { controlPlaneCertificateRenewal: { daysBeforeExpiry: 3 } },
        `${prefix}[controlPlaneCertificateRenewal].value.daysBeforeExpiry: Invalid value: "{\\"daysBeforeExpiry\\":3,\\"enabled\\":true}": daysBeforeExpiry in body should be greater than or equal to 7`,
      ],
      [
        'mirror credentials without a Secret name',
        {
          registryMirrors: [
            { hostnameUpstream: 'quay.io', urlMirror: 'https://m.example.com', credentialsSecretRef: {} },
          ],
        },
        `${prefix}[registryMirrors].value.[0].credentialsSecretRef.name: Required value`,
      ],
      [
        'a string for the boolean blockMetadataService',
        { blockMetadataService: 'enabled' },
        `${prefix}[blockMetadataService].value: Invalid value: "\\"enabled\\"": must be of type boolean: "string"`,
      ],
      [
        'a negative disk size',
        { controlPlaneRootDisk: -1 },
        `${prefix}[controlPlaneRootDisk].value: Invalid value: "-1": should be greater than or equal to 0`,
      ],
    ])('GIVEN %s WHEN planned THEN the Cluster is rejected', (_what, variables, message) => {
      // GIVEN / WHEN / THEN
      expect(rejection(variables)).toContain(message);
    });

    test.each(INVALID_OIDC_VALUES)(
      'GIVEN oidcAuthentication with %s WHEN planned THEN the Cluster is rejected',
      (_what, value, field, message) => {
        expect(rejection({ oidcAuthentication: value })).toContain(
          `Cluster.cluster.x-k8s.io "test" is invalid: ${capiOidcRejection(value, field, message)}`,
        );
      },
    );
  });
});
