import { CapiVersion, ClusterStack, EXAMPLE_OIDC_ISSUERS, ExampleCluster } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { openstackScsStack } from '@cluster-stacks/provider-openstack';
import { App } from 'cdk8s';
import { capiTopologyPlan } from './capi-topology-plan';
import { ClassRendering, renderClassFor } from './class-rendering';
import { asV1beta2Cluster } from './cluster-v1beta2';
import {
  capiOidcRejection,
  EXPECTED_OIDC_JWT_LINES,
  expectedAuthenticationFile,
  INVALID_OIDC_VALUES,
} from './oidc-expectations';
import { buildTopologyPlan } from './topology-plan-build';

// The v1beta2 renderings of both stacks through CAPI v1.14's own defaulting, variable validation and patch
// engine (topology-plan): the OIDC feature as a v1beta2 management cluster would apply it.
const NAMESPACE = 'cluster-stacks';
const AUTHENTICATION = '/etc/kubernetes/authentication/config.yaml';

jest.setTimeout(180_000);
beforeAll(() => buildTopologyPlan());

const classes = new Map<ClusterStack, ClassRendering>();
function classOf(stack: ClusterStack): ClassRendering {
  if (!classes.has(stack)) classes.set(stack, renderClassFor(stack, CapiVersion.V1BETA2, NAMESPACE));
  return classes.get(stack)!;
}

/** The v1beta2 dry run of a Cluster of the stack that sets only these variables. */
function plan(stack: ClusterStack, variables: Record<string, unknown>) {
  const rendering = classOf(stack);
  const cluster = new ExampleCluster(new App(), 'Cluster', { name: 'test', description: 'test', variables });
  const v1beta1 = cluster.render({
    className: rendering.className,
    namespace: NAMESPACE,
    kubernetesVersion: stack.kubernetesVersion,
  });
  return capiTopologyPlan(rendering.manifests, [asV1beta2Cluster(v1beta1)]);
}

/** The authentication configuration file of the planned KubeadmControlPlane. */
function authenticationFile(stack: ClusterStack, variables: Record<string, unknown>): string {
  const result = plan(stack, variables);
  if (!result.ok) throw new Error(result.error);
  const [only] = [...result.clusters.values()];
  if (only.rejected) throw new Error(only.rejected);
  const kcp = only.created.find((o) => o.kind === 'KubeadmControlPlane') as unknown as {
    apiVersion: string;
    spec: { kubeadmConfigSpec: { files: { path: string; content: string }[] } };
  };
  expect(kcp.apiVersion).toBe('controlplane.cluster.x-k8s.io/v1beta2');
  return kcp.spec.kubeadmConfigSpec.files.find((f) => f.path === AUTHENTICATION)!.content;
}

const STACKS: [string, string, ClusterStack][] = [
  ['docker/scs 1.33', 'apiserver.config.k8s.io/v1beta1', dockerScsStack('1.33')],
  ['docker/scs 1.35', 'apiserver.config.k8s.io/v1', dockerScsStack('1.35')],
  ['openstack/scs 1.35', 'apiserver.config.k8s.io/v1', openstackScsStack('1.35', { cilium: false })],
];

describe('OIDC in the v1beta2 dry run (CAPI v1.14)', () => {
  test.each(STACKS)(
    'GIVEN %s and oidcAuthentication with two providers, claim mappings and CEL rules WHEN planned THEN the KubeadmControlPlane writes both as JWT authenticators into the %s authentication configuration',
    (_name, apiVersion, stack) => {
      expect(authenticationFile(stack, { oidcAuthentication: { jwt: EXAMPLE_OIDC_ISSUERS } })).toBe(
        expectedAuthenticationFile(apiVersion, EXPECTED_OIDC_JWT_LINES),
      );
    },
  );

  test.each(STACKS)(
    'GIVEN %s and no oidcAuthentication WHEN planned THEN the file is the %s anonymous rules alone, as before the variable existed',
    (_name, apiVersion, stack) => {
      expect(authenticationFile(stack, {})).toBe(expectedAuthenticationFile(apiVersion));
    },
  );

  test.each(INVALID_OIDC_VALUES.slice(0, 3))(
    'GIVEN oidcAuthentication with %s WHEN planned on docker/scs 1.35 THEN CAPI v1.14 rejects the Cluster with its own message',
    (_what, value, field, message) => {
      // GIVEN / WHEN
      const result = plan(STACKS[1][2], { oidcAuthentication: value });

      // THEN
      expect(result.ok ? '' : result.error).toContain(
        `rejected by the Cluster defaulting webhook: Cluster.cluster.x-k8s.io "test" is invalid: ${capiOidcRejection(value, field, message)}`,
      );
    },
  );
});
