import { CapiVersion, stableYaml, StackVersion, synthesizeStack } from '@cluster-stacks/core';
import { checkRelease } from '@cluster-stacks/release-check';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { releaseInTempDir } from '../commands';
import { buildRelease, withChartVersion } from '../package/release';
import { evaluate, formatReport, policyInput, stackExemptions } from '../policy/evaluate';
import { loadStack } from '../project';
import { readTree, writeDirAtomically, writeFileAtomically } from '../util/files';
import { releaseVersions, versionProblems } from '../versioning/commands';
import { helmLint, helmTemplateClusterClass } from './helm';
import { kubeconform } from './kubeconform';
import { Release, VALIDATION_NAMESPACE } from './release';
import { renderRelease, REQUIRE_CHART_REPOSITORIES } from './render-release';
import { scsStandards } from './scs-standards';
import { PlannedObject, topologyPlan } from './topology-plan';
import { upgradePlan } from './upgrade-plan';
import { dualDryRunTier, upgradeDryRunV1beta2Tier } from './v1beta2-tiers';

/** What a tier may run besides TypeScript: installed tools (`.tools/bin`) and the Kubernetes schemas of the minor. */
export const NEEDS = [
  'cso-render',
  'helm',
  'kubeconform',
  'clusterctl',
  'topology-plan',
  'kubernetes-schemas',
] as const;

/** One of {@link NEEDS}. */
export type Need = (typeof NEEDS)[number];

/** A tier that could not run here for a stated reason outside the project (reported as BLOCKED). */
export class Blocked {
  public constructor(public readonly detail: string) {}
}

/** One named validation tier: a function of the release that returns what it checked, or throws what failed. */
export interface Tier {
  /** Stable key of the tier (`kubeconform-class`, …). */
  readonly id: string;
  /** The tier's line in the report. */
  readonly title: (release: Release) => string;
  /** What it runs besides TypeScript. */
  readonly needs: readonly Need[];
  /** Whether the tier applies to the release, judged from its inputs alone. @default - always */
  readonly appliesTo?: (release: Release) => boolean;
  /** Runs the tier: a one-line summary of what holds, a {@link Blocked}, or an error saying what failed. */
  readonly run: (release: Release) => string | Blocked;
}

