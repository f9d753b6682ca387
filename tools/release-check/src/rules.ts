// The rules of release-contract §2.4, one function each: a rule reads the parts of the release it needs
// (release-dir.ts reads each part once) and returns its findings in the order found.

import { existsSync, statSync } from 'fs';
import { join } from 'path';
import { parse as parseYaml } from 'yaml';
import {
  AFTER_CONTROL_PLANE_INITIALIZED,
  BEFORE_CLUSTER_UPGRADE,
  CEL_RESERVED,
  CLUSTER_ADDON_VALUES,
  error,
  EXECUTED_HOOKS,
  Finding,
  OVERWRITE_YAML,
  warning,
} from './contract';
import { compileCel } from './cso-render';
import { formatClusterClassName, formatDashVersion, formatDotVersion, stackPrefix } from './names';
import { compareNames, errorMessage, ReleaseDir, Stage, stageLabel, WaitFor } from './release-dir';
import { classifyNamespace, isReleaseNameChartVersion, scanTemplate } from './templates';

/** One rule of the contract: its number, what it requires, and its check. */
export interface Rule {
  readonly rule: number;
  readonly title: string;
  readonly check: (release: ReleaseDir) => readonly Finding[];
}

/** Rule 1: the tag parses as CSO parses it, and is a valid object name and OCI tag. */
export function rule1TagParses(release: ReleaseDir): readonly Finding[] {
  return release.stack().findings;
}

/** Rule 2: metadata.yaml exists and decodes as CSO's `Metadata`. */
export function rule2MetadataDecodes(release: ReleaseDir): readonly Finding[] {
  return release.metadata().findings;
}

/** Rule 3: the stack, addon and node-image versions have the dot form. */
export function rule3VersionsDotForm(release: ReleaseDir): readonly Finding[] {
  return release.versions().findings;
}

/** Rule 4: versions.kubernetes is set. */
export function rule4KubernetesVersionSet(release: ReleaseDir): readonly Finding[] {
  const meta = release.metadata().value;
  if (!meta || meta.kubernetes !== '') return [];
  return [
    error(
      4,
      'failed to validate release: failed to validate metadata: kubernetes version empty: empty version (set versions.kubernetes, e.g. v1.27.3)',
    ),
  ];
}

/** Rule 5: the cluster-class chart is found by CSO's name filter and is a readable archive. */
export function rule5ClassChartFound(release: ReleaseDir): readonly Finding[] {
  return release.classChart().findings;
}

/** Rule 6: the cluster-addon archive is found and CSO's untar accepts it. */
export function rule6AddonChartFound(release: ReleaseDir): readonly Finding[] {
  return release.addonChart().findings;
}

/** Rule 7: single-chart mode has cluster-addon-values.yaml. */
export function rule7OldModeValues(release: ReleaseDir): readonly Finding[] {
  if (release.newMode) return [];
  const path = join(release.dir, CLUSTER_ADDON_VALUES);
  if (existsSync(path) && statSync(path).isFile()) return [];
  return [
    error(
      7,
      `failed to build template from cluster addon values: failed to read the file ${path} (without clusteraddon.yaml CSO uses the ` +
        'single-chart mode, which needs cluster-addon-values.yaml; add it, or add clusteraddon.yaml for the multi-stage mode)',
    ),
  ];
}

/** Rule 8: values templates render to a mapping of Helm values. */
export function rule8ValuesRender(release: ReleaseDir): readonly Finding[] {
  if (!release.newMode) {
    const path = join(release.dir, CLUSTER_ADDON_VALUES);
    if (!existsSync(path) || !statSync(path).isFile()) return [];
    return release.renderValuesFile(path, CLUSTER_ADDON_VALUES);
  }
  const archive = release.addonChart().value;
  if (!archive) return [];
  return archive.entries.flatMap((e) => {
    const segments = e.path.split('/');
    if (e.type !== 'file' || segments.length !== 2 || segments[1] !== OVERWRITE_YAML) return [];
    const file = release.scratchFile(join('cluster-addon', segments[0], OVERWRITE_YAML), e.content);
    return release.renderValuesFile(file, `${archive.name}:${e.path}`);
  });
}

