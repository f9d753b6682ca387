import { CapiVersion, stableYaml, StackVersion, synthesizeStack } from '@cluster-stacks/core';
import { checkRelease } from '@cluster-stacks/release-check';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildRelease, withChartVersion } from '../package/release';
import { previousMinorProject, releaseVersions, versionProblems } from '../versioning/commands';
import { releaseInTempDir } from '../commands';
import { upgradePlan } from './upgrade-plan';
import { packagedTag } from '../package/packaged';
import { loadStack, outputPaths, StackProject } from '../project';
import {
  readTree,
  recoverInterruptedWrites,
  workspaceRoot,
  writeDirAtomically,
  writeFileAtomically,
} from '../util/files';
import { helmLint, helmTemplateClusterClass } from './helm';
import { kubeconform } from './kubeconform';
import { renderRelease, RenderedRelease, REQUIRE_CHART_REPOSITORIES } from './render-release';
import { PlannedObject, topologyPlan } from './topology-plan';
import { evaluate, formatReport, policyInput, stackExemptions } from '../policy/evaluate';
import { CommandError } from '../util/errors';
import { dualDryRunTier, upgradeDryRunV1beta2Tier } from './v1beta2-tiers';

/** The namespace validation renders cluster classes into (CSO uses the ClusterStack's namespace). */
export const VALIDATION_NAMESPACE = 'cluster-stacks';

/** The outcome of one validation tier. `blocked`: could not run here for a stated reason outside the project. */
export interface TierResult {
  readonly tier: string;
  readonly ok: boolean;
  readonly blocked?: boolean;
  readonly detail: string;
  readonly ms: number;
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

/** The chart version of renders that are checked but never released. */
const CHECK_VERSION = StackVersion.parseDotted('v0-check.1');

/** Renders the stack's ClusterClass for another CAPI version into a temporary chart and checks it. */
function checkOtherCapiVersion(project: StackProject, capi: CapiVersion, minor: string): string {
  const stack = loadStack(project);
  const synthesized = synthesizeStack(stack, capi);
  const files = new Map<string, string>();
  for (const [name, content] of synthesized.files) {
    if (!name.startsWith('cluster-class/')) continue;
    const rel = name.slice('cluster-class/'.length);
    files.set(rel, rel === 'Chart.yaml' ? withChartVersion(content, CHECK_VERSION) : content);
  }
  const chartDir = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), `${project.name}-${capi.version}-`)),
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
    return `${capi.version}: ${schemaDetail(kubeconform(workspaceRoot(), manifests, minor))}`;
  } finally {
    fs.rmSync(path.dirname(chartDir), { recursive: true, force: true });
  }
}