function sha256(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Differences between two file trees, as `path: reason` lines. */
export function treeDifferences(expected: Map<string, Buffer>, actual: Map<string, Buffer>): string[] {
  const names = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return names.flatMap((name) => {
    const e = expected.get(name);
    const a = actual.get(name);
    if (!e) return [`${name}: not expected`];
    if (!a) return [`${name}: missing`];
    return sha256(e) === sha256(a) ? [] : [`${name}: content differs`];
  });
}

function docs(manifests: string): Record<string, unknown>[] {
  return parseAllDocuments(manifests)
    .map((d) => d.toJS() as Record<string, unknown> | null)
    .filter((d): d is Record<string, unknown> => d !== null);
}

function schemaDetail(result: {
  valid: number;
  findings: { resource: string; status: string; message: string }[];
}): string {
  if (result.findings.length > 0)
    throw new Error(result.findings.map((f) => `${f.resource}: ${f.status} ${f.message}`).join('\n'));
  return `${result.valid} resources valid`;
}

/** The rendered output in dist/synth is what `<project>/rendered` commits. */
export function renderedOutputCommitted(release: Release): string {
  const differences = treeDifferences(
    readTree(release.synthDir),
    fs.existsSync(release.renderedDir) ? readTree(release.renderedDir) : new Map(),
  );
  if (differences.length > 0)
    throw new Error(
      `${release.project.root}/rendered is stale; run "npm run render" and commit:\n${differences.join('\n')}`,
    );
  return 'matches dist/synth';
}

/** Every rule of the release contract holds (tools/release-check, one function per rule). */
export function releaseConformance(release: Release): string {
  const findings = checkRelease(release.dir);
  if (findings.length > 0)
    throw new Error(findings.map((f) => `rule ${f.rule} ${f.severity}: ${f.message}`).join('\n'));
  return 'rules 1-17 hold';
}

/** The charts lint strictly and render as CSO renders them, with exactly the one ClusterClass. */
export function helmRendersAsCso(release: Release): string {
  const rendered = release.rendered();
  const classes = docs(rendered.classManifests).filter((d) => d.kind === 'ClusterClass');
  const names = classes.map((c) => (c.metadata as { name: string }).name);
  if (names.length !== 1 || names[0] !== rendered.clusterClassName) {
    throw new Error(
      `expected one ClusterClass named ${rendered.clusterClassName}, rendered: ${names.join(', ') || 'none'}`,
    );
  }
  return `ClusterClass ${names[0]}; ${rendered.addons.length} addon stages rendered`;
}

/** Addon stages that wrap an upstream chart render here, or are BLOCKED when its repository cannot be reached. */
export function upstreamCharts(release: Release): string | Blocked {
  const rendered = release.rendered();
  if (rendered.blocked.length === 0) return `every addon stage rendered (${rendered.addons.length} stages)`;
  return new Blocked(
    rendered.blocked
      .map(
        (b) =>
          `stage ${b.stage} needs ${b.charts.join(', ')} (${b.reason}); set ${REQUIRE_CHART_REPOSITORIES}=true where the repository is reachable, or ship the pinned chart with --vendor-charts`,
      )
      .join('\n'),
  );
}

/** The rendered ClusterClass and its templates are valid against the CRD and Kubernetes schemas. */
export function kubeconformClass(release: Release): string {
  return schemaDetail(kubeconform(release.root, release.rendered().classManifests, release.minor));
}

/** The rendered addon manifests are valid against the CRD and Kubernetes schemas. */
export function kubeconformAddons(release: Release): string {
  const manifests = release
    .rendered()
    .addons.map((a) => a.manifests)
    .join('\n---\n');
  return schemaDetail(kubeconform(release.root, manifests, release.minor));
}

/** The chart version of renders that are checked but never released. */
const CHECK_VERSION = StackVersion.parseDotted('v0-check.1');

/** The stack's ClusterClass rendered for another CAPI version lints and validates as well. */
export function otherCapiVersion(capi: CapiVersion): (release: Release) => string {
  return (release) => {
    const stack = loadStack(release.project, release.root);
    const files = new Map<string, string>();
    for (const [name, content] of synthesizeStack(stack, capi).files) {
      if (!name.startsWith('cluster-class/')) continue;
      const rel = name.slice('cluster-class/'.length);
      files.set(rel, rel === 'Chart.yaml' ? withChartVersion(content, CHECK_VERSION) : content);
    }
    const chartDir = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), `${release.project.name}-${capi.version}-`)),
      stack.names.clusterClassChartName,
    );
    try {
      writeDirAtomically(chartDir, files);
      helmLint(chartDir);
      const manifests = helmTemplateClusterClass(
        path.dirname(chartDir),
        path.basename(chartDir),
        stack.names.helmReleaseName,
        VALIDATION_NAMESPACE,
      );
      return `${capi.version}: ${schemaDetail(kubeconform(release.root, manifests, release.minor))}`;
    } finally {
      fs.rmSync(path.dirname(chartDir), { recursive: true, force: true });
    }
  };
}

/** The objects `clusterctl alpha topology plan` creates for each example Cluster, by example name. */
export function examplePlans(release: Release): ReadonlyMap<string, readonly PlannedObject[]> {
  const { stack } = release;
  const rendered = release.rendered();
  if (stack.capiVersion !== CapiVersion.V1BETA1) throw new Error('the dry run needs the v1beta1 rendering');
  const plans = new Map<string, readonly PlannedObject[]>();
  for (const example of stack.examples) {
    const cluster = example.render({
      className: rendered.clusterClassName,
      namespace: VALIDATION_NAMESPACE,
      kubernetesVersion: stack.kubernetesVersion,
    });
    const plan = topologyPlan(rendered.classManifests, stableYaml(cluster));
    if (!plan.ok) throw new Error(`example ${example.props.name}: ${plan.error}`);
    plans.set(example.props.name, plan.created);
  }
  return plans;
}