/** Rule 9: clusteraddon.yaml decodes, and every stage is non-empty with action apply or delete. */
export function rule9AddonConfigValid(release: ReleaseDir): readonly Finding[] {
  if (!release.newMode) return [];
  const { value: config, findings } = release.addonConfig();
  if (!config) return findings;
  return config.stages.flatMap((s) => {
    if (s.nil)
      return [
        error(
          9,
          `clusteraddon.yaml: addonStages.${s.hook}[${s.index}] is empty (line ${s.line}); CSO would crash on it (remove the empty list item)`,
        ),
      ];
    if (s.action !== 'apply' && s.action !== 'delete')
      return [
        error(
          9,
          `clusteraddon.yaml: ${stageLabel(s)} has action ${JSON.stringify(s.action)}; CSO applies only the exact value "apply" ` +
            'and executes every other action as delete (use "apply" or "delete")',
        ),
      ];
    return [];
  });
}

/** Rule 10: versions.kubernetes is vMAJOR.MINOR.PATCH of the tag's minor. */
export function rule10KubernetesVersionOfTag(release: ReleaseDir): readonly Finding[] {
  const meta = release.metadata().value;
  if (!meta || meta.kubernetes === '') return [];
  const k = /^v(\d+)\.(\d+)\.(\d+)$/.exec(meta.kubernetes);
  if (!k) {
    return [
      warning(
        10,
        `metadata.yaml versions.kubernetes ${JSON.stringify(meta.kubernetes)} is not of the form vMAJOR.MINOR.PATCH such as v1.27.3 ` +
          '(CSO passes it to helm template --kube-version, and its Cluster webhook requires Cluster.spec.topology.version to equal it)',
      ),
    ];
  }
  const stack = release.stack().value;
  if (!stack || (Number(k[1]) === stack.kubernetesMajor && Number(k[2]) === stack.kubernetesMinor)) return [];
  const minor = `${stack.kubernetesMajor}.${stack.kubernetesMinor}`;
  return [
    warning(
      10,
      `metadata.yaml versions.kubernetes ${meta.kubernetes} is not a Kubernetes ${minor} version, ` +
        `but the release tag ${release.tag} is for ${minor} (use a ${minor}.x version)`,
    ),
  ];
}

/** Rule 11: the cluster-class chart's name, version and ClusterClass name are those CSO expects. */
export function rule11ClassChartContents(release: ReleaseDir): readonly Finding[] {
  const stack = release.stack().value;
  const archive = release.classChart().value;
  if (!stack || !archive) return [];
  const charts = archive.entries.filter((e) => e.type === 'file' && /^[^/]+\/Chart\.yaml$/.test(e.path));
  if (charts.length === 0) {
    return [
      error(
        11,
        `${archive.name} has no <chart>/Chart.yaml, so it is not a Helm chart archive (package the cluster-class chart with helm package)`,
      ),
    ];
  }
  const findings: Finding[] = [];
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
    return [
      error(
        11,
        `${archive.name}: ${chartFile.path} is not valid YAML: ${errorMessage(e).split('\n')[0]} (helm template cannot load the chart)`,
      ),
    ];
  }
  if (chart.name !== expectedName) {
    findings.push(
      warning(
        11,
        `${archive.name}: ${chartFile.path} has name ${JSON.stringify(chart.name ?? null)}, not ${expectedName} ` +
          '(csctl packages the chart as <name>-<version>.tgz, and CSO finds it by that file name)',
      ),
    );
  }
  if (String(chart.version) !== expectedVersion) {
    findings.push(
      warning(
        11,
        `${archive.name}: ${chartFile.path} has version ${JSON.stringify(chart.version ?? null)}, not the release version ${expectedVersion} ` +
          `(the ClusterClass is named {{ .Release.Name }}-{{ .Chart.Version }} and must render to ${className})`,
      ),
    );
  }
  let classes = 0;
  for (const file of release.templateFiles(
    archive.entries.filter((e) => e.path.startsWith(`${top}/`)),
    archive.name,
  )) {
    for (const doc of scanTemplate(file.text)) {
      if (doc.kind !== 'ClusterClass') continue;
      classes++;
      const name = doc.name?.value;
      if (name === undefined || (!isReleaseNameChartVersion(name) && name !== className)) {
        findings.push(
          warning(
            11,
            `${file.label}: the ClusterClass is named ${JSON.stringify(name ?? null)}${doc.name ? ` (line ${doc.name.line})` : ''}; ` +
              `name it {{ .Release.Name }}-{{ .Chart.Version }} so that it renders to ${className}, the class Clusters refer to`,
          ),
        );
      }
    }
  }
  if (classes === 0) {
    findings.push(
      warning(
        11,
        `${archive.name}: no template defines a kind: ClusterClass (add one named {{ .Release.Name }}-{{ .Chart.Version }}, which renders to ${className})`,
      ),
    );
  }
  return findings;
}

