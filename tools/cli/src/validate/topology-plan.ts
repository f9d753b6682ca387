import { toolPath } from '@cluster-stacks/toolchain';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runTool } from './exec';

/** An object clusterctl's topology plan would create. */
export type PlannedObject = Record<string, unknown> & {
  kind: string;
  metadata: { name: string; namespace?: string };
};

/** The result of a dry run: the created and modified objects (as they would be after it), or clusterctl's error. */
export type TopologyPlan =
  | { ok: true; created: PlannedObject[]; modified: PlannedObject[]; output: string }
  | { ok: false; error: string };

function readObjects(dir: string, only: RegExp = /\.ya?ml$/): PlannedObject[] {
  if (!fs.existsSync(dir)) return [];
  const objects: PlannedObject[] = [];
  const walk = (current: string) => {
    for (const entry of fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (only.test(entry.name)) {
        for (const doc of parseAllDocuments(fs.readFileSync(full, 'utf8'))) {
          const object = doc.toJS() as PlannedObject | null;
          if (object?.kind) objects.push(object);
        }
      }
    }
  };
  walk(dir);
  return objects;
}

/**
 * Dry-runs a Cluster against a rendered ClusterClass with `clusterctl alpha topology plan` (clusterctl
 * v1.10, v1beta1 only): CAPI's own defaulting, variable validation and patch engine, without a cluster.
 */
export function topologyPlan(classManifests: string, cluster: string): TopologyPlan {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'topology-plan-'));
  try {
    const input = path.join(work, 'input.yaml');
    fs.writeFileSync(input, `${classManifests.trimEnd()}\n---\n${cluster}`);
    const out = path.join(work, 'out');
    fs.mkdirSync(out);
    const run = runTool(toolPath('clusterctl'), ['alpha', 'topology', 'plan', '-f', input, '-o', out], {
      cwd: work,
    });
    if (run.status !== 0) return { ok: false, error: `${run.stderr}${run.stdout}`.trim() };
    return {
      ok: true,
      created: readObjects(path.join(out, 'created')),
      modified: readObjects(path.join(out, 'modified'), /\.modified\.yaml$/),
      output: run.stdout,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The planned object of a kind (the first, or the one whose name contains `nameHint`). */
export function plannedObject(plan: TopologyPlan, kind: string, nameHint = ''): PlannedObject {
  if (!plan.ok) throw new Error(`the topology plan failed: ${plan.error}`);
  const found = plan.created.find((o) => o.kind === kind && o.metadata.name.includes(nameHint));
  if (!found) {
    throw new Error(
      `the topology plan created no ${kind}${nameHint ? ` named *${nameHint}*` : ''}; created: ${plan.created.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`,
    );
  }
  return found;
}