/** Every example Cluster (at least two) gets its topology from the ClusterClass. */
export function topologyDryRun(release: Release): string {
  const plans = release.plans(examplePlans);
  if (plans.size < 2) throw new Error(`a stack needs at least two example Clusters, found ${plans.size}`);
  return [...plans].map(([name, created]) => `${name}: ${created.length} objects`).join('; ');
}

/** A Cluster of the previous minor's release moves to this release's class and version. */
export function upgradeDryRun(release: Release): string {
  const previous = release.previous;
  if (!previous) throw new Error('no previous minor');
  const rendered = release.rendered();
  const from = loadStack(previous, release.root);
  const old = releaseInTempDir(from);
  try {
    const oldRendered = renderRelease(old.dir, VALIDATION_NAMESPACE);
    const example = from.examples.find((e) => e.props.name === 'defaults') ?? from.examples[0];
    const cluster = example.render({
      className: oldRendered.clusterClassName,
      namespace: VALIDATION_NAMESPACE,
      kubernetesVersion: from.kubernetesVersion,
    });
    const to = { className: rendered.clusterClassName, version: release.stack.kubernetesVersion.semver };
    const result = upgradePlan(oldRendered.classManifests, rendered.classManifests, cluster, to);
    if (!result.ok) throw new Error(result.error);
    const kcp = result.after.modified.find((o) => o.kind === 'KubeadmControlPlane') as
      { spec: { version: string }; metadata: { annotations?: Record<string, string> } } | undefined;
    if (!kcp) throw new Error('the upgrade does not change the control plane');
    if (kcp.spec.version !== to.version)
      throw new Error(`the control plane stays at ${kcp.spec.version}, expected ${to.version}`);
    const clonedFrom = kcp.metadata.annotations?.['cluster.x-k8s.io/cloned-from-name'] ?? '';
    if (!clonedFrom.startsWith(`${to.className}-`))
      throw new Error(`the control plane is still cloned from ${clonedFrom}`);
    return `${from.kubernetesVersion.semver} → ${to.version}: control plane moves to ${to.version} with ${to.className}'s templates; ${result.after.created.length} objects created, ${result.after.modified.length} modified`;
  } finally {
    old.cleanup();
  }
}

/** The CIS-modelled controls hold on the objects CAPI generates for the "defaults" example. */
export function hardeningPolicy(release: Release): string {
  const created = release.plans(examplePlans).get('defaults');
  if (!created) throw new Error('needs the dry run of the "defaults" example');
  const results = evaluate(
    policyInput([...created], release.stack.bootstrapKubeletFlags),
    stackExemptions(release.stack),
  );
  writeFileAtomically(path.join(release.reportsDir, 'policy.json'), JSON.stringify(results, null, 2) + '\n');
  const report = formatReport(release.project.name, results);
  if (results.some((r) => r.status === 'fail')) throw new Error(report);
  return report.split('\n')[0].replace(`${release.project.name}: `, '');
}

/** versions.lock.json records the rendered output under the packaged tag. */
export function versionLock(release: Release): string {
  const problems = versionProblems(release.project, readTree(release.synthDir), { root: release.root });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return `${release.tag} recorded in versions.lock.json`;
}

/** Building the release again from the stack gives the same tag and the same bytes. */
export function deterministicRebuild(release: Release): string {
  const tree = new Map(synthesizeStack(release.stack).files);
  const mode = release.tag.includes('-v0-sha-') ? 'hash' : 'stable';
  const rebuilt = buildRelease(tree, releaseVersions(release.project, tree, mode, release.root));
  if (rebuilt.tag !== release.tag)
    throw new Error(`rebuilding gave ${rebuilt.tag}, the packaged release is ${release.tag}`);
  const differences = treeDifferences(rebuilt.files, readTree(release.dir));
  if (differences.length > 0) throw new Error(differences.join('\n'));
  return `${rebuilt.files.size} files byte-identical (sha256)`;
}

const fixed = (title: string) => () => title;