/** Rule 12: versions.clusterStack equals the tag's version. */
export function rule12ClusterStackVersionOfTag(release: ReleaseDir): readonly Finding[] {
  const stack = release.stack().value;
  const cs = release.versions().value?.clusterStack;
  const meta = release.metadata().value;
  if (!stack || !cs || !meta || formatDashVersion(cs) === formatDashVersion(stack.version)) return [];
  const want = formatDotVersion(stack.version);
  return [
    warning(
      12,
      `metadata.yaml versions.clusterStack ${meta.clusterStack} does not equal the version ${want} of the release tag ${release.tag} ` +
        `(csctl always writes them equal: set it to ${want})`,
    ),
  ];
}

/** Rule 13: every executed stage names a chart of the addon archive, and every chart is named by a stage. */
export function rule13StagesMatchCharts(release: ReleaseDir): readonly Finding[] {
  if (!release.newMode) return [];
  const stages = release.addonConfig().value?.stages;
  const archive = release.addonChart().value;
  if (!stages || !archive) return [];
  const findings: Finding[] = [];
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
  for (const s of stages) {
    if (s.nil || !EXECUTED_HOOKS.includes(s.hook)) continue;
    named.add(s.name);
    if (!charts.has(s.name)) {
      findings.push(
        warning(
          13,
          `clusteraddon.yaml: ${stageLabel(s)} names chart ${JSON.stringify(s.name)}, but ${archive.name} has no ${s.name}/Chart.yaml; ` +
            'CSO marks HelmChartFound=False (HelmChartMissing) and silently skips the stage (name the stage after a top-level chart directory of the archive)',
        ),
      );
    }
  }
  for (const d of [...topDirs].sort(compareNames)) {
    if (!named.has(d)) {
      findings.push(
        warning(
          13,
          `${archive.name}: chart directory ${d}/ is not named by any stage of ${EXECUTED_HOOKS.join(' or ')} in clusteraddon.yaml, ` +
            'so CSO never applies it (add a stage or remove the directory)',
        ),
      );
    }
  }
  return findings;
}

/** Rule 14: only the executed hooks are used, and AfterControlPlaneInitialized has stages. */
export function rule14ExecutedHooks(release: ReleaseDir): readonly Finding[] {
  if (!release.newMode) return [];
  const config = release.addonConfig().value;
  if (!config) return [];
  const findings = config.hooks
    .filter((hook) => !EXECUTED_HOOKS.includes(hook))
    .map((hook) =>
      warning(
        14,
        `clusteraddon.yaml: hook ${hook} is never executed; CSO runs only ${EXECUTED_HOOKS.join(' and ')} (move its stages there)`,
      ),
    );
  if (!config.stages.some((s) => s.hook === AFTER_CONTROL_PLANE_INITIALIZED && !s.nil)) {
    findings.push(
      warning(
        14,
        `clusteraddon.yaml: ${AFTER_CONTROL_PLANE_INITIALIZED} has no stages, so no addon is installed when a cluster is created`,
      ),
    );
  }
  return findings;
}

