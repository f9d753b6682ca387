// Applies every rule of release-contract §2.4 (1–17) to a release directory, reading it the
// way the Cluster Stack Operator (CSO v0.2.0-alpha.1) does: top-level files only, charts
// found by substring + `.tgz`, the cluster-addon archive untarred with CSO's rules, values
// templates rendered and CEL conditions compiled by the real Go libraries (cso-render).
// Each rule is one function of rules.ts; release-dir.ts reads each part of the release once.

import { existsSync, mkdtempSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CheckOptions, Finding } from './contract';
import { locateCsoRender } from './cso-render';
import { ReleaseDir } from './release-dir';
import { Rule, RULES } from './rules';

export { AFTER_CONTROL_PLANE_INITIALIZED, BEFORE_CLUSTER_UPGRADE, sampleCluster } from './contract';
export type { CheckOptions, Finding, Severity } from './contract';

/** Checks one release directory (its basename is the tag) against `rules`. Throws if cso-render is missing. */
export function checkRelease(
  dir: string,
  opts: CheckOptions = {},
  rules: readonly Rule[] = RULES,
): Finding[] {
  const bin = opts.csoRender ?? locateCsoRender();
  if (!existsSync(bin)) throw new Error(`cso-render not found at ${bin}: run tools/cso-render/build.sh`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const work = mkdtempSync(join(tmpdir(), 'release-check-'));
  try {
    const release = new ReleaseDir(dir, bin, opts, work);
    return rules.flatMap((r) => r.check(release));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
