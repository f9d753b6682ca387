import { CapiVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { renderClassFor } from './class-rendering';
import { asV1beta2Cluster } from './cluster-v1beta2';
import { buildTopologyPlan } from './topology-plan-build';
import { upgradePlanV1beta2 } from './upgrade-plan-v1beta2';

// The v1beta2 renderings of docker/scs 1.34 and 1.35, two runs of CAPI v1.14's topology engine (topology-plan).
const NAMESPACE = 'cluster-stacks';
const from = dockerScsStack('1.34');
const to = dockerScsStack('1.35');

jest.setTimeout(120_000);
beforeAll(() => buildTopologyPlan());

function defaultsOn(className: string) {
  return asV1beta2Cluster(
    from.examples[0].render({ className, namespace: NAMESPACE, kubernetesVersion: from.kubernetesVersion }),
  );
}

describe('upgrade dry run, v1beta2', () => {
  test('GIVEN a healthy v1beta2 1.34 Cluster WHEN moved to the 1.35 class and version THEN CAPI rolls the control plane first, onto a new machine template', () => {
    // GIVEN
    const old = renderClassFor(from, CapiVersion.V1BETA2, NAMESPACE);
    const next = renderClassFor(to, CapiVersion.V1BETA2, NAMESPACE);

    // WHEN
    const result = upgradePlanV1beta2(old.manifests, next.manifests, defaultsOn(old.className), {
      className: next.className,
      version: 'v1.35.1',
    });

    // THEN
    if (!result.ok) throw new Error(result.error);
    const kcp = result.after.modified.find((o) => o.kind === 'KubeadmControlPlane') as unknown as {
      apiVersion: string;
      spec: { version: string; machineTemplate: { spec: { infrastructureRef: { name: string } } } };
      metadata: { annotations: Record<string, string> };
    };
    expect(kcp.apiVersion).toBe('controlplane.cluster.x-k8s.io/v1beta2');
    expect(kcp.spec.version).toBe('v1.35.1');
    expect(kcp.metadata.annotations['cluster.x-k8s.io/cloned-from-name']).toBe(
      `${next.className}-control-plane`,
    );
    const created = result.after.created as unknown as {
      kind: string;
      metadata: { name: string };
      spec: { template: { spec: { backend: { docker: { customImage: string } } } } };
    }[];
    // The v1beta2 rendering's machine templates are CAPD's Dev* kind, the image below backend.docker.
    expect(created.map((o) => o.kind)).toEqual(['DevMachineTemplate']);
    expect(created[0].spec.template.spec.backend.docker.customImage).toBe(
      'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
    );
    expect(kcp.spec.machineTemplate.spec.infrastructureRef.name).toBe(created[0].metadata.name);
    // Workers follow only after the control plane has rolled out.
    expect(result.after.modified.map((o) => o.kind).sort()).toEqual([
      'Cluster',
      'DevCluster',
      'DevMachineTemplate',
      'KubeadmConfigTemplate',
      'KubeadmControlPlane',
    ]);
  });

  test('GIVEN a new v1beta2 class with a required variable the Cluster does not set WHEN moved THEN CAPI rejects the Cluster', () => {
    // GIVEN
    const old = renderClassFor(from, CapiVersion.V1BETA2, NAMESPACE);
    const stricter = dockerScsStack('1.35');
    stricter.clusterClass.addVariable({
      name: 'mustSet',
      required: true,
      schema: { type: 'string', description: 'A new required setting.' },
    });
    const next = renderClassFor(stricter, CapiVersion.V1BETA2, NAMESPACE);

    // WHEN
    const result = upgradePlanV1beta2(old.manifests, next.manifests, defaultsOn(old.className), {
      className: next.className,
      version: 'v1.35.1',
    });

    // THEN
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(
      'spec.topology.variables: Required value: required variable "mustSet" must be set',
    );
  });
});