/** Rule 15: every chart applied at creation is applied again on upgrade. */
export function rule15AppliedOnUpgrade(release: ReleaseDir): readonly Finding[] {
  if (!release.newMode) return [];
  const stages = release.addonConfig().value?.stages;
  if (!stages) return [];
  const appliedOnUpgrade = new Set(
    stages.filter((s) => s.hook === BEFORE_CLUSTER_UPGRADE && s.action === 'apply').map((s) => s.name),
  );
  const reported = new Set<string>();
  const findings: Finding[] = [];
  for (const s of stages) {
    if (
      s.hook !== AFTER_CONTROL_PLANE_INITIALIZED ||
      s.action !== 'apply' ||
      appliedOnUpgrade.has(s.name) ||
      reported.has(s.name)
    )
      continue;
    reported.add(s.name);
    findings.push(
      warning(
        15,
        `clusteraddon.yaml: ${JSON.stringify(s.name)} is applied in ${AFTER_CONTROL_PLANE_INITIALIZED} but not in ${BEFORE_CLUSTER_UPGRADE}; ` +
          `CSO deletes its objects on the first upgrade (apply it in ${BEFORE_CLUSTER_UPGRADE} too)`,
      ),
    );
  }
  return findings;
}

function conditionFindings(release: ReleaseDir, s: Stage, which: string, w: WaitFor): Finding[] {
  if (!w.set) return [];
  const findings: Finding[] = [];
  const where = `clusteraddon.yaml: ${stageLabel(s)} ${which}`;
  const seen = new Set<string>();
  w.objects.forEach((o, j) => {
    if (!/^[_a-zA-Z][_a-zA-Z0-9]*$/.test(o.key) || CEL_RESERVED.has(o.key)) {
      findings.push(
        warning(
          16,
          `${where}.objects[${j}].key ${JSON.stringify(o.key)} is not a CEL identifier (use letters, digits and "_", not starting with a digit, not a reserved word)`,
        ),
      );
    } else if (seen.has(o.key)) {
      findings.push(
        warning(
          16,
          `${where}.objects[${j}].key ${JSON.stringify(o.key)} is declared twice (give each object its own key)`,
        ),
      );
    }
    seen.add(o.key);
    const missing = (['apiVersion', 'kind', 'name'] as const).filter((f) => o[f] === '');
    if (missing.length > 0) {
      findings.push(
        warning(
          16,
          `${where}.objects[${j}] lacks ${missing.join(', ')}; CSO cannot fetch the object and the stage never completes`,
        ),
      );
    }
  });
  if (w.conditions.trim() === '') {
    findings.push(
      warning(
        16,
        `${where}.conditions is empty; CSO fails to compile it and the stage never completes (write a boolean CEL expression over the object keys)`,
      ),
    );
    return findings;
  }
  const keys = w.objects.map((o) => o.key).filter((k) => k !== '' && !k.includes(','));
  const res = compileCel(release.bin, keys, w.conditions);
  if (!res.ok) findings.push(warning(16, `${where}.conditions: ${res.message}`));
  return findings;
}

/** Rule 16: every set wait condition names fetchable objects by CEL keys and compiles to a boolean. */
export function rule16WaitConditions(release: ReleaseDir): readonly Finding[] {
  if (!release.newMode) return [];
  const stages = release.addonConfig().value?.stages ?? [];
  return stages
    .filter((s) => !s.nil)
    .flatMap((s) => [
      ...conditionFindings(release, s, 'waitForPreCondition', s.pre),
      ...conditionFindings(release, s, 'waitForPostCondition', s.post),
    ]);
}

