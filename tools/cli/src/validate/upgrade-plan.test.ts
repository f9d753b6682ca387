import { KubernetesVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { releaseInTempDir } from '../commands';
import { VALIDATION_NAMESPACE } from './index';
import { renderRelease, RenderedRelease } from './render-release';
import { upgradePlan } from './upgrade-plan';

// Real pipeline for two minors of docker/scs: releases, `helm template` as CSO, two clusterctl dry runs.
const from = dockerScsStack('1.34');
const to = dockerScsStack('1.35');
const releases = [releaseInTempDir(from), releaseInTempDir(to)];
let old: RenderedRelease;
let next: RenderedRelease;

beforeAll(() => {
  old = renderRelease(releases[0].dir, VALIDATION_NAMESPACE);
  next = renderRelease(releases[1].dir, VALIDATION_NAMESPACE);
});
afterAll(() => releases.forEach((r) => r.cleanup()));

function defaultsOn(className: string, version: KubernetesVersion) {
  return from.examples[0].render({ className, namespace: VALIDATION_NAMESPACE, kubernetesVersion: version });
}

describe('upgrade dry run', () => {
  test('GIVEN a healthy 1.34 Cluster WHEN moved to the 1.35 class and version THEN CAPI rolls the control plane first, onto the new templates', () => {
    const result = upgradePlan(
      old.classManifests,
      next.classManifests,
      defaultsOn(old.clusterClassName, from.kubernetesVersion),
      {
        className: next.clusterClassName,
        version: 'v1.35.1',
      },
    );
    if (!result.ok) throw new Error(result.error);
    const kcp = result.after.modified.find((o) => o.kind === 'KubeadmControlPlane') as unknown as {
      spec: { version: string };
      metadata: { annotations: Record<string, string> };
    };
    expect(kcp.spec.version).toBe('v1.35.1');
    expect(kcp.metadata.annotations['cluster.x-k8s.io/cloned-from-name']).toBe(
      `${next.clusterClassName}-control-plane`,
    );
    const machines = result.after.created.filter((o) => o.kind === 'DockerMachineTemplate') as unknown as {
      spec: { template: { spec: { customImage: string } } };
    }[];
    expect(machines.map((m) => m.spec.template.spec.customImage)).toEqual([
      'kindest/node:v1.35.1@sha256:05d7bcdefbda08b4e038f644c4df690cdac3fba8b06f8289f30e10026720a1ab',
    ]);
    // Workers follow only after the control plane has finished its rollout.
    expect(result.after.modified.map((o) => o.kind)).not.toContain('MachineDeployment');
  });

  test('GIVEN a new class with a required variable the Cluster does not set WHEN moved THEN CAPI rejects the Cluster', () => {
    const stricter = dockerScsStack('1.35');
    stricter.clusterClass.addVariable({
      name: 'mustSet',
      required: true,
      schema: { type: 'string', description: 'A new required setting.' },
    });
    const release = releaseInTempDir(stricter);
    try {
      const target = renderRelease(release.dir, VALIDATION_NAMESPACE);
      const result = upgradePlan(
        old.classManifests,
        target.classManifests,
        defaultsOn(old.clusterClassName, from.kubernetesVersion),
        {
          className: target.clusterClassName,
          version: 'v1.35.1',
        },
      );
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toContain(
        'spec.topology.variables: Required value: required variable "mustSet" must be set',
      );
    } finally {
      release.cleanup();
    }
  });
});
