/** Stack project names (`<provider>-<stack>-<major>-<minor>`) and their folders, as the Nx plugin defines them. */

const PROJECT_NAME = /^([a-z][a-z0-9]*)-([a-z][a-z0-9]*)-(\d+)-(\d+)$/;
const STACK_FILE = /^providers\/([^/]+)\/([^/]+)\/(\d+)-(\d+)\/stack\.ts$/;

/** `docker-scs-1-35` → `docker-scs-1-34`; `undefined` for a minor 0 or a name that is not a stack project. */
export function previousMinor(project: string): string | undefined {
  const match = PROJECT_NAME.exec(project);
  if (!match || Number(match[4]) === 0) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}-${Number(match[4]) - 1}`;
}

/** `docker-scs-1-35` → `providers/docker/scs/1-35`. */
export function projectRoot(project: string): string {
  const match = PROJECT_NAME.exec(project);
  if (!match) throw new Error(`not a stack project name: ${project}`);
  return `providers/${match[1]}/${match[2]}/${match[3]}-${match[4]}`;
}

/** The stack projects among file paths (e.g. `git ls-tree -r --name-only <ref> -- providers`). */
export function stackProjectsIn(paths: readonly string[]): string[] {
  return paths
    .map((p) => STACK_FILE.exec(p))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]}-${m[2]}-${m[3]}-${m[4]}`)
    .sort();
}
