import { stableYaml } from '@cluster-stacks/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { workspaceRoot } from '../util/files';
import { runTool } from './exec';
import { PlannedObject } from './topology-plan';

// Runs tools/topology-plan: Cluster API v1.14's own topology code (webhooks, ClusterClass reconciler,
// exp/topology/desiredstate) on fake clients, for v1beta1 and v1beta2 ClusterClasses and Clusters.

const WARNING = 'topology-plan: warning: ';

export const TOPOLOGY_PLAN_NOT_BUILT = 'topology-plan is not built: run tools/topology-plan/build.sh';

/** The plan of one Cluster: what CAPI v1.14 would create and modify (as it would be afterwards). */
export interface CapiClusterPlan {
  readonly created: PlannedObject[];
  readonly modified: PlannedObject[];
  /** With `keepGoing`: CAPI's reason for rejecting this Cluster (then nothing is created or modified). */
  readonly rejected?: string;
}

/** The dry run of several Clusters: per Cluster name, or the tool's one-line rejection. */
export type CapiTopologyPlan =
  | { ok: true; clusters: Map<string, CapiClusterPlan>; output: string; warnings: string[] }
  | { ok: false; error: string };

/** `<repo>/.tools/bin/topology-plan`; throws when it is not built. */
export function topologyPlanBinary(root = workspaceRoot()): string {
  const bin = path.join(root, '.tools', 'bin', 'topology-plan');
  if (!fs.existsSync(bin)) throw new Error(TOPOLOGY_PLAN_NOT_BUILT);
  return bin;
}

function readObjects(dir: string, only: RegExp): PlannedObject[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => only.test(name))
    .sort()
    .flatMap((name) =>
      parseAllDocuments(fs.readFileSync(path.join(dir, name), 'utf8'))
        .map((d) => d.toJS() as PlannedObject | null)
        .filter((o): o is PlannedObject => o !== null && typeof o.kind === 'string'),
    );
}

/**
 * Dry-runs Clusters (each a manifest or object; v1beta1 or v1beta2) against rendered ClusterClass manifests,
 * plus any current objects (an upgrade). Generated objects are read in `apiVersion` (default v1beta2, what CAPI
 * v1.14 stores; v1beta1 to compare with clusterctl v1.10).
 */
export function capiTopologyPlan(
  classManifests: string,
  clusters: Record<string, unknown>[],
  options: {
    apiVersion?: 'v1beta1' | 'v1beta2';
    current?: string;
    keepGoing?: boolean;
  } = {},
): CapiTopologyPlan {
  const bin = topologyPlanBinary();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'capi-topology-plan-'));
  try {
    const inputs = {
      'class.yaml': classManifests,
      'clusters.yaml': clusters.map((c) => stableYaml(c)).join('---\n'),
    };
    const args: string[] = [];
    for (const [name, content] of Object.entries({
      ...inputs,
      ...(options.current ? { 'current.yaml': options.current } : {}),
    })) {
      fs.writeFileSync(path.join(work, name), content);
      args.push('-f', name);
    }
    args.push('-o', 'out', '--output-api-version', options.apiVersion ?? 'v1beta2');
    if (options.keepGoing) args.push('--keep-going');
    const run = runTool(bin, args, { cwd: work });
    // With --keep-going, exit 1 after planning means some Clusters are rejected; without output, the input is.
    const rejectedSome =
      options.keepGoing === true && run.status === 1 && fs.existsSync(path.join(work, 'out'));
    const warnings = run.stderr
      .split('\n')
      .filter((l) => l.startsWith(WARNING))
      .map((l) => l.slice(WARNING.length));
    if (run.status !== 0 && !rejectedSome) {
      const error = run.stderr
        .split('\n')
        .filter((l) => !l.startsWith(WARNING))
        .join('\n');
      return { ok: false, error: `${error}${run.stdout}`.trim() };
    }
    const result = new Map<string, CapiClusterPlan>();
    for (const cluster of clusters) {
      const meta = cluster.metadata as { name: string; namespace?: string };
      const dir =
        clusters.length === 1
          ? path.join(work, 'out')
          : path.join(work, 'out', `${meta.namespace ?? 'default'}_${meta.name}`);
      const rejected = path.join(dir, 'rejected.txt');
      if (fs.existsSync(rejected)) {
        result.set(meta.name, {
          created: [],
          modified: [],
          rejected: fs.readFileSync(rejected, 'utf8').trim(),
        });
        continue;
      }
      result.set(meta.name, {
        created: readObjects(path.join(dir, 'created'), /\.yaml$/),
        modified: readObjects(path.join(dir, 'modified'), /\.modified\.yaml$/),
      });
    }
    return { ok: true, clusters: result, output: run.stdout, warnings };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