/** Rule 17: templates set no namespace CSO would not install into (cluster class first, then the addons). */
export function rule17TemplateNamespaces(release: ReleaseDir): readonly Finding[] {
  const findings: Finding[] = [];
  const classArchive = release.stack().value ? release.classChart().value : undefined;
  const classCharts = classArchive?.entries.filter(
    (e) => e.type === 'file' && /^[^/]+\/Chart\.yaml$/.test(e.path),
  );
  if (classArchive && classCharts && classCharts.length > 0) {
    const top = classCharts[0].path.split('/')[0];
    let chartYamlParses = true;
    try {
      parseYaml(classCharts[0].content.toString('utf8'));
    } catch {
      chartYamlParses = false; // rule 11 reports it; its templates are not read
    }
    if (chartYamlParses) {
      const files = release.templateFiles(
        classArchive.entries.filter((e) => e.path.startsWith(`${top}/`)),
        classArchive.name,
      );
      for (const file of files) {
        for (const doc of scanTemplate(file.text)) {
          const ns = classifyNamespace(doc.namespace?.value);
          if (ns.kind === 'literal') {
            findings.push(
              warning(
                17,
                `${file.label}: metadata.namespace ${JSON.stringify(ns.text)} (line ${doc.namespace!.line}) is a fixed namespace; CSO installs the ` +
                  "cluster-class chart into the ClusterStackRelease's namespace (use {{ .Release.Namespace }} or leave it unset)",
              ),
            );
          }
        }
      }
    }
  }
  const addonArchive = release.addonChart().value;
  if (addonArchive) {
    for (const file of release.templateFiles(addonArchive.entries, addonArchive.name)) {
      for (const doc of scanTemplate(file.text)) {
        const ns = classifyNamespace(doc.namespace?.value);
        if (ns.kind === 'literal' && ns.text !== 'kube-system') {
          findings.push(
            warning(
              17,
              `${file.label}: metadata.namespace ${JSON.stringify(ns.text)} (line ${doc.namespace!.line}) is not kube-system; CSO applies ` +
                'every namespaced addon object into kube-system (use {{ .Release.Namespace }}, kube-system, or leave it unset)',
            ),
          );
        }
      }
    }
  }
  return findings;
}

/** The rules of release-contract §2.4, in order; findings are reported rule by rule. */
export const RULES: readonly Rule[] = [
  { rule: 1, title: 'the tag parses as CSO parses it', check: rule1TagParses },
  { rule: 2, title: 'metadata.yaml decodes', check: rule2MetadataDecodes },
  { rule: 3, title: 'versions have the dot form', check: rule3VersionsDotForm },
  { rule: 4, title: 'versions.kubernetes is set', check: rule4KubernetesVersionSet },
  { rule: 5, title: 'the cluster-class chart is found', check: rule5ClassChartFound },
  { rule: 6, title: 'the cluster-addon archive is found and untars', check: rule6AddonChartFound },
  { rule: 7, title: 'single-chart mode has its values file', check: rule7OldModeValues },
  { rule: 8, title: 'values templates render to Helm values', check: rule8ValuesRender },
  { rule: 9, title: 'clusteraddon.yaml is valid', check: rule9AddonConfigValid },
  {
    rule: 10,
    title: "versions.kubernetes is a release of the tag's minor",
    check: rule10KubernetesVersionOfTag,
  },
  { rule: 11, title: 'the cluster-class chart is named as CSO expects', check: rule11ClassChartContents },
  { rule: 12, title: "versions.clusterStack is the tag's version", check: rule12ClusterStackVersionOfTag },
  { rule: 13, title: 'stages and addon charts match', check: rule13StagesMatchCharts },
  { rule: 14, title: 'only executed hooks are used', check: rule14ExecutedHooks },
  { rule: 15, title: 'what is applied at creation is applied on upgrade', check: rule15AppliedOnUpgrade },
  { rule: 16, title: 'wait conditions compile', check: rule16WaitConditions },
  { rule: 17, title: 'templates set no foreign namespace', check: rule17TemplateNamespaces },
];
