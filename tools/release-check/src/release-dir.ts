// A release directory as the Cluster Stack Operator reads it: the tag, metadata.yaml, the two chart archives
// and clusteraddon.yaml, each read once on first use. Reading a part yields the part (when it could be read)
// and the findings of the rule that governs reading it; the rules (rules.ts) build on these parts.

import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { parse as parseYaml } from 'yaml';
import {
  CheckOptions,
  CLUSTER_ADDON_CONFIG,
  error,
  Finding,
  METADATA_FILE,
  sampleCluster,
  warning,
} from './contract';
import { renderValues } from './cso-render';
import { formatTypeErrors, GoYamlDecoder, parseGoYaml } from './goyaml';
import {
  ClusterStackName,
  formatClusterClassName,
  formatDotVersion,
  parseDotVersion,
  parseReleaseTag,
  parseReleaseTagAsCso,
  stackPrefix,
  StackVersion,
} from './names';
import { readTarGz, TarEntry } from './tar';
import { isRenderedTemplate } from './templates';

/** A part of the release, and what reading it found. */
export interface Read<T> {
  /** The part, when it could be read. */
  readonly value?: T;
  /** The findings of reading it (of the rule that governs it). */
  readonly findings: readonly Finding[];
}

export interface Metadata {
  clusterStack: string;
  kubernetes: string;
  clusterAddon: string;
  nodeImage: string;
}

export interface ObjectRef {
  key: string;
  apiVersion: string;
  name: string;
  kind: string;
  namespace: string;
}

export interface WaitFor {
  /** False when CSO skips it: no `objects` list and empty `conditions` (reflect.DeepEqual with the zero value). */
  set: boolean;
  objects: ObjectRef[];
  conditions: string;
}

export interface Stage {
  hook: string;
  index: number;
  line: number;
  nil: boolean;
  name: string;
  action: string;
  pre: WaitFor;
  post: WaitFor;
}

/** clusteraddon.yaml decoded: its stages and the hooks it names, in file order. */
export interface AddonConfig {
  readonly stages: readonly Stage[];
  readonly hooks: readonly string[];
}

export interface Archive {
  /** File name in the release directory. */
  name: string;
  path: string;
  entries: TarEntry[];
}

/** Release-relative text files of a chart tree, with nested `charts/*.tgz` expanded. */
export interface TemplateFile {
  label: string;
  text: string;
}

/** The dot-form versions of metadata.yaml (rule 3), where they parse. */
export interface MetadataVersions {
  readonly clusterStack?: StackVersion;
  readonly clusterAddon?: StackVersion;
  readonly nodeImage?: StackVersion;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fileExt(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot);
}

export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The release directory under check; every part is read at most once. */
export class ReleaseDir {
  public readonly tag: string;
  private readonly memos = new Map<string, unknown>();

  public constructor(
    /** The release directory; its basename is the tag. */
    public readonly dir: string,
    /** The cso-render binary. */
    public readonly bin: string,
    public readonly opts: CheckOptions,
    /** A scratch directory for files cso-render reads. */
    public readonly work: string,
  ) {
    this.tag = basename(resolve(dir));
  }

  private memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** Multi-stage mode: the release has clusteraddon.yaml. */
  public get newMode(): boolean {
    return existsSync(join(this.dir, CLUSTER_ADDON_CONFIG));
  }

  /** The tag parsed as CSO parses it (rule 1). */
  public stack(): Read<ClusterStackName> {
    return this.memo('stack', () => {
      let stack: ClusterStackName;
      try {
        stack = parseReleaseTagAsCso(this.tag);
      } catch (e) {
        return {
          findings: [
            error(
              1,
              `failed to parse cluster stack release: ${errorMessage(e)} (name the release directory ` +
                '<provider>-<name>-<major>-<minor>-<version> with the version in dash form, e.g. docker-ferrol-1-27-v1 or ' +
                'docker-ferrol-1-27-v0-sha-abcdefg; provider and name contain no "-")',
            ),
          ],
        };
      }
      try {
        parseReleaseTag(this.tag);
        return { value: stack, findings: [] };
      } catch (e) {
        return { value: stack, findings: [error(1, errorMessage(e))] };
      }
    });
  }

