import { CapiVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { capiTopologyPlan } from './capi-topology-plan';
import { renderClassFor } from './class-rendering';
import { asV1beta2Cluster } from './cluster-v1beta2';
import { buildTopologyPlan } from './topology-plan-build';
import { PlannedObject } from './topology-plan';

// The v1beta2 rendering of docker/scs 1.35 uses CAPD's Dev* kinds; CAPI v1.14's topology engine
// (tools/topology-plan) plans its examples, so the machine patches are seen where they land.
const NAMESPACE = 'cluster-stacks';
const stack = dockerScsStack('1.35');

jest.setTimeout(120_000);
beforeAll(() => buildTopologyPlan());

type Planned = PlannedObject & { apiVersion: string; spec: { template: { spec: Record<string, unknown> } } };

/** The objects CAPI v1.14 creates for an example of the v1beta2 rendering. */
function planned(example: string): Planned[] {
  const rendering = renderClassFor(stack, CapiVersion.V1BETA2, NAMESPACE);
  const cluster = stack.examples
    .find((e) => e.props.name === example)!
    .render({
      className: rendering.className,
      namespace: NAMESPACE,
      kubernetesVersion: stack.kubernetesVersion,
    });
  const plan = capiTopologyPlan(rendering.manifests, [asV1beta2Cluster(cluster)]);
  if (!plan.ok) throw new Error(plan.error);
  return plan.clusters.get(example)!.created as Planned[];
}

const IMAGE = 'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab';
const SOCKET = { containerPath: '/var/run/docker.sock', hostPath: '/var/run/docker.sock' };

describe('topology dry run of the v1beta2 rendering: CAPD Dev* templates', () => {
  test('GIVEN the all-variables example WHEN planned THEN the DevMachineTemplates get customImage and the host socket mount below backend.docker, and nothing at the Docker* paths', () => {
    // GIVEN / WHEN
    const created = planned('all-variables');

    // THEN
    const infrastructure = created.filter((o) => o.apiVersion.startsWith('infrastructure.'));
    expect(infrastructure.map((o) => `${o.apiVersion} ${o.kind}`).sort()).toEqual([
      'infrastructure.cluster.x-k8s.io/v1beta2 DevCluster',
      'infrastructure.cluster.x-k8s.io/v1beta2 DevMachineTemplate',
      'infrastructure.cluster.x-k8s.io/v1beta2 DevMachineTemplate',
    ]);
    const image = `registry.example.com/docker.io/${IMAGE}`;
    for (const machines of created.filter((o) => o.kind === 'DevMachineTemplate')) {
      expect(machines.spec.template.spec).toEqual({
        backend: { docker: { customImage: image, extraMounts: [SOCKET] } },
      });
    }
    const cluster = created.find((o) => o.kind === 'DevCluster') as PlannedObject & { spec: unknown };
    expect(cluster.spec).toEqual({ backend: { docker: {} } });
  });

  test('GIVEN the defaults example WHEN planned THEN each DevMachineTemplate runs the pinned image and mounts nothing', () => {
    // GIVEN / WHEN
    const created = planned('defaults');

    // THEN
    const machines = created.filter((o) => o.kind === 'DevMachineTemplate');
    expect(machines).toHaveLength(2);
    for (const m of machines) {
      expect(m.spec.template.spec).toEqual({ backend: { docker: { customImage: IMAGE, extraMounts: [] } } });
    }
  });
});
