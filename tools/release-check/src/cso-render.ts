// Runs the `cso-render` Go helper (tools/cso-render), which renders values templates and
// compiles CEL conditions with the same Go libraries the Cluster Stack Operator uses.

import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { dirname, join } from 'path';

export const CSO_RENDER_NOT_BUILT = 'cso-render is not built: run tools/cso-render/build.sh';

/** The repository root: the nearest ancestor of `from` that holds tools/cso-render/go.mod. */
export function findRepoRoot(from: string = __dirname): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'tools', 'cso-render', 'go.mod'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `<repo>/.tools/bin/cso-render`; throws `cso-render is not built: …` when it is missing. */
export function locateCsoRender(repoRoot: string | undefined = findRepoRoot()): string {
  const bin = repoRoot === undefined ? undefined : join(repoRoot, '.tools', 'bin', 'cso-render');
  if (bin === undefined || !existsSync(bin)) throw new Error(CSO_RENDER_NOT_BUILT);
  return bin;
}

/** Outcome of one cso-render call: accepted with its output, or rejected with its message. */
export type CsoRenderResult = { ok: true; output: string } | { ok: false; message: string };

function invoke(bin: string, command: string, args: string[]): CsoRenderResult {
  const res = spawnSync(bin, [command, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (res.error)
    throw new Error(`cannot run cso-render at ${bin}: ${res.error.message} (${CSO_RENDER_NOT_BUILT})`);
  if (res.status === 0) return { ok: true, output: res.stdout };
  const prefix = `cso-render ${command}: `;
  const stderr = res.stderr.trim();
  if (res.status === 1) {
    return { ok: false, message: stderr.startsWith(prefix) ? stderr.slice(prefix.length) : stderr };
  }
  throw new Error(
    `cso-render ${command} failed with exit code ${String(res.status ?? res.signal)}: ${stderr}`,
  );
}

/** `cso-render values`: renders a values template against the given object files. */
export function renderValues(
  bin: string,
  files: { template: string; cluster: string; controlPlane?: string; infraCluster?: string },
): CsoRenderResult {
  const args = ['--template', files.template, '--cluster', files.cluster];
  if (files.controlPlane !== undefined) args.push('--control-plane', files.controlPlane);
  if (files.infraCluster !== undefined) args.push('--infra-cluster', files.infraCluster);
  return invoke(bin, 'values', args);
}

/** `cso-render cel`: compiles a condition with each key declared as a map variable. */
export function compileCel(bin: string, keys: string[], expr: string): CsoRenderResult {
  return invoke(bin, 'cel', ['--keys', keys.join(','), '--expr', expr]);
}