  /** metadata.yaml decoded as CSO's `Metadata` struct (rule 2). */
  public metadata(): Read<Metadata> {
    return this.memo('metadata', () => {
      const path = join(this.dir, METADATA_FILE);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return {
          findings: [
            error(
              2,
              `failed to get metadata: failed to read metadata file ${path} (add metadata.yaml at the top level of the release)`,
            ),
          ],
        };
      }
      const parsed = parseGoYaml(text);
      const hint =
        '(metadata.yaml must be a mapping with versions.clusterStack, versions.kubernetes, versions.components.clusterAddon and versions.components.nodeImage)';
      if (!parsed.ok) {
        return {
          findings: [
            error(2, `failed to get metadata: failed to unmarshal metadata: ${parsed.error} ${hint}`),
          ],
        };
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
        return {
          findings: [
            error(
              2,
              `failed to get metadata: failed to unmarshal metadata: ${formatTypeErrors(d.errors)} ${hint}`,
            ),
          ],
        };
      }
      return { value: meta, findings: [] };
    });
  }

  /** The dot-form versions of metadata.yaml (rule 3). */
  public versions(): Read<MetadataVersions> {
    return this.memo('versions', () => {
      const meta = this.metadata().value;
      if (!meta) return { findings: [] };
      const findings: Finding[] = [];
      const fields: Array<[keyof MetadataVersions, string, string, string]> = [
        ['clusterStack', 'ClusterStack', 'versions.clusterStack', meta.clusterStack],
        ['clusterAddon', 'ClusterAddon', 'versions.components.clusterAddon', meta.clusterAddon],
        ['nodeImage', 'NodeImage', 'versions.components.nodeImage', meta.nodeImage],
      ];
      const value: Record<string, StackVersion> = {};
      for (const [key, label, field, text] of fields) {
        try {
          value[key] = parseDotVersion(text);
        } catch (e) {
          const unused = label === 'NodeImage' ? '; CSO parses it even though it does not use it' : '';
          findings.push(
            error(
              3,
              `failed to get metadata: failed to parse ${label} version from metadata: ${errorMessage(e)} ` +
                `(set ${field} to a dot-form version such as v1 or v0-sha.abcdefg${unused})`,
            ),
          );
        }
      }
      return { value, findings };
    });
  }

  /** CSO's helmChartNamePath: first non-directory whose name contains the filter and ends in .tgz. */
  private findChart(
    filter: string,
    rule: number,
    kind: 'class' | 'addon',
    missingHint: string,
  ): Read<string> {
    const entries = readdirSync(this.dir, { withFileTypes: true }).sort((a, b) =>
      compareNames(a.name, b.name),
    );
    const matches = entries
      .filter((e) => !e.isDirectory() && e.name.includes(filter) && fileExt(e.name) === '.tgz')
      .map((e) => e.name);
    const what = kind === 'class' ? 'cluster class' : 'cluster addon';
    if (matches.length === 0) {
      return {
        findings: [
          error(
            rule,
            `failed to validate helm charts: failed to get ${what} chart path: helm chart matching the name filter ${filter} not found in ${this.dir} (${missingHint})`,
          ),
        ],
      };
    }
    const findings: Finding[] = [];
    const chosen = matches[0];
    if (matches.length > 1 || chosen !== `${filter}.tgz`) {
      findings.push(
        warning(
          rule,
          `CSO selects ${chosen} as the ${what} chart by the name filter ${filter} (matching files: ${matches.join(', ')}); ` +
            `keep exactly one matching file, named ${filter}.tgz`,
        ),
      );
    }
    const path = join(this.dir, chosen);
    try {
      statSync(path);
    } catch (e) {
      // CSO's messages have the chart kinds swapped here.
      const swapped = kind === 'class' ? 'cluster addon' : 'cluster class';
      findings.push(
        error(
          rule,
          `failed to validate helm charts: failed to verify the ${swapped} chart path ${path} with error: ${errorMessage(e)}`,
        ),
      );
      return { findings };
    }
    return { value: path, findings };
  }

  /** The cluster-class chart archive (rule 5). */
  public classChart(): Read<Archive> {
    return this.memo('classChart', () => {
      const stack = this.stack().value;
      if (!stack) return { findings: [] };
      const filter = `${stackPrefix(stack)}-cluster-class-${formatDotVersion(stack.version)}`;
      const found = this.findChart(
        filter,
        5,
        'class',
        `add the cluster-class chart packaged as ${filter}.tgz`,
      );
      const path = found.value;
      if (path === undefined) return { findings: found.findings };
      try {
        return {
          value: { name: basename(path), path, entries: readTarGz(readFileSync(path)) },
          findings: found.findings,
        };
      } catch (e) {
        return {
          findings: [
            ...found.findings,
            error(
              5,
              `${basename(path)} is not a readable gzip tar archive: ${errorMessage(e)} (helm template cannot load the cluster-class chart)`,
            ),
          ],
        };
      }
    });
  }

  /** The cluster-addon archive, untarred by CSO's rules in multi-stage mode (rule 6). */
  public addonChart(): Read<Archive> {
    return this.memo('addonChart', () => {
      const stack = this.stack().value;
      const addonVersion = this.versions().value?.clusterAddon;
      if (!stack || !addonVersion) return { findings: [] };
      const newMode = this.newMode;
      const version = formatDotVersion(addonVersion);
      const filter = `${stackPrefix(stack)}-cluster-addon-${version}`;
      const found = this.findChart(
        filter,
        6,
        'addon',
        `the cluster-addon archive is named after metadata.yaml versions.components.clusterAddon (${version}), which may differ from the release version: add ${filter}.tgz`,
      );
      const path = found.value;
      if (path === undefined) return { findings: found.findings };
      const findings = [...found.findings];
      const untar = `failed to untar new cluster stack cluster addon chart: ${JSON.stringify(path)}`;
      let entries: TarEntry[];
      try {
        entries = readTarGz(readFileSync(path));
      } catch (e) {
        findings.push(
          newMode
            ? error(
                6,
                `${untar}: ${errorMessage(e)} (the cluster-addon archive must be a gzip tar of the chart directories)`,
              )
            : error(
                6,
                `${basename(path)} is not a readable gzip tar archive: ${errorMessage(e)} (helm template cannot load the cluster-addon chart)`,
              ),
        );
        return { findings };
      }
      if (newMode) {
        let ok = true;
        for (const e of entries) {
          if (e.type !== 'file' && e.type !== 'dir') {
            ok = false;
            findings.push(
              error(
                6,
                `${untar}: unsupported type: ${e.typeflag} in file ${e.name} (CSO untars only regular files and directories: replace links by copies of the files)`,
              ),
            );
          } else if (e.name.startsWith('/') || e.path.split('/').includes('..')) {
            ok = false;
            findings.push(
              error(
                6,
                `${untar}: entry ${e.name} points outside the extraction directory (use relative paths without "..")`,
              ),
            );
          }
        }
        if (!ok) return { findings };
      }
      return { value: { name: basename(path), path, entries }, findings };
    });
  }

  /** clusteraddon.yaml decoded as CSO's `Config` (rule 9), in multi-stage mode. */
  public addonConfig(): Read<AddonConfig> {
    return this.memo('addonConfig', () => {
      const path = join(this.dir, CLUSTER_ADDON_CONFIG);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        return {
          findings: [
            error(
              9,
              `failed to parse clusteraddon.yaml config: failed to read file: ${JSON.stringify(path)}: ${errorMessage(e)}`,
            ),
          ],
        };
      }
      const parsed = parseGoYaml(text);
      if (!parsed.ok) {
        return {
          findings: [
            error(
              9,
              `failed to parse clusteraddon.yaml config: failed to parse cluster addon yaml: ${parsed.error} (fix the YAML syntax)`,
            ),
          ],
        };
      }
      const d = parsed.decoder;
      const stages: Stage[] = [];
      const hooks: string[] = [];
      d.struct(parsed.root, 'clusteraddon.Config', {
        addonStages: (v) =>
          d.map(v, 'map[string][]*clusteraddon.Stage', (list, hook) => {
            hooks.push(hook);
            d.seq(list, '[]*clusteraddon.Stage', (item, index) =>
              stages.push(decodeStage(d, item, hook, index)),
            );
          }),
      });
      if (d.errors.length > 0) {
        return {
          findings: [
            error(
              9,
              `failed to parse clusteraddon.yaml config: failed to parse cluster addon yaml: ${formatTypeErrors(d.errors)} (fix the structure, see release-contract §4.1)`,
            ),
          ],
        };
      }
      return { value: { stages, hooks }, findings: [] };
    });
  }

  /** Rendered template files of the chart trees in `entries`, expanding vendored `charts/*.tgz`. */
  public templateFiles(entries: TarEntry[], label: string): TemplateFile[] {
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

  private objectFile(name: string, obj: object): string {
    const path = join(this.work, name);
    writeFileSync(path, JSON.stringify(obj, null, 2));
    return path;
  }

  /** Copies a file of the addon archive into the scratch directory, for cso-render to read. */
  public scratchFile(rel: string, content: Buffer): string {
    const target = join(this.work, rel);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    return target;
  }

  /** Renders a values template as CSO does (rule 8): findings when it does not give a mapping of Helm values. */
  public renderValuesFile(template: string, label: string): Finding[] {
    const clusterFile = this.memo('clusterFile', () => {
      const stack = this.stack().value;
      const cluster =
        this.opts.sampleCluster ??
        sampleCluster(
          stack ? formatClusterClassName(stack) : undefined,
          this.metadata().value?.kubernetes || undefined,
        );
      return this.objectFile('cluster.json', cluster);
    });
    const res = renderValues(this.bin, {
      template,
      cluster: clusterFile,
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
      return [error(8, `${label}: ${res.message} (${hint})`)];
    }
    // Helm reads the result (`-f -`) as a values file, which must be a mapping or empty.
    let values: unknown;
    try {
      values = parseYaml(res.output);
    } catch (e) {
      return [
        error(
          8,
          `${label}: the rendered Helm values are not valid YAML: ${errorMessage(e).split('\n')[0]} (helm template rejects them)`,
        ),
      ];
    }
    if (values !== null && values !== undefined && (typeof values !== 'object' || Array.isArray(values))) {
      return [
        error(
          8,
          `${label}: the rendered Helm values are not a YAML mapping (helm template rejects them; the "values" string must hold a mapping)`,
        ),
      ];
    }
    return [];
  }
}

/** `addonStages.<hook>[<i>] (<name>)`: how findings name a stage. */
export function stageLabel(s: Stage): string {
  return `addonStages.${s.hook}[${s.index}] (${s.name === '' ? 'no name' : s.name})`;
}

function decodeStage(d: GoYamlDecoder, raw: unknown, hook: string, index: number): Stage {
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
