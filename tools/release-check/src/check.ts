// Applies every rule of release-contract §2.4 (1–17) to a release directory, reading it the
// way the Cluster Stack Operator (CSO v0.2.0-alpha.1) does: top-level files only, charts
// found by substring + `.tgz`, the cluster-addon archive untarred with CSO's rules, values
// templates rendered and CEL conditions compiled by the real Go libraries (cso-render).

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, resolve } from 'path';
import { parse as parseYaml } from 'yaml';
import { compileCel, locateCsoRender, renderValues } from './cso-render';
import { formatTypeErrors, GoYamlDecoder, parseGoYaml } from './goyaml';
import {
  ClusterStackName,
  formatClusterClassName,
  formatDashVersion,
  formatDotVersion,
  parseDotVersion,
  parseReleaseTag,
  parseReleaseTagAsCso,
  stackPrefix,
  StackVersion,
} from './names';
import { readTarGz, TarEntry } from './tar';
import { classifyNamespace, isReleaseNameChartVersion, isRenderedTemplate, scanTemplate } from './templates';

export type Severity = 'error' | 'warning';

/** One violated rule. `error`: CSO rejects the release (E); `warning`: the stack breaks later (W). */
export interface Finding {
  /** The rule number of release-contract §2.4 (1–17). */
  rule: number;
  severity: Severity;
  message: string;
}

export interface CheckOptions {
  /** Path of the cso-render binary; default `<repo>/.tools/bin/cso-render`. */
  csoRender?: string;
  /** The Cluster object values templates are rendered against; default {@link sampleCluster}. */
  sampleCluster?: object;
  /** Rendered as `.ControlPlane` when given (CSO: the object of spec.controlPlaneRef). */
  sampleControlPlane?: object;
  /** Rendered as `.InfraCluster` when given (CSO: the object of spec.infrastructureRef). */
  sampleInfraCluster?: object;
}

export const AFTER_CONTROL_PLANE_INITIALIZED = 'AfterControlPlaneInitialized';
export const BEFORE_CLUSTER_UPGRADE = 'BeforeClusterUpgrade';
const EXECUTED_HOOKS = [AFTER_CONTROL_PLANE_INITIALIZED, BEFORE_CLUSTER_UPGRADE];

const METADATA_FILE = 'metadata.yaml';
const CLUSTER_ADDON_CONFIG = 'clusteraddon.yaml';
const CLUSTER_ADDON_VALUES = 'cluster-addon-values.yaml';
const OVERWRITE_YAML = 'overwrite.yaml';

const CEL_RESERVED = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
]);

/**
 * A v1beta1 Cluster as CSO passes it to values templates (`.Cluster`), with the fields
 * stacks usually read: metadata name/namespace, clusterNetwork CIDRs, the control plane
 * endpoint and the topology.
 */
export function sampleCluster(
  className = 'provider-name-1-30-v1',
  kubernetesVersion = 'v1.30.0',
): Record<string, unknown> {
  return {
    apiVersion: 'cluster.x-k8s.io/v1beta1',
    kind: 'Cluster',
    metadata: {
      name: 'sample-cluster',
      namespace: 'sample-namespace',
      uid: '00000000-0000-0000-0000-000000000000',
    },
    spec: {
      clusterNetwork: {
        pods: { cidrBlocks: ['192.168.0.0/16'] },
        services: { cidrBlocks: ['10.96.0.0/12'] },
        serviceDomain: 'cluster.local',
      },
      controlPlaneEndpoint: { host: '10.0.0.10', port: 6443 },
      topology: {
        class: className,
        version: kubernetesVersion,
        controlPlane: { replicas: 1 },
        workers: { machineDeployments: [{ class: 'default-worker', name: 'md-0', replicas: 1 }] },
      },
    },
    status: { phase: 'Provisioned', controlPlaneReady: true, infrastructureReady: true },
  };
}

