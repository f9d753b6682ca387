import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { workspaceRoot } from '../util/files';

/** Builds tools/topology-plan for tests (a no-op when the binary is up to date). */
export function buildTopologyPlan(): void {
  execFileSync('bash', [path.join(workspaceRoot(), 'tools', 'topology-plan', 'build.sh')], { stdio: 'pipe' });
}
