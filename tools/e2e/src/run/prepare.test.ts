// Tests of preparing a run from the workspace's real stacks and freshly built releases (no cluster): the
// Cluster the e2e test creates is the stack's example, rendered for the release's class and version.
import { allProjects, loadStack, releaseInTempDir } from '@cluster-stacks/cli';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2eOptions } from '../options';
import { preparePlan, SetupError } from './prepare';

const project = allProjects().find((p) => p.name === 'docker-scs-1-35')!;
const previous = allProjects().find((p) => p.name === 'docker-scs-1-34')!;

describe('preparePlan', () => {
  let current: ReturnType<typeof releaseInTempDir>;
  let older: ReturnType<typeof releaseInTempDir>;
  beforeAll(() => {
    current = releaseInTempDir(loadStack(project));
    older = releaseInTempDir(loadStack(previous));
  });
  afterAll(() => {
    current.cleanup();
    older.cleanup();
  });

  function options(overrides: Partial<E2eOptions> = {}): E2eOptions {
    return {
      stack: 'docker-scs-1-35',
      kubeconfig: '/unused',
      releaseDir: path.dirname(current.dir),
      release: current.release.tag,
      example: 'defaults',
      namespace: 'e2e',
      timeoutMs: 3_600_000,
      pollIntervalMs: 10_000,
      reportDir: '/unused',
      dryRun: true,
      ...overrides,
    };
  }

  test('GIVEN the docker 1.35 stack and its release WHEN prepared THEN the Cluster is the defaults example on the release class', () => {
    const plan = preparePlan(options());
    const create = plan.steps.find((s) => s.kind === 'apply' && s.object.kind === 'Cluster');
    const className = current.release.names.clusterClassName(current.release.versions.clusterStack);
    expect(create?.kind === 'apply' && create.object).toEqual({
      apiVersion: 'cluster.x-k8s.io/v1beta1',
      kind: 'Cluster',
      metadata: { name: 'defaults', namespace: 'e2e' },
      spec: {
        clusterNetwork: {
          pods: { cidrBlocks: ['192.168.0.0/16'] },
          services: { cidrBlocks: ['10.128.0.0/12'] },
          serviceDomain: 'cluster.local',
        },
        topology: {
          class: className,
          version: 'v1.35.1',
          controlPlane: { replicas: 1 },
          workers: { machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 1 }] },
        },
      },
    });
    expect(plan).toMatchObject({
      scenario: 'create',
      cluster: 'defaults',
      to: { tag: current.release.tag, clusterClass: className, kubernetesVersion: 'v1.35.1' },
    });
  });

  test('GIVEN the previous minor release in another directory WHEN it is named as upgrade source THEN it must be in the release directory', () => {
    expect(() => preparePlan(options({ upgradeFrom: older.release.tag }))).toThrow(
      `release ${older.release.tag} is not in ${path.dirname(current.dir)}`,
    );
  });

  test('GIVEN the previous minor release beside it WHEN prepared as upgrade source THEN the Cluster starts on 1.34 and moves to 1.35', () => {
    fs.cpSync(older.dir, path.join(path.dirname(current.dir), older.release.tag), { recursive: true });
    const plan = preparePlan(options({ upgradeFrom: older.release.tag }));
    const clusters = plan.steps.flatMap((s) =>
      s.kind === 'apply' && s.object.kind === 'Cluster'
        ? [s.object.spec as { topology: { class: string; version: string } }]
        : [],
    );
    expect(plan.scenario).toBe('upgrade');
    expect(clusters.map((c) => `${c.topology.class} ${c.topology.version}`)).toEqual([
      `${older.release.names.clusterClassName(older.release.versions.clusterStack)} v1.34.3`,
      `${current.release.names.clusterClassName(current.release.versions.clusterStack)} v1.35.1`,
    ]);
  });

  test.each([
    [{ stack: 'docker-scs-1-99' }, /^no stack project docker-scs-1-99; the workspace has: .*docker-scs-1-35/],
    [
      { example: 'missing' },
      'docker-scs-1-35 has no example Cluster "missing"; it has: defaults, all-variables',
    ],
  ])('GIVEN %j WHEN prepared THEN a setup error explains it', (overrides, message) => {
    expect(() => preparePlan(options(overrides))).toThrow(message);
    expect(() => preparePlan(options(overrides))).toThrow(SetupError);
  });

  test('GIVEN a release of another stack WHEN prepared for docker-scs-1-35 THEN it is refused', () => {
    expect(() =>
      preparePlan(options({ releaseDir: path.dirname(older.dir), release: older.release.tag })),
    ).toThrow(`release ${older.release.tag} is not a release of docker-scs-1-35`);
  });
});