/** The validation tiers, in report order. */
export const TIERS: readonly Tier[] = [
  { id: 'rendered', title: fixed('rendered output committed'), needs: [], run: renderedOutputCommitted },
  {
    id: 'release-conformance',
    title: fixed('release conformance (contract §2.4)'),
    needs: ['cso-render'],
    run: releaseConformance,
  },
  {
    id: 'helm',
    title: fixed('helm lint --strict + helm template as CSO'),
    needs: ['helm'],
    run: helmRendersAsCso,
  },
  {
    id: 'upstream-charts',
    title: fixed('upstream charts of addon stages'),
    needs: ['helm'],
    run: upstreamCharts,
  },
  {
    id: 'kubeconform-class',
    title: fixed('kubeconform -strict: cluster-class'),
    needs: ['helm', 'kubeconform', 'kubernetes-schemas'],
    run: kubeconformClass,
  },
  {
    id: 'kubeconform-addons',
    title: fixed('kubeconform -strict: addons'),
    needs: ['helm', 'kubeconform', 'kubernetes-schemas'],
    run: kubeconformAddons,
  },
  ...CapiVersion.ALL.map((capi): Tier => ({
    id: `capi-${capi.version}`,
    title: fixed(`render for CAPI ${capi.version}`),
    needs: ['helm', 'kubeconform', 'kubernetes-schemas'],
    appliesTo: (release) => release.stack.capiVersion !== capi,
    run: otherCapiVersion(capi),
  })),
  {
    id: 'topology',
    title: fixed('topology dry run (clusterctl alpha topology plan)'),
    needs: ['helm', 'clusterctl'],
    run: topologyDryRun,
  },
  {
    id: 'upgrade',
    title: (release) => `upgrade dry run from ${release.previous?.name} (class and version switch)`,
    needs: ['helm', 'clusterctl'],
    appliesTo: (release) => release.previous !== undefined,
    run: upgradeDryRun,
  },
  {
    id: 'topology-v1beta1-v1beta2',
    title: fixed('topology dry run of v1beta1 and v1beta2 (CAPI v1.14 topology engine)'),
    needs: ['helm', 'topology-plan'],
    run: (release) => dualDryRunTier(release.stack, VALIDATION_NAMESPACE),
  },
  {
    id: 'upgrade-v1beta2',
    title: (release) =>
      `upgrade dry run from ${release.previous?.name}, v1beta2 (CAPI v1.14 topology engine)`,
    needs: ['helm', 'topology-plan'],
    appliesTo: (release) => release.previous !== undefined,
    run: (release) =>
      upgradeDryRunV1beta2Tier(
        loadStack(release.previous!, release.root),
        release.stack,
        VALIDATION_NAMESPACE,
      ),
  },
  {
    id: 'hardening-policy',
    title: fixed('hardening policy (CIS-modelled controls on the generated objects)'),
    needs: ['helm', 'clusterctl'],
    run: hardeningPolicy,
  },
  {
    id: 'scs-standards',
    title: fixed('SCS KaaS standards (scs-0210-v2, scs-0214-v2, scs-0219-v1), clause by clause'),
    needs: [],
    run: scsStandards,
  },
  {
    id: 'version-lock',
    title: fixed('version lock matches the rendered output'),
    needs: [],
    run: versionLock,
  },
  { id: 'rebuild', title: fixed('deterministic rebuild'), needs: [], run: deterministicRebuild },
];

/** The outcome of one validation tier. `blocked`: could not run here for a stated reason outside the project. */
export interface TierResult {
  readonly tier: string;
  readonly ok: boolean;
  readonly blocked?: boolean;
  readonly detail: string;
  readonly ms: number;
}

/** Runs the tiers that apply to the release, in table order; a failing tier does not stop the next. */
export function runTiers(release: Release, tiers: readonly Tier[] = TIERS): TierResult[] {
  return tiers
    .filter((tier) => tier.appliesTo?.(release) ?? true)
    .map((tier) => {
      const start = Date.now();
      const name = tier.title(release);
      try {
        const outcome = tier.run(release);
        return outcome instanceof Blocked
          ? { tier: name, ok: true, blocked: true, detail: outcome.detail, ms: Date.now() - start }
          : { tier: name, ok: true, detail: outcome, ms: Date.now() - start };
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { tier: name, ok: false, detail, ms: Date.now() - start };
      }
    });
}
