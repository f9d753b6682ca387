import { CapiVersion, PatchOperation, PatchTarget } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { workspaceRoot } from '../util/files';
import { capiTopologyPlan } from './capi-topology-plan';
import { renderClassFor } from './class-rendering';
import { asV1beta2Cluster } from './cluster-v1beta2';
import { kubeconform } from './kubeconform';
import { buildTopologyPlan } from './topology-plan-build';

// A deliberately wrong patch in the v1beta2 rendering of docker/scs 1.35: the stack's own checks and the schema
// check (kubeconform -strict) accept it; CAPI v1.14's topology code, run by tools/topology-plan, does not.
const NAMESPACE = 'cluster-stacks';
const IMAGE_REPOSITORY = '/spec/template/spec/kubeadmConfigSpec/clusterConfiguration/imageRepository';
const FIRST_FILE = '/spec/template/spec/kubeadmConfigSpec/files/0/content';

jest.setTimeout(120_000);
beforeAll(() => buildTopologyPlan());

/** docker/scs 1.35 with one more patch on the control-plane template, rendered for v1beta2. */
function withPatch(operation: PatchOperation) {
  const stack = dockerScsStack('1.35');
  const controlPlane = stack.clusterClass.templates.find((t) => t.kind === 'KubeadmControlPlaneTemplate')!;
  stack.clusterClass.addPatch({
    name: 'wrongPatch',
    description: 'Deliberately wrong.',
    definitions: [{ target: PatchTarget.controlPlane(controlPlane), operations: [operation] }],
  });
  const rendering = renderClassFor(stack, CapiVersion.V1BETA2, NAMESPACE);
  const cluster = asV1beta2Cluster(
    stack.examples[0].render({
      className: rendering.className,
      namespace: NAMESPACE,
      kubernetesVersion: stack.kubernetesVersion,
    }),
  );
  return { rendering, cluster };
}

describe('a wrong v1beta2 patch', () => {
  test('GIVEN a patch that replaces imageRepository, which the v1beta2 template does not set, WHEN checked THEN kubeconform finds nothing and CAPI fails to apply it to the Cluster', () => {
    // GIVEN
    const { rendering, cluster } = withPatch(
      PatchOperation.replace(IMAGE_REPOSITORY, 'registry.example.com'),
    );

    // WHEN
    const schema = kubeconform(workspaceRoot(), rendering.manifests, '1.35');
    const plan = capiTopologyPlan(rendering.manifests, [cluster]);

    // THEN
    expect(schema).toEqual({ valid: 6, findings: [] });
    expect(plan.ok ? 'planned' : plan.error).toBe(
      'topology-plan: Cluster cluster-stacks/defaults from clusters.yaml (document 1): computing the desired state failed: ' +
        'failed to apply patches: failed to apply patches for patch "wrongPatch": failed to apply patch: ' +
        'error applying json patch (RFC6902): replace operation does not apply: doc is missing key: ' +
        `${IMAGE_REPOSITORY}: missing value`,
    );
  });

  test('GIVEN a patch that replaces a list element by index WHEN checked THEN kubeconform finds nothing and the ClusterClass webhook refuses it', () => {
    // GIVEN
    const { rendering, cluster } = withPatch(PatchOperation.replace(FIRST_FILE, 'x'));

    // WHEN
    const schema = kubeconform(workspaceRoot(), rendering.manifests, '1.35');
    const plan = capiTopologyPlan(rendering.manifests, [cluster]);

    // THEN
    expect(schema).toEqual({ valid: 6, findings: [] });
    const error = plan.ok ? 'planned' : plan.error;
    expect(error).toMatch(
      /^topology-plan: ClusterClass cluster-stacks\/docker-scs-1-35-v0-check\.1 from class\.yaml \(document 1\): rejected by the ClusterClass webhook: /,
    );
    expect(error).toContain(
      `jsonPatches[0].path: Invalid value: "${FIRST_FILE}": elements in arrays can not be accessed in a replace operation`,
    );
  });

  test("GIVEN the v1beta2 rendering as shipped WHEN planned THEN the ClusterClass webhook admits it and the control plane gets the flags its patches set, appended to the template's own", () => {
    // GIVEN
    const stack = dockerScsStack('1.35');
    const rendering = renderClassFor(stack, CapiVersion.V1BETA2, NAMESPACE);
    const cluster = asV1beta2Cluster(
      stack.examples[0].render({
        className: rendering.className,
        namespace: NAMESPACE,
        kubernetesVersion: stack.kubernetesVersion,
      }),
    );

    // WHEN
    const schema = kubeconform(workspaceRoot(), rendering.manifests, '1.35');
    const plan = capiTopologyPlan(rendering.manifests, [cluster]);

    // THEN
    expect(schema).toEqual({ valid: 6, findings: [] });
    if (!plan.ok) throw new Error(plan.error);
    const kcp = plan.clusters
      .get('defaults')!
      .created.find((o) => o.kind === 'KubeadmControlPlane') as unknown as {
      spec: {
        kubeadmConfigSpec: { clusterConfiguration: Record<string, { extraArgs: { name: string }[] }> };
      };
    };
    const names = (component: string) =>
      kcp.spec.kubeadmConfigSpec.clusterConfiguration[component].extraArgs.map((a) => a.name);
    expect(names('apiServer').slice(-3)).toEqual([
      'audit-log-maxage',
      'audit-log-maxbackup',
      'audit-log-maxsize',
    ]);
    expect(names('controllerManager').slice(-2)).toEqual(['bind-address', 'terminated-pod-gc-threshold']);
    expect(names('scheduler').slice(-1)).toEqual(['bind-address']);
  });
});
