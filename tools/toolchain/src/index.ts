// Locates the pinned CLIs and Kubernetes schemas that tools/toolchain/install.sh puts in .tools/.
// Pins are read from tools/toolchain/pins.env, the single source of truth shared with the installer.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type ToolName = 'helm' | 'kubeconform' | 'clusterctl';

const TOOLS: readonly ToolName[] = ['helm', 'kubeconform', 'clusterctl'];
const INSTALL_HINT = 'run "npm run tools" (tools/toolchain/install.sh)';
const PINS_FILE = join('tools', 'toolchain', 'pins.env');

let cachedRoot: string | undefined;

function isRepoRoot(dir: string): boolean {
  if (existsSync(join(dir, 'nx.json'))) return true;
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'workspaces' in parsed;
  } catch {
    return false;
  }
}

/** Absolute path of the repository root: the nearest ancestor with nx.json or a package.json declaring workspaces. */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = resolve(__dirname);
  for (;;) {
    if (isRepoRoot(dir)) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `cannot find the repository root (nx.json or a package.json with "workspaces") above ${__dirname}`,
      );
    }
    dir = parent;
  }
}

function readPins(): Map<string, string> {
  const file = join(repoRoot(), PINS_FILE);
  const pins = new Map<string, string>();
  for (const raw of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match === null) throw new Error(`${PINS_FILE}: cannot parse line "${line}"`);
    const [, key, value] = match as unknown as [string, string, string];
    pins.set(key, value.replace(/^(['"])(.*)\1$/, '$2'));
  }
  return pins;
}

function assertTool(name: string): asserts name is ToolName {
  if (!(TOOLS as readonly string[]).includes(name)) {
    throw new Error(`unknown tool "${name}": expected one of ${TOOLS.join(', ')}`);
  }
}

/** The version pinned for a tool in tools/toolchain/pins.env, e.g. "v3.19.0" for helm. */
export function pinnedVersion(name: ToolName): string {
  assertTool(name);
  const key = `${name.toUpperCase()}_VERSION`;
  const version = readPins().get(key);
  if (version === undefined || version === '') throw new Error(`${PINS_FILE} has no ${key}`);
  return version;
}

/** Absolute path of the installed .tools/bin/<name>; throws when it has not been installed. */
export function toolPath(name: ToolName): string {
  assertTool(name);
  const path = join(repoRoot(), '.tools', 'bin', name);
  if (!isExecutableFile(path)) throw new Error(`${name} is not installed: ${INSTALL_HINT}`);
  return path;
}

/** The Kubernetes minors ("1.35", ...) that pins.env maps to bundled schema versions. */
export function pinnedKubernetesMinors(): string[] {
  const minors: string[] = [];
  for (const key of readPins().keys()) {
    const match = /^K8S_SCHEMA_(\d+)_(\d+)$/.exec(key);
    if (match !== null) minors.push(`${match[1]}.${match[2]}`);
  }
  return minors.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The schema release pins.env maps a Kubernetes minor ("1.35") to, e.g. "v1.35.0"; undefined when unpinned. */
export function pinnedKubernetesSchema(minor: string): string | undefined {
  return readPins().get(`K8S_SCHEMA_${minor.replace('.', '_')}`);
}

/**
 * The kubeconform `-schema-location` template for a Kubernetes minor such as "1.35".
 * Its `{{ .StrictSuffix }}` picks the strict schemas (no unknown fields) when kubeconform runs with -strict.
 */
export function kubernetesSchemaLocation(minor: string): string {
  if (!/^\d+\.\d+$/.test(minor)) throw new Error(`Kubernetes minor must look like "1.35", got "${minor}"`);
  const pinned = pinnedKubernetesMinors();
  if (!pinned.includes(minor)) {
    throw new Error(`Kubernetes ${minor} has no schema pin in ${PINS_FILE} (pinned: ${pinned.join(', ')})`);
  }
  const dir = join(repoRoot(), '.tools', 'k8s-schemas', `v${minor}`);
  for (const flavour of ['standalone', 'standalone-strict']) {
    // The installer moves a flavour into place only once complete, with its .source stamp.
    if (!existsSync(join(dir, flavour, '.source'))) {
      throw new Error(`Kubernetes ${minor} schemas are not installed: ${INSTALL_HINT}`);
    }
  }
  return join(dir, 'standalone{{ .StrictSuffix }}', '{{ .ResourceKind }}{{ .KindSuffix }}.json');
}

function isExecutableFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return stats.isFile() && (stats.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}
