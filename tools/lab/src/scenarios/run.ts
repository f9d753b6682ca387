// `lab test --stack <project>`: the scenarios of a docker stack on the lab's management cluster,
// through the e2e driver (tools/e2e) with CSO's part done by the operator image when one is
// supplied, else by the driver (scenarios/cso-emulator.ts). Each scenario writes JUnit and
// Markdown with a timeline into dist/lab/<run>/.
import { allProjects, loadStack, stackExemptions } from '@cluster-stacks/cli';
import { KubernetesVersion } from '@cluster-stacks/core';
import {
  loadClientFactory,
  buildPlan,
  executePlan,
  readRelease,
  workloadAccess,
  type KubeObject,
  type Plan,
  type ReleaseInfo,
  type RunResult,
} from '@cluster-stacks/e2e';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuiltComponent } from '../build/world';
import {
  buildLabRelease,
  buildLabReleaseAt,
  labReleasesDir,
  type ReleaseChange,
} from '../release/lab-release';
import { check, isFailure, writeReports, type CaseResult } from '../report/report';
import type { Management } from '../up/management';
import { added, readState, updateState } from '../state';
import { LabError } from '../util/errors';
import { run } from '../util/exec';
import { labOutputDir } from '../util/paths';
import { csoEmulator } from './cso-emulator';
import { restartCso } from '../up/cso';
import { WORKLOAD_IMAGE } from '../recipes/workload';
import { LIVE_CHECKS, type LiveContext } from './hardening-live';
import { comparePolicy, policySummary } from './policy-live';
import { labImageVariables, VARIABLE_CHECKS, withVariables } from './all-variables';
import { auditLogged, encryptedInEtcd } from './hardening-live';
import { labMinors } from '../recipes/minors';
import { nodeImageRef } from '../recipes/node';
import { Pins } from '../pins';
import { collectDiagnostics } from './diagnostics';
import { RESTRICTED_CONTAINER, RESTRICTED_POD, workloadCluster } from './workload';
import { hostKernelConfig, SCS_LIVE_CHECKS } from './scs-live';
import { keyKeptOnUpgrade, ROTATION_STEPS, rotationState, workerTokenRefused } from './encryption-live';
import { pushToLabRegistry, startLabRegistry } from './lab-registry';
import { CREDENTIALS_SECRET, credentialsSecret, mirrorVariables, PROBE_REPOSITORY } from './mirror';
import { MIRROR_CHECKS, type MirrorContext } from './mirror-live';

export const SCENARIOS = [
  'create',
  'ready',
  'hardening',
  'scs',
  'rotation',
  'upgrade-patch',
  'upgrade-minor',
  'upgrade-from',
  'delete',
  'mirror',
] as const;
export type ScenarioName = (typeof SCENARIOS)[number];
/** Scenarios that run only when --scenarios names them: each adds a Cluster of its own (minutes). */
export const OPT_IN_SCENARIOS: readonly ScenarioName[] = ['mirror'];
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = SCENARIOS.filter(
  (s) => !OPT_IN_SCENARIOS.includes(s),
);

export interface ScenarioInput {
  readonly stack: string;
  readonly scenarios: readonly ScenarioName[];
  readonly world: readonly BuiltComponent[];
  readonly management: Management;
  readonly runDir: string;
  readonly log: (line: string) => void;
  /** The git revision whose committed release the upgrade-from scenario starts from. */
  readonly fromRev?: string;
  /** The change that makes the patch release v(n+1) of the stack. */
  readonly patchChange: ReleaseChange;
  /** A deliberate breakage of the release under test, in the lab's scratch copy. @default - none */
  readonly breakage?: ReleaseChange;
}