/** Runs every validation tier on a project's packaged release; prints a table and writes a JSON report. */
export async function validateProject(project: StackProject): Promise<boolean> {
  const root = workspaceRoot();
  const paths = outputPaths(project);
  recoverInterruptedWrites(paths.releases);
  const tag = packagedTag(paths.packaged);
  const releaseDir = path.join(paths.releases, tag);
  if (!fs.existsSync(releaseDir))
    throw new CommandError(`${releaseDir} does not exist: run the package target again`);
  const stack = loadStack(project);
  const minor = stack.kubernetesVersion.minorDotted;
  const results: TierResult[] = [];
  let rendered: RenderedRelease | undefined;
  const plans = new Map<string, PlannedObject[]>();

  const tier = (name: string, check: () => string) => {
    const start = Date.now();
    try {
      results.push({ tier: name, ok: true, detail: check(), ms: Date.now() - start });
    } catch (error) {
      results.push({
        tier: name,
        ok: false,
        detail: error instanceof Error ? error.message : String(error),
        ms: Date.now() - start,
      });
    }
  };

  tier('rendered output committed', () => {
    const differences = treeDifferences(
      readTree(paths.synth),
      fs.existsSync(paths.rendered) ? readTree(paths.rendered) : new Map(),
    );
    if (differences.length > 0)
      throw new Error(
        `${project.root}/rendered is stale; run "npm run render" and commit:\n${differences.join('\n')}`,
      );
    return 'matches dist/synth';
  });
  tier('release conformance (contract §2.4)', () => {
    const findings = checkRelease(releaseDir);
    if (findings.length > 0)
      throw new Error(findings.map((f) => `rule ${f.rule} ${f.severity}: ${f.message}`).join('\n'));
    return 'rules 1-17 hold';
  });
  tier('helm lint --strict + helm template as CSO', () => {
    rendered = renderRelease(releaseDir, VALIDATION_NAMESPACE);
    const classes = docs(rendered.classManifests).filter((d) => d.kind === 'ClusterClass');
    const names = classes.map((c) => (c.metadata as { name: string }).name);
    if (names.length !== 1 || names[0] !== rendered.clusterClassName) {
      throw new Error(
        `expected one ClusterClass named ${rendered.clusterClassName}, rendered: ${names.join(', ') || 'none'}`,
      );
    }
    return `ClusterClass ${names[0]}; ${rendered.addons.length} addon stages rendered`;
  });
  if (rendered && rendered.blocked.length > 0) {
    results.push({
      tier: 'upstream charts of addon stages',
      ok: true,
      blocked: true,
      ms: 0,
      detail: rendered.blocked
        .map(
          (b) =>
            `stage ${b.stage} needs ${b.charts.join(', ')} (${b.reason}); set ${REQUIRE_CHART_REPOSITORIES}=true where the repository is reachable, or ship the pinned chart with --vendor-charts`,
        )
        .join('\n'),
    });
  }
  tier('kubeconform -strict: cluster-class', () => {
    if (!rendered) throw new Error('nothing rendered');
    return schemaDetail(kubeconform(root, rendered.classManifests, minor));
  });
  tier('kubeconform -strict: addons', () => {
    if (!rendered) throw new Error('nothing rendered');
    return schemaDetail(kubeconform(root, rendered.addons.map((a) => a.manifests).join('\n---\n'), minor));
  });
  for (const capi of CapiVersion.ALL.filter((c) => c !== stack.capiVersion)) {
    tier(`render for CAPI ${capi.version}`, () => checkOtherCapiVersion(project, capi, minor));
  }
  tier('topology dry run (clusterctl alpha topology plan)', () => {
    if (!rendered) throw new Error('nothing rendered');
    if (stack.capiVersion !== CapiVersion.V1BETA1) throw new Error('the dry run needs the v1beta1 rendering');
    const lines = stack.examples.map((example) => {
      const cluster = example.render({
        className: rendered!.clusterClassName,
        namespace: VALIDATION_NAMESPACE,
        kubernetesVersion: stack.kubernetesVersion,
      });
      const plan = topologyPlan(rendered!.classManifests, stableYaml(cluster));
      if (!plan.ok) throw new Error(`example ${example.props.name}: ${plan.error}`);
      plans.set(example.props.name, plan.created);
      return `${example.props.name}: ${plan.created.length} objects`;
    });
    if (lines.length < 2)
      throw new Error(`a stack needs at least two example Clusters, found ${lines.length}`);
    return lines.join('; ');
  });
  tier('topology dry run of v1beta1 and v1beta2 (CAPI v1.14 topology engine)', () =>
    dualDryRunTier(stack, VALIDATION_NAMESPACE),
  );
  const previous = previousMinorProject(project, root);
  if (previous) {
    tier(`upgrade dry run from ${previous.name}, v1beta2 (CAPI v1.14 topology engine)`, () =>
      upgradeDryRunV1beta2Tier(loadStack(previous, root), stack, VALIDATION_NAMESPACE),
    );
    tier(`upgrade dry run from ${previous.name} (class and version switch)`, () => {
      if (!rendered) throw new Error('nothing rendered');
      const from = loadStack(previous, root);
      const old = releaseInTempDir(from);
      try {
        const oldRendered = renderRelease(old.dir, VALIDATION_NAMESPACE);
        const example = from.examples.find((e) => e.props.name === 'defaults') ?? from.examples[0];
        const cluster = example.render({
          className: oldRendered.clusterClassName,
          namespace: VALIDATION_NAMESPACE,
          kubernetesVersion: from.kubernetesVersion,
        });
        const to = { className: rendered.clusterClassName, version: stack.kubernetesVersion.semver };
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
    });
  }
  tier('hardening policy (CIS-modelled controls on the generated objects)', () => {
    const created = plans.get('defaults');
    if (!created) throw new Error('needs the dry run of the "defaults" example');
    const results = evaluate(policyInput(created, stack.bootstrapKubeletFlags), stackExemptions(stack));
    writeFileAtomically(path.join(paths.reports, 'policy.json'), JSON.stringify(results, null, 2) + '\n');
    const report = formatReport(project.name, results);
    if (results.some((r) => r.status === 'fail')) throw new Error(report);
    return report.split('\n')[0].replace(`${project.name}: `, '');
  });
  tier('version lock matches the rendered output', () => {
    const problems = versionProblems(project, readTree(paths.synth));
    if (problems.length > 0) throw new Error(problems.join('\n'));
    return `${tag} recorded in versions.lock.json`;
  });
  tier('deterministic rebuild', () => {
    const tree = new Map(synthesizeStack(stack).files);
    const mode = tag.includes('-v0-sha-') ? 'hash' : 'stable';
    const rebuilt = buildRelease(tree, releaseVersions(project, tree, mode));
    if (rebuilt.tag !== tag)
      throw new Error(`rebuilding gave ${rebuilt.tag}, the packaged release is ${tag}`);
    const differences = treeDifferences(rebuilt.files, readTree(releaseDir));
    if (differences.length > 0) throw new Error(differences.join('\n'));
    return `${rebuilt.files.size} files byte-identical (sha256)`;
  });

  const width = Math.max(...results.map((r) => r.tier.length));
  console.log(`\n${project.name} (${tag})`);
  for (const r of results) {
    const status = r.blocked ? 'BLOCKED' : r.ok ? 'PASS' : 'FAIL';
    console.log(
      `  ${status.padEnd(7)}  ${r.tier.padEnd(width)}  ${String(r.ms).padStart(6)} ms  ${r.ok && !r.blocked ? r.detail : ''}`,
    );
    if (!r.ok || r.blocked)
      console.log(
        r.detail
          .split('\n')
          .map((l) => `           ${l}`)
          .join('\n'),
      );
  }
  writeFileAtomically(
    path.join(paths.reports, 'validate.json'),
    JSON.stringify({ project: project.name, tag, results }, null, 2) + '\n',
  );
  return results.every((r) => r.ok);
}