/** Checks one release directory (its basename is the tag). Throws if cso-render is missing. */
export function checkRelease(dir: string, opts: CheckOptions = {}): Finding[] {
  const bin = opts.csoRender ?? locateCsoRender();
  if (!existsSync(bin)) throw new Error(`cso-render not found at ${bin}: run tools/cso-render/build.sh`);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
  const work = mkdtempSync(join(tmpdir(), 'release-check-'));
  try {
    return new ReleaseCheck(dir, bin, opts, work).run();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface Metadata {
  clusterStack: string;
  kubernetes: string;
  clusterAddon: string;
  nodeImage: string;
}

interface ObjectRef {
  key: string;
  apiVersion: string;
  name: string;
  kind: string;
  namespace: string;
}

interface WaitFor {
  /** False when CSO skips it: no `objects` list and empty `conditions` (reflect.DeepEqual with the zero value). */
  set: boolean;
  objects: ObjectRef[];
  conditions: string;
}

interface Stage {
  hook: string;
  index: number;
  line: number;
  nil: boolean;
  name: string;
  action: string;
  pre: WaitFor;
  post: WaitFor;
}

interface Archive {
  /** File name in the release directory. */
  name: string;
  path: string;
  entries: TarEntry[];
}

/** Release-relative text files of a chart tree, with nested `charts/*.tgz` expanded. */
interface TemplateFile {
  label: string;
  text: string;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fileExt(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot);
}

function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

class ReleaseCheck {
  private readonly findings: Finding[] = [];
  private readonly tag: string;
  private stack?: ClusterStackName;
  private meta?: Metadata;
  private addonVersion?: StackVersion;
  private stages?: Stage[];

  constructor(
    private readonly dir: string,
    private readonly bin: string,
    private readonly opts: CheckOptions,
    private readonly work: string,
  ) {
    this.tag = basename(resolve(dir));
  }

  private error(rule: number, message: string): void {
    this.findings.push({ rule, severity: 'error', message });
  }

  private warning(rule: number, message: string): void {
    this.findings.push({ rule, severity: 'warning', message });
  }

  run(): Finding[] {
    this.checkTag(); // 1
    this.checkMetadata(); // 2, 3, 4, 10, 12
    const classArchive = this.checkClassChart(); // 5
    const newMode = existsSync(join(this.dir, CLUSTER_ADDON_CONFIG));
    const addonArchive = this.checkAddonChart(newMode); // 6
    if (classArchive) this.checkClassChartContents(classArchive); // 11, 17
    if (newMode) {
      this.checkClusterAddonConfig(); // 9, 14, 15, 16
      if (addonArchive) this.checkStagesAgainstArchive(addonArchive); // 13
      if (addonArchive) this.checkOverwriteFiles(addonArchive); // 8
    } else {
      this.checkOldModeValues(); // 7, 8
    }
    if (addonArchive) this.checkAddonNamespaces(addonArchive); // 17
    // Stable order: by rule, then in the order found.
    return this.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.rule - b.f.rule || a.i - b.i)
      .map(({ f }) => f);
  }

  // ---- rule 1 -------------------------------------------------------------------------

  private checkTag(): void {
    try {
      this.stack = parseReleaseTagAsCso(this.tag);
    } catch (e) {
      this.error(
        1,
        `failed to parse cluster stack release: ${errorMessage(e)} (name the release directory ` +
          '<provider>-<name>-<major>-<minor>-<version> with the version in dash form, e.g. docker-ferrol-1-27-v1 or ' +
          'docker-ferrol-1-27-v0-sha-abcdefg; provider and name contain no "-")',
      );
      return;
    }
    try {
      parseReleaseTag(this.tag);
    } catch (e) {
      this.error(1, errorMessage(e));
    }
  }

  // ---- rules 2, 3, 4, 10, 12 ------------------------------------------------------------

  private checkMetadata(): void {
    const path = join(this.dir, METADATA_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      this.error(
        2,
        `failed to get metadata: failed to read metadata file ${path} (add metadata.yaml at the top level of the release)`,
      );
      return;
    }
    const parsed = parseGoYaml(text);
    const hint =
      '(metadata.yaml must be a mapping with versions.clusterStack, versions.kubernetes, versions.components.clusterAddon and versions.components.nodeImage)';
    if (!parsed.ok) {
      this.error(2, `failed to get metadata: failed to unmarshal metadata: ${parsed.error} ${hint}`);
      return;
    }
    const d = parsed.decoder;
    const meta: Metadata = { clusterStack: '', kubernetes: '', clusterAddon: '', nodeImage: '' };
    d.struct(parsed.root, 'release.Metadata', {
      versions: (v) =>
        d.struct(v, 'release.Versions', {
          clusterStack: (x) => (meta.clusterStack = d.string(x)),
          kubernetes: (x) => (meta.kubernetes = d.string(x)),
          components: (c) =>
            d.struct(c, 'release.Components', {
              clusterAddon: (x) => (meta.clusterAddon = d.string(x)),
              nodeImage: (x) => (meta.nodeImage = d.string(x)),
            }),
        }),
    });
    if (d.errors.length > 0) {
      this.error(
        2,
        `failed to get metadata: failed to unmarshal metadata: ${formatTypeErrors(d.errors)} ${hint}`,
      );
      return;
    }
    this.meta = meta;

    // rule 3
    const versions: Array<[string, string, string]> = [
      ['ClusterStack', 'versions.clusterStack', meta.clusterStack],
      ['ClusterAddon', 'versions.components.clusterAddon', meta.clusterAddon],
      ['NodeImage', 'versions.components.nodeImage', meta.nodeImage],
    ];
    const parsedVersions: Record<string, StackVersion | undefined> = {};
    for (const [label, field, value] of versions) {
      try {
        parsedVersions[label] = parseDotVersion(value);
      } catch (e) {
        const unused = label === 'NodeImage' ? '; CSO parses it even though it does not use it' : '';
        this.error(
          3,
          `failed to get metadata: failed to parse ${label} version from metadata: ${errorMessage(e)} ` +
            `(set ${field} to a dot-form version such as v1 or v0-sha.abcdefg${unused})`,
        );
      }
    }
    this.addonVersion = parsedVersions.ClusterAddon;

    // rule 4
    if (meta.kubernetes === '') {
      this.error(
        4,
        'failed to validate release: failed to validate metadata: kubernetes version empty: empty version (set versions.kubernetes, e.g. v1.27.3)',
      );
    } else {
      // rule 10
      const k = /^v(\d+)\.(\d+)\.(\d+)$/.exec(meta.kubernetes);
      if (!k) {
        this.warning(
          10,
          `metadata.yaml versions.kubernetes ${JSON.stringify(meta.kubernetes)} is not of the form vMAJOR.MINOR.PATCH such as v1.27.3 ` +
            '(CSO passes it to helm template --kube-version, and its Cluster webhook requires Cluster.spec.topology.version to equal it)',
        );
      } else if (
        this.stack &&
        (Number(k[1]) !== this.stack.kubernetesMajor || Number(k[2]) !== this.stack.kubernetesMinor)
      ) {
        this.warning(
          10,
          `metadata.yaml versions.kubernetes ${meta.kubernetes} is not a Kubernetes ${this.stack.kubernetesMajor}.${this.stack.kubernetesMinor} version, ` +
            `but the release tag ${this.tag} is for ${this.stack.kubernetesMajor}.${this.stack.kubernetesMinor} (use a ${this.stack.kubernetesMajor}.${this.stack.kubernetesMinor}.x version)`,
        );
      }
    }

    // rule 12
    const cs = parsedVersions.ClusterStack;
    if (this.stack && cs && formatDashVersion(cs) !== formatDashVersion(this.stack.version)) {
      const want = formatDotVersion(this.stack.version);
      this.warning(
        12,
        `metadata.yaml versions.clusterStack ${meta.clusterStack} does not equal the version ${want} of the release tag ${this.tag} ` +
          `(csctl always writes them equal: set it to ${want})`,
      );
    }
  }

  // ---- rules 5 and 6: finding the charts ------------------------------------------------

  /** CSO's helmChartNamePath: first non-directory whose name contains the filter and ends in .tgz. */
  private findChart(
    filter: string,
    rule: number,
    kind: 'class' | 'addon',
    missingHint: string,
  ): string | undefined {
    const entries = readdirSync(this.dir, { withFileTypes: true }).sort((a, b) =>
      compareNames(a.name, b.name),
    );
    const matches = entries
      .filter((e) => !e.isDirectory() && e.name.includes(filter) && fileExt(e.name) === '.tgz')
      .map((e) => e.name);
    const what = kind === 'class' ? 'cluster class' : 'cluster addon';
    if (matches.length === 0) {
      this.error(
        rule,
        `failed to validate helm charts: failed to get ${what} chart path: helm chart matching the name filter ${filter} not found in ${this.dir} (${missingHint})`,
      );
      return undefined;
    }
    const chosen = matches[0];
    if (matches.length > 1 || chosen !== `${filter}.tgz`) {
      this.warning(
        rule,
        `CSO selects ${chosen} as the ${what} chart by the name filter ${filter} (matching files: ${matches.join(', ')}); ` +
          `keep exactly one matching file, named ${filter}.tgz`,
      );
    }
    const path = join(this.dir, chosen);
    try {
      statSync(path);
    } catch (e) {
      // CSO's messages have the chart kinds swapped here.
      const swapped = kind === 'class' ? 'cluster addon' : 'cluster class';
      this.error(
        rule,
        `failed to validate helm charts: failed to verify the ${swapped} chart path ${path} with error: ${errorMessage(e)}`,
      );
      return undefined;
    }
    return path;
  }

  private checkClassChart(): Archive | undefined {
    if (!this.stack) return undefined;
    const filter = `${stackPrefix(this.stack)}-cluster-class-${formatDotVersion(this.stack.version)}`;
    const path = this.findChart(filter, 5, 'class', `add the cluster-class chart packaged as ${filter}.tgz`);
    if (path === undefined) return undefined;
    try {
      return { name: basename(path), path, entries: readTarGz(readFileSync(path)) };
    } catch (e) {
      this.error(
        5,
        `${basename(path)} is not a readable gzip tar archive: ${errorMessage(e)} (helm template cannot load the cluster-class chart)`,
      );
      return undefined;
    }
  }

  private checkAddonChart(newMode: boolean): Archive | undefined {
    if (!this.stack || !this.addonVersion) return undefined;
    const version = formatDotVersion(this.addonVersion);
    const filter = `${stackPrefix(this.stack)}-cluster-addon-${version}`;
    const path = this.findChart(
      filter,
      6,
      'addon',
      `the cluster-addon archive is named after metadata.yaml versions.components.clusterAddon (${version}), which may differ from the release version: add ${filter}.tgz`,
    );
    if (path === undefined) return undefined;
    const untar = `failed to untar new cluster stack cluster addon chart: ${JSON.stringify(path)}`;
    let entries: TarEntry[];
    try {
      entries = readTarGz(readFileSync(path));
    } catch (e) {
      if (newMode)
        this.error(
          6,
          `${untar}: ${errorMessage(e)} (the cluster-addon archive must be a gzip tar of the chart directories)`,
        );
      else
        this.error(
          6,
          `${basename(path)} is not a readable gzip tar archive: ${errorMessage(e)} (helm template cannot load the cluster-addon chart)`,
        );
      return undefined;
    }
    if (newMode) {
      let ok = true;
      for (const e of entries) {
        if (e.type !== 'file' && e.type !== 'dir') {
          ok = false;
          this.error(
            6,
            `${untar}: unsupported type: ${e.typeflag} in file ${e.name} (CSO untars only regular files and directories: replace links by copies of the files)`,
          );
        } else if (e.name.startsWith('/') || e.path.split('/').includes('..')) {
          ok = false;
          this.error(
            6,
            `${untar}: entry ${e.name} points outside the extraction directory (use relative paths without "..")`,
          );
        }
      }
      if (!ok) return undefined;
    }
    return { name: basename(path), path, entries };
  }

  // ---- rule 11 (and 17 for the cluster class) -------------------------------------------

  private checkClassChartContents(archive: Archive): void {
    const stack = this.stack!;
    const charts = archive.entries.filter((e) => e.type === 'file' && /^[^/]+\/Chart\.yaml$/.test(e.path));
    if (charts.length === 0) {
      this.error(
        11,
        `${archive.name} has no <chart>/Chart.yaml, so it is not a Helm chart archive (package the cluster-class chart with helm package)`,
      );
      return;
    }
    const chartFile = charts[0];
    const top = chartFile.path.split('/')[0];
    const expectedName = `${stackPrefix(stack)}-cluster-class`;
    const expectedVersion = formatDotVersion(stack.version);
    const className = formatClusterClassName(stack);
    let chart: { name?: unknown; version?: unknown } = {};
    try {
      const doc: unknown = parseYaml(chartFile.content.toString('utf8'));
      if (doc && typeof doc === 'object') chart = doc as typeof chart;
    } catch (e) {
      this.error(
        11,
        `${archive.name}: ${chartFile.path} is not valid YAML: ${errorMessage(e).split('\n')[0]} (helm template cannot load the chart)`,
      );
      return;
    }
    if (chart.name !== expectedName) {
      this.warning(
        11,
        `${archive.name}: ${chartFile.path} has name ${JSON.stringify(chart.name ?? null)}, not ${expectedName} ` +
          '(csctl packages the chart as <name>-<version>.tgz, and CSO finds it by that file name)',
      );
    }
    if (String(chart.version) !== expectedVersion) {
      this.warning(
        11,
        `${archive.name}: ${chartFile.path} has version ${JSON.stringify(chart.version ?? null)}, not the release version ${expectedVersion} ` +
          `(the ClusterClass is named {{ .Release.Name }}-{{ .Chart.Version }} and must render to ${className})`,
      );
    }

    const files = this.templateFiles(
      archive.entries.filter((e) => e.path.startsWith(`${top}/`)),
      archive.name,
    );
    let classes = 0;
    for (const file of files) {
      for (const doc of scanTemplate(file.text)) {
        if (doc.kind === 'ClusterClass') {
          classes++;
          const name = doc.name?.value;
          if (name === undefined || (!isReleaseNameChartVersion(name) && name !== className)) {
            this.warning(
              11,
              `${file.label}: the ClusterClass is named ${JSON.stringify(name ?? null)}${doc.name ? ` (line ${doc.name.line})` : ''}; ` +
                `name it {{ .Release.Name }}-{{ .Chart.Version }} so that it renders to ${className}, the class Clusters refer to`,
            );
          }
        }
        // rule 17 for the cluster class
        const ns = classifyNamespace(doc.namespace?.value);
        if (ns.kind === 'literal') {
          this.warning(
            17,
            `${file.label}: metadata.namespace ${JSON.stringify(ns.text)} (line ${doc.namespace!.line}) is a fixed namespace; CSO installs the ` +
              "cluster-class chart into the ClusterStackRelease's namespace (use {{ .Release.Namespace }} or leave it unset)",
          );
        }
      }
    }
    if (classes === 0) {
      this.warning(
        11,
        `${archive.name}: no template defines a kind: ClusterClass (add one named {{ .Release.Name }}-{{ .Chart.Version }}, which renders to ${className})`,
      );
    }
  }

  /** Rendered template files of the chart trees in `entries`, expanding vendored `charts/*.tgz`. */
  private templateFiles(entries: TarEntry[], label: string): TemplateFile[] {
    const out: TemplateFile[] = [];
    for (const e of entries) {
      if (e.type !== 'file') continue;
      const segments = e.path.split('/');
      const t = segments.indexOf('templates');
      if (t > 0 && t < segments.length - 1 && isRenderedTemplate(e.path)) {
        out.push({ label: `${label}:${e.path}`, text: e.content.toString('utf8') });
      } else if (
        segments.length >= 3 &&
        segments[segments.length - 2] === 'charts' &&
        e.path.endsWith('.tgz')
      ) {
        try {
          out.push(...this.templateFiles(readTarGz(e.content), `${label}:${e.path}`));
        } catch {
          // An unreadable vendored chart fails in helm itself; nothing to say about namespaces.
        }
      }
    }
    return out;
  }

  // ---- rule 7 and 8 (old mode) ---------------------------------------------------------

  private checkOldModeValues(): void {
    const path = join(this.dir, CLUSTER_ADDON_VALUES);
    if (!existsSync(path) || !statSync(path).isFile()) {
      this.error(
        7,
        `failed to build template from cluster addon values: failed to read the file ${path} (without clusteraddon.yaml CSO uses the ` +
          'single-chart mode, which needs cluster-addon-values.yaml; add it, or add clusteraddon.yaml for the multi-stage mode)',
      );
      return;
    }
    this.renderValuesFile(path, CLUSTER_ADDON_VALUES);
  }

  // ---- rule 8 (new mode) ----------------------------------------------------------------

  private checkOverwriteFiles(archive: Archive): void {
    const root = join(this.work, 'cluster-addon');
    for (const e of archive.entries) {
      const segments = e.path.split('/');
      if (e.type !== 'file' || segments.length !== 2 || segments[1] !== OVERWRITE_YAML) continue;
      const target = join(root, segments[0], OVERWRITE_YAML);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, e.content);
      this.renderValuesFile(target, `${archive.name}:${e.path}`);
    }
  }

  private objectFile(name: string, obj: object): string {
    const path = join(this.work, name);
    writeFileSync(path, JSON.stringify(obj, null, 2));
    return path;
  }

  private clusterFile?: string;

  private renderValuesFile(template: string, label: string): void {
    if (this.clusterFile === undefined) {
      const cluster =
        this.opts.sampleCluster ??
        sampleCluster(
          this.stack ? formatClusterClassName(this.stack) : undefined,
          this.meta?.kubernetes || undefined,
        );
      this.clusterFile = this.objectFile('cluster.json', cluster);
    }
    const res = renderValues(this.bin, {
      template,
      cluster: this.clusterFile,
      controlPlane: this.opts.sampleControlPlane
        ? this.objectFile('control-plane.json', this.opts.sampleControlPlane)
        : undefined,
      infraCluster: this.opts.sampleInfraCluster
        ? this.objectFile('infra-cluster.json', this.opts.sampleInfraCluster)
        : undefined,
    });
    if (!res.ok) {
      const hint = res.message.startsWith('rendered template is not a YAML mapping')
        ? 'make it render to a YAML mapping, e.g. "values: |" followed by the Helm values'
        : 'CSO cannot build the Helm values from it: fix the template';
      this.error(8, `${label}: ${res.message} (${hint})`);
      return;
    }
    // Helm reads the result (`-f -`) as a values file, which must be a mapping or empty.
    let values: unknown;
    try {
      values = parseYaml(res.output);
    } catch (e) {
      this.error(
        8,
        `${label}: the rendered Helm values are not valid YAML: ${errorMessage(e).split('\n')[0]} (helm template rejects them)`,
      );
      return;
    }
    if (values !== null && values !== undefined && (typeof values !== 'object' || Array.isArray(values))) {
      this.error(
        8,
        `${label}: the rendered Helm values are not a YAML mapping (helm template rejects them; the "values" string must hold a mapping)`,
      );
    }
  }

  // ---- rules 9, 14, 15, 16 ---------------------------------------------------------------

  private checkClusterAddonConfig(): void {
    const path = join(this.dir, CLUSTER_ADDON_CONFIG);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      this.error(
        9,
        `failed to parse clusteraddon.yaml config: failed to read file: ${JSON.stringify(path)}: ${errorMessage(e)}`,
      );
      return;
    }
    const parsed = parseGoYaml(text);
    if (!parsed.ok) {
      this.error(
        9,
        `failed to parse clusteraddon.yaml config: failed to parse cluster addon yaml: ${parsed.error} (fix the YAML syntax)`,
      );
      return;
    }
    const d = parsed.decoder;
    const stages: Stage[] = [];
    const hooks: string[] = [];
    d.struct(parsed.root, 'clusteraddon.Config', {
      addonStages: (v) =>
        d.map(v, 'map[string][]*clusteraddon.Stage', (list, hook) => {
          hooks.push(hook);
          d.seq(list, '[]*clusteraddon.Stage', (item, index) =>
            stages.push(this.decodeStage(d, item, hook, index)),
          );
        }),
    });
    if (d.errors.length > 0) {
      this.error(
        9,
        `failed to parse clusteraddon.yaml config: failed to parse cluster addon yaml: ${formatTypeErrors(d.errors)} (fix the structure, see release-contract §4.1)`,
      );
      return;
    }
    this.stages = stages;

    // rule 9
    for (const s of stages) {
      if (s.nil) {
        this.error(
          9,
          `clusteraddon.yaml: addonStages.${s.hook}[${s.index}] is empty (line ${s.line}); CSO would crash on it (remove the empty list item)`,
        );
      } else if (s.action !== 'apply' && s.action !== 'delete') {
        this.error(
          9,
          `clusteraddon.yaml: ${this.stageLabel(s)} has action ${JSON.stringify(s.action)}; CSO applies only the exact value "apply" ` +
            'and executes every other action as delete (use "apply" or "delete")',
        );
      }
    }

    // rule 14
    for (const hook of hooks) {
      if (!EXECUTED_HOOKS.includes(hook)) {
        this.warning(
          14,
          `clusteraddon.yaml: hook ${hook} is never executed; CSO runs only ${EXECUTED_HOOKS.join(' and ')} (move its stages there)`,
        );
      }
    }
    if (!stages.some((s) => s.hook === AFTER_CONTROL_PLANE_INITIALIZED && !s.nil)) {
      this.warning(
        14,
        `clusteraddon.yaml: ${AFTER_CONTROL_PLANE_INITIALIZED} has no stages, so no addon is installed when a cluster is created`,
      );
    }

    // rule 15
    const appliedOnUpgrade = new Set(
      stages.filter((s) => s.hook === BEFORE_CLUSTER_UPGRADE && s.action === 'apply').map((s) => s.name),
    );
    const reported = new Set<string>();
    for (const s of stages) {
      if (
        s.hook !== AFTER_CONTROL_PLANE_INITIALIZED ||
        s.action !== 'apply' ||
        appliedOnUpgrade.has(s.name) ||
        reported.has(s.name)
      )
        continue;
      reported.add(s.name);
      this.warning(
        15,
        `clusteraddon.yaml: ${JSON.stringify(s.name)} is applied in ${AFTER_CONTROL_PLANE_INITIALIZED} but not in ${BEFORE_CLUSTER_UPGRADE}; ` +
          `CSO deletes its objects on the first upgrade (apply it in ${BEFORE_CLUSTER_UPGRADE} too)`,
      );
    }

    // rule 16
    for (const s of stages) {
      if (s.nil) continue;
      this.checkCondition(s, 'waitForPreCondition', s.pre);
      this.checkCondition(s, 'waitForPostCondition', s.post);
    }
  }

  private stageLabel(s: Stage): string {
    return `addonStages.${s.hook}[${s.index}] (${s.name === '' ? 'no name' : s.name})`;
  }

  private decodeStage(d: GoYamlDecoder, raw: unknown, hook: string, index: number): Stage {
    const stage: Stage = {
      hook,
      index,
      line: d.lineOf(raw),
      nil: d.isNil(raw),
      name: '',
      action: '',
      pre: { set: false, objects: [], conditions: '' },
      post: { set: false, objects: [], conditions: '' },
    };
    const waitFor = (v: unknown, target: WaitFor): void =>
      d.struct(v, 'clusteraddon.WaitForCondition', {
        objects: (list) => {
          const objects = d.seq(list, '[]clusteraddon.Object', (o) => {
            const obj: ObjectRef = { key: '', apiVersion: '', name: '', kind: '', namespace: '' };
            d.struct(o, 'clusteraddon.Object', {
              key: (x) => (obj.key = d.string(x)),
              apiVersion: (x) => (obj.apiVersion = d.string(x)),
              name: (x) => (obj.name = d.string(x)),
              kind: (x) => (obj.kind = d.string(x)),
              namespace: (x) => (obj.namespace = d.string(x)),
            });
            return obj;
          });
          if (objects !== null) {
            target.objects = objects;
            target.set = true;
          }
        },
        conditions: (x) => {
          target.conditions = d.string(x);
          if (target.conditions !== '') target.set = true;
        },
      });
    d.struct(raw, 'clusteraddon.Stage', {
      name: (x) => (stage.name = d.string(x)),
      action: (x) => (stage.action = d.string(x)),
      waitForPreCondition: (v) => waitFor(v, stage.pre),
      waitForPostCondition: (v) => waitFor(v, stage.post),
    });
    return stage;
  }

  private checkCondition(s: Stage, which: string, w: WaitFor): void {
    if (!w.set) return;
    const where = `clusteraddon.yaml: ${this.stageLabel(s)} ${which}`;
    const seen = new Set<string>();
    w.objects.forEach((o, j) => {
      if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(o.key) || CEL_RESERVED.has(o.key)) {
        this.warning(
          16,
          `${where}.objects[${j}].key ${JSON.stringify(o.key)} is not a CEL identifier (use letters, digits and "_", not starting with a digit, not a reserved word)`,
        );
      } else if (seen.has(o.key)) {
        this.warning(
          16,
          `${where}.objects[${j}].key ${JSON.stringify(o.key)} is declared twice (give each object its own key)`,
        );
      }
      seen.add(o.key);
      const missing = (['apiVersion', 'kind', 'name'] as const).filter((f) => o[f] === '');
      if (missing.length > 0) {
        this.warning(
          16,
          `${where}.objects[${j}] lacks ${missing.join(', ')}; CSO cannot fetch the object and the stage never completes`,
        );
      }
    });
    if (w.conditions.trim() === '') {
      this.warning(
        16,
        `${where}.conditions is empty; CSO fails to compile it and the stage never completes (write a boolean CEL expression over the object keys)`,
      );
      return;
    }
    const keys = w.objects.map((o) => o.key).filter((k) => k !== '' && !k.includes(','));
    const res = compileCel(this.bin, keys, w.conditions);
    if (!res.ok) this.warning(16, `${where}.conditions: ${res.message}`);
  }

  // ---- rule 13 ---------------------------------------------------------------------------

  private checkStagesAgainstArchive(archive: Archive): void {
    if (!this.stages) return;
    const charts = new Set(
      archive.entries
        .filter((e) => e.type === 'file' && /^[^/]+\/Chart\.yaml$/.test(e.path))
        .map((e) => e.path.split('/')[0]),
    );
    const topDirs = new Set<string>();
    for (const e of archive.entries) {
      const segments = e.path.split('/');
      if (segments[0] !== '' && (segments.length > 1 || e.type === 'dir')) topDirs.add(segments[0]);
    }
    const named = new Set<string>();
    for (const s of this.stages) {
      if (s.nil || !EXECUTED_HOOKS.includes(s.hook)) continue;
      named.add(s.name);
      if (!charts.has(s.name)) {
        this.warning(
          13,
          `clusteraddon.yaml: ${this.stageLabel(s)} names chart ${JSON.stringify(s.name)}, but ${archive.name} has no ${s.name}/Chart.yaml; ` +
            'CSO marks HelmChartFound=False (HelmChartMissing) and silently skips the stage (name the stage after a top-level chart directory of the archive)',
        );
      }
    }
    for (const d of [...topDirs].sort(compareNames)) {
      if (!named.has(d)) {
        this.warning(
          13,
          `${archive.name}: chart directory ${d}/ is not named by any stage of ${EXECUTED_HOOKS.join(' or ')} in clusteraddon.yaml, ` +
            'so CSO never applies it (add a stage or remove the directory)',
        );
      }
    }
  }

  // ---- rule 17 (cluster addon) -----------------------------------------------------------

  private checkAddonNamespaces(archive: Archive): void {
    for (const file of this.templateFiles(archive.entries, archive.name)) {
      for (const doc of scanTemplate(file.text)) {
        const ns = classifyNamespace(doc.namespace?.value);
        if (ns.kind === 'literal' && ns.text !== 'kube-system') {
          this.warning(
            17,
            `${file.label}: metadata.namespace ${JSON.stringify(ns.text)} (line ${doc.namespace!.line}) is not kube-system; CSO applies ` +
              'every namespaced addon object into kube-system (use {{ .Release.Namespace }}, kube-system, or leave it unset)',
          );
        }
      }
    }
  }
}