/** Lab images a lab release may use, from the built world. */
export function availableImages(
  world: readonly BuiltComponent[],
): { ref: string; origin: 'built' | 'supplied' }[] {
  return world.flatMap((b) =>
    b.component.kind === 'image' &&
    (b.component.id.startsWith('node-') ||
      b.component.id === 'metrics-server' ||
      b.component.id === 'supplied-images')
      ? Object.keys(b.meta.images).map((ref) => ({
          ref,
          origin: b.component.id === 'supplied-images' ? ('supplied' as const) : ('built' as const),
        }))
      : [],
  );
}

function previousMinorProject(stack: string): string {
  const m = /^(.*-1-)(\d+)$/.exec(stack);
  if (m === null) throw new LabError(`${stack} does not end in a Kubernetes minor such as -1-35`);
  return `${m[1]}${Number(m[2]) - 1}`;
}

function renderer(stack: string, example: string, namespace: string): (release: ReleaseInfo) => KubeObject {
  const project = allProjects().find((p) => p.name === stack)!;
  const found = loadStack(project).examples.find((e) => e.props.name === example);
  if (found === undefined) throw new LabError(`${stack} has no example Cluster "${example}"`);
  return (release) =>
    found.render({
      className: release.clusterClass,
      namespace,
      kubernetesVersion: KubernetesVersion.of(release.kubernetesVersion),
    }) as unknown as KubeObject;
}

async function runPlan(plan: Plan, input: ScenarioInput, name: string): Promise<RunResult> {
  if (input.management.cso === 'operator') {
    await restartCso(input.management.kubectl, input.management.kubeconfig);
    input.log(`${name}: the Cluster Stack Operator restarted, so it reads the releases written so far`);
  }
  const factory = await loadClientFactory(input.management.kubeconfig);
  const context = { management: factory.management, workload: workloadAccess(factory) };
  updateState((s) => ({ ...s, workloadClusters: added(s.workloadClusters, plan.cluster) }));
  const result = await executePlan(plan, context, {
    stack: input.stack,
    clock: { now: () => Date.now(), sleep: (ms: number) => new Promise((r) => setTimeout(r, ms)) },
    pollIntervalMs: 5000,
    timeoutMs: 60 * 60 * 1000,
    log: (line) => input.log(`${name}: ${line}`),
    csoEmulator: csoEmulator({
      kubectl: input.management.kubectl,
      managementKubeconfig: input.management.kubeconfig,
      releasesDir: labReleasesDir(),
      workDir: input.runDir,
    }),
  });
  writeFileSync(join(input.runDir, `${name}-e2e.json`), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

/** e2e steps as report cases. */
function stepCases(prefix: string, result: RunResult): CaseResult[] {
  let t = Date.parse(result.startedAt);
  return result.steps.map((s) => {
    const c: CaseResult = {
      name: `${prefix}: ${s.title}`,
      passed: s.status === 'passed',
      seconds: s.durationMs / 1000,
      detail: s.status === 'skipped' ? 'skipped: an earlier step failed' : s.detail,
      startedAt: new Date(t).toISOString(),
    };
    t += s.durationMs;
    return c;
  });
}

async function dnsResolves(
  input: ScenarioInput,
  namespace: string,
  cluster: string,
  kubeProxyImage: string,
): Promise<string> {
  const w = await workloadCluster(
    input.management.kubectl,
    input.management.kubeconfig,
    namespace,
    cluster,
    input.runDir,
  );
  const pod = `lab-dns-${Date.now().toString(36)}`;
  const spec = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: pod, namespace: 'default' },
    spec: {
      restartPolicy: 'Never',
      ...RESTRICTED_POD,
      containers: [
        {
          name: 'dns',
          image: kubeProxyImage,
          command: ['getent', 'hosts', 'kubernetes.default.svc.cluster.local'],
          ...RESTRICTED_CONTAINER,
        },
      ],
    },
  };
  await w.kubectl(['apply', '-f', '-'], JSON.stringify(spec));
  try {
    await w.kubectl([
      'wait',
      '--for=jsonpath={.status.phase}=Succeeded',
      `pod/${pod}`,
      '-n',
      'default',
      '--timeout=180s',
    ]);
    const logs = (await w.kubectl(['logs', pod, '-n', 'default'])).stdout.trim();
    const svc = (
      await w.kubectl(['get', 'svc', 'kubernetes', '-n', 'default', '-o', 'jsonpath={.spec.clusterIP}'])
    ).stdout.trim();
    if (!logs.startsWith(svc))
      throw new LabError(`kubernetes.default resolved to "${logs}", the Service has ${svc}`);
    return `a Pod resolved kubernetes.default.svc.cluster.local to ${svc} through CoreDNS`;
  } finally {
    await w.kubectl(['delete', 'pod', pod, '-n', 'default', '--wait=false'], undefined, [0, 1]);
  }
}

async function deleteCluster(input: ScenarioInput, namespace: string, cluster: string): Promise<string> {
  const mgmt = (args: string[], okCodes?: number[]) =>
    run(input.management.kubectl, ['--kubeconfig', input.management.kubeconfig, ...args], { okCodes });
  await mgmt(['delete', 'cluster.cluster.x-k8s.io', cluster, '-n', namespace, '--timeout=600s']);
  const machines = (
    await mgmt([
      'get',
      'machines.cluster.x-k8s.io',
      '-n',
      namespace,
      '-l',
      `cluster.x-k8s.io/cluster-name=${cluster}`,
      '-o',
      'name',
    ])
  ).stdout.trim();
  if (machines !== '')
    throw new LabError(`Machines left after deleting ${cluster}: ${machines.replace(/\n/g, ', ')}`);
  const containers = (
    await run('docker', ['ps', '-aq', '--filter', `label=io.x-k8s.kind.cluster=${cluster}`])
  ).stdout.trim();
  if (containers !== '')
    throw new LabError(`containers of ${cluster} left: ${containers.split('\n').length}`);
  const left = (
    await mgmt([
      'get',
      'dockermachines,dockerclusters,kubeadmcontrolplanes,machinedeployments,secrets',
      '-n',
      namespace,
      '-o',
      'name',
    ])
  ).stdout
    .split('\n')
    .filter((l) => l !== '' && !l.includes('default-token') && !l.startsWith('secret/sh.helm'));
  if (left.length > 0) throw new LabError(`objects left in ${namespace}: ${left.join(', ')}`);
  // A namespace still terminating would swallow the next run's objects: wait until it is gone.
  await mgmt(['delete', 'namespace', namespace, '--wait=true', '--timeout=300s']);
  return `Cluster ${cluster}, its Machines, containers and objects are gone`;
}

/** Runs the selected scenarios; returns every case for the run's report. */
export async function runScenarios(input: ScenarioInput): Promise<CaseResult[]> {
  mkdirSync(input.runDir, { recursive: true });
  const cases: CaseResult[] = [];
  const available = availableImages(input.world);
  const current = buildLabRelease(input.stack, available, input.breakage);
  if (input.breakage !== undefined)
    input.log(`release under test broken on purpose: ${input.breakage.description}`);
  const to = readRelease(labReleasesDir(), current.tag);
  const log = input.log;
  const wants = (s: ScenarioName) => input.scenarios.includes(s);
  const kubeProxyImage = `registry.k8s.io/kube-proxy:${to.kubernetesVersion}`;
  const etcdDir = input.world.find((b) => b.component.id.startsWith('etcd-'))!.dir;
  writeFileSync(join(input.runDir, 'image-map.json'), `${JSON.stringify(current.imageMap, null, 2)}\n`);

  // A scenario that cannot go on (a release it needs cannot be built, a command fails) is a failed case
  // of the report, and the other scenarios still run.
  const guarded = async (scenario: string, body: () => Promise<void>) => {
    try {
      await body();
    } catch (e) {
      cases.push({
        name: `${scenario}: the scenario could not go on`,
        passed: false,
        seconds: 0,
        detail: e instanceof Error ? e.message : String(e),
        startedAt: new Date().toISOString(),
      });
      input.log(`FAIL ${scenario}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const management = (args: string[]) =>
    run(input.management.kubectl, ['--kubeconfig', input.management.kubeconfig, ...args]);
  /** What the live checks of a running Cluster need: its kubectl, its nodes, etcdctl and a run id. */
  const liveContext = async (namespace: string, cluster: string): Promise<LiveContext> => {
    const w = await workloadCluster(
      input.management.kubectl,
      input.management.kubeconfig,
      namespace,
      cluster,
      input.runDir,
    );
    const nodes = await w.nodes();
    return {
      cluster: w,
      controlPlane: nodes.controlPlane,
      workers: nodes.workers,
      etcdctl: join(etcdDir, 'bin', 'etcdctl'),
      runId: Date.now().toString(36),
      management,
    };
  };

  /** The plan that creates the `defaults` Cluster on one release, starts a workload and upgrades it. */
  const upgradePlan = (ns: string, from: ReleaseInfo, target: ReleaseInfo = to): Plan =>
    buildPlan({
      namespace: ns,
      from,
      to: target,
      renderCluster: renderer(input.stack, 'defaults', ns),
      cso: input.management.cso,
      workload: { image: WORKLOAD_IMAGE },
    });

  /** Deletes a Cluster of the run as a case of its own: `<label> Cluster <name>`. */
  const checkDeleted = (label: string, namespace: string, cluster: string) =>
    check(cases, `${label} Cluster ${cluster}`, () => deleteCluster(input, namespace, cluster), log);

  /** The key rotation of docs/encryption-at-rest.md; the steps build on each other, so the first failure ends it. */
  const rotate = async (label: string, ctx: LiveContext) => {
    const state = rotationState(ctx, log);
    for (const step of ROTATION_STEPS)
      if (!(await check(cases, `${label}: ${step.name}`, () => step.run(state), log))) break;
  };

  // Collected once, at the first failure, before any delete removes the evidence.
  let diagnosed = false;
  const diagnoseIfFailed = async () => {
    if (diagnosed || !cases.some(isFailure)) return;
    diagnosed = true;
    const where = await collectDiagnostics(
      input.runDir,
      input.management.kubectl,
      input.management.kubeconfig,
      readState().workloadClusters,
    );
    log(`diagnostics: ${where}`);
  };

  const createNs = 'lab-create';
  if (['create', 'ready', 'hardening', 'scs', 'rotation', 'delete'].some((s) => wants(s as ScenarioName)))
    await guarded('create', async () => {
      const plan = buildPlan({
        namespace: createNs,
        to,
        renderCluster: renderer(input.stack, 'defaults', createNs),
        cso: input.management.cso,
      });
      const result = await runPlan(plan, input, 'create');
      cases.push(...stepCases('create', result));
      if (result.passed && (wants('ready') || wants('hardening'))) {
        await check(
          cases,
          'ready: CoreDNS resolves a Service name from a Pod',
          () => dnsResolves(input, createNs, plan.cluster, kubeProxyImage),
          log,
        );
      }
      if (result.passed && wants('hardening')) {
        const ctx = await liveContext(createNs, plan.cluster);
        for (const c of [...LIVE_CHECKS, workerTokenRefused])
          await check(cases, `hardening: ${c.name}`, () => c.run(ctx), log);
        const stack = loadStack(allProjects().find((p) => p.name === input.stack)!);
        await check(
          cases,
          'hardening: the policy controls on the running nodes, against the generated objects',
          async () =>
            policySummary(
              await comparePolicy({
                ...ctx,
                management,
                bootstrapKubeletFlags: stack.bootstrapKubeletFlags,
                exemptions: stackExemptions(stack),
              }),
            ),
          log,
        );
      }
      if (result.passed && wants('scs')) {
        const ctx = {
          ...(await liveContext(createNs, plan.cluster)),
          probeImage: kubeProxyImage,
          kubernetes: to.kubernetesVersion,
          kernelConfig: hostKernelConfig(),
        };
        for (const c of SCS_LIVE_CHECKS)
          await check(cases, `scs: ${c.name} [${c.clause}]`, () => c.run(ctx), log);
      }
      if (result.passed && wants('rotation')) {
        await rotate('rotation', await liveContext(createNs, plan.cluster));
      }
      await diagnoseIfFailed();
      if (wants('delete')) await checkDeleted('delete:', createNs, plan.cluster);
    });

  if (wants('create'))
    await guarded('create all-variables', async () => {
      // The second Cluster: three control-plane nodes, two workers, every variable set.
      const ns = 'lab-create-all-variables';
      const minor = labMinors(Pins.load()).find((m) => input.stack.endsWith(`-${m.minor}`));
      if (minor === undefined) throw new LabError(`no LAB_K8S pin for the minor of ${input.stack}`);
      const overrides = labImageVariables({
        etcdTag: minor.etcdTag,
        corednsTag: minor.corednsTag,
        nodeRepository: nodeImageRef(minor).split(':')[0]!,
      });
      const render = renderer(input.stack, 'all-variables', ns);
      const renderAll = (release: ReleaseInfo) => withVariables(render(release), overrides);
      const plan = buildPlan({ namespace: ns, to, renderCluster: renderAll, cso: input.management.cso });
      const result = await runPlan(plan, input, 'create-all-variables');
      cases.push(...stepCases('create all-variables', result));
      if (result.passed) {
        const rendered = renderAll(to) as unknown as {
          spec: { topology: { variables?: { name: string; value: unknown }[] } };
        };
        const variables = Object.fromEntries(
          (rendered.spec.topology.variables ?? []).map((v) => [v.name, v.value]),
        );
        const ctx = { ...(await liveContext(ns, plan.cluster)), variables };
        for (const c of [encryptedInEtcd, auditLogged, workerTokenRefused])
          await check(cases, `hardening (all-variables): ${c.name}`, () => c.run(ctx), log);
        for (const c of VARIABLE_CHECKS)
          await check(cases, `variables (all-variables): ${c.name}`, () => c.run(ctx), log);
      }
      await diagnoseIfFailed();
      if (wants('delete')) await checkDeleted('delete:', ns, plan.cluster);
    });

  if (wants('upgrade-patch'))
    await guarded('upgrade-patch', async () => {
      const next = buildLabRelease(input.stack, available, input.patchChange);
      const ns = 'lab-upgrade-patch';
      const plan = upgradePlan(ns, to, readRelease(labReleasesDir(), next.tag));
      const result = await runPlan(plan, input, 'upgrade-patch');
      cases.push(...stepCases(`upgrade-patch ${to.tag} → ${next.tag}`, result));
      await diagnoseIfFailed();
      await checkDeleted('upgrade-patch: delete', ns, plan.cluster);
    });

  if (wants('upgrade-minor'))
    await guarded('upgrade-minor', async () => {
      const previous = buildLabRelease(previousMinorProject(input.stack), available);
      const ns = 'lab-upgrade-minor';
      const plan = upgradePlan(ns, readRelease(labReleasesDir(), previous.tag));
      const result = await runPlan(plan, input, 'upgrade-minor');
      cases.push(...stepCases(`upgrade-minor ${previous.tag} → ${to.tag}`, result));
      await diagnoseIfFailed();
      await checkDeleted('upgrade-minor: delete', ns, plan.cluster);
    });
  if (wants('upgrade-from'))
    await guarded('upgrade-from', async () => {
      if (input.fromRev === undefined)
        throw new LabError(
          'the upgrade-from scenario needs --from-rev <git revision of the earlier release>',
        );
      const previous = buildLabReleaseAt(input.stack, input.fromRev, available);
      const ns = 'lab-upgrade-from';
      const plan = upgradePlan(ns, readRelease(labReleasesDir(), previous.tag));
      const result = await runPlan(plan, input, 'upgrade-from');
      cases.push(...stepCases(`upgrade-from ${previous.tag} (${input.fromRev}) → ${to.tag}`, result));
      if (result.passed) {
        const ctx = await liveContext(ns, plan.cluster);
        for (const c of [keyKeptOnUpgrade, workerTokenRefused])
          await check(cases, `upgrade-from: ${c.name}`, () => c.run(ctx), log);
        // The rotation moves a Cluster made before secretbox onto it.
        await rotate('upgrade-from rotation', ctx);
      }
      await diagnoseIfFailed();
      await checkDeleted('upgrade-from: delete', ns, plan.cluster);
    });
  if (wants('mirror'))
    await guarded('mirror', async () => {
      // The node-features Cluster pulling through the lab's own registry, behind a proxy that does not exist.
      const ns = 'lab-mirror';
      const registry = await startLabRegistry(input.world, 'kind', input.runDir);
      log(
        `mirror: lab registry ${registry.container} on ${registry.hostAddress}, ${registry.nodeAddress} for nodes`,
      );
      const tag = `probe-${Date.now().toString(36)}`;
      const digest = await pushToLabRegistry(registry, WORKLOAD_IMAGE, PROBE_REPOSITORY, tag, input.runDir);
      log(`mirror: pushed ${PROBE_REPOSITORY}:${tag} (${digest}) to the lab registry only`);
      const kubectlMgmt = (args: string[], stdin?: string) =>
        run(input.management.kubectl, ['--kubeconfig', input.management.kubeconfig, ...args], {
          input: stdin,
        });
      await kubectlMgmt(['create', 'namespace', ns, '--dry-run=client', '-o', 'yaml']).then((r) =>
        kubectlMgmt(['apply', '-f', '-'], r.stdout),
      );
      const secret = credentialsSecret(ns, registry.username, registry.password);
      await kubectlMgmt(['apply', '-f', '-'], JSON.stringify(secret));
      const render = renderer(input.stack, 'node-features', ns);
      const overrides = mirrorVariables(registry.nodeAddress);
      const renderMirror = (release: ReleaseInfo) => withVariables(render(release), overrides);
      const plan = buildPlan({ namespace: ns, to, renderCluster: renderMirror, cso: input.management.cso });
      const result = await runPlan(plan, input, 'mirror');
      cases.push(...stepCases('mirror', result));
      if (result.passed) {
        const rendered = renderMirror(to) as unknown as {
          spec: { topology: { variables?: { name: string; value: unknown }[] } };
        };
        const variables = Object.fromEntries(
          (rendered.spec.topology.variables ?? []).map((v) => [v.name, v.value]),
        ) as unknown as MirrorContext['variables'];
        const ctx = { ...(await liveContext(ns, plan.cluster)), registry, variables };
        for (const c of MIRROR_CHECKS)
          await check(cases, `mirror: ${c.name}`, () => c.run({ ...ctx, probe: { tag, digest } }), log);
      }
      await diagnoseIfFailed();
      // The lab's Secret would count as an object left behind by the Cluster.
      await kubectlMgmt(['delete', 'secret', CREDENTIALS_SECRET, '-n', ns, '--ignore-not-found']);
      await checkDeleted('mirror: delete', ns, plan.cluster);
    });

  await diagnoseIfFailed();
  const cso =
    input.management.cso === 'operator'
      ? 'CSO: the supplied operator, in local mode'
      : 'CSO: emulated by the lab (no operator supplied)';
  writeReports(input.runDir, `lab.${input.stack}`, `Lab run of ${input.stack} (${cso})`, cases);
  return cases;
}

export function newRunDir(stack: string): string {
  return join(labOutputDir(), `${stack}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
}
