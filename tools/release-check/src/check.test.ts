import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkRelease, Finding } from './check';
import { CSO_RENDER_NOT_BUILT, findRepoRoot, locateCsoRender } from './cso-render';
import {
  CLUSTER_ADDON_YAML,
  CLUSTER_CLASS_TEMPLATE,
  file,
  metadataYaml,
  passingOldModeRelease,
  passingRelease,
  ReleaseFixture,
  tarGzWithSymlink,
  writeRelease,
} from './fixture';
import { createTarGz } from './tar';

const repoRoot = findRepoRoot(__dirname)!;
let csoRender: string;
let root: string;

beforeAll(() => {
  // The rules run the real cso-render; build it (a no-op when it is up to date).
  execFileSync('bash', [join(repoRoot, 'tools', 'cso-render', 'build.sh')], { stdio: 'pipe' });
  csoRender = locateCsoRender(repoRoot);
}, 600_000);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'release-check-test-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes the fixture and checks it; returns the findings and the release directory. */
function check(r: ReleaseFixture): { findings: Finding[]; dir: string } {
  const dir = writeRelease(root, r);
  return { findings: checkRelease(dir, { csoRender }), dir };
}

function replaceIn(
  r: ReleaseFixture,
  which: 'classEntries' | 'addonEntries',
  path: string,
  from: string,
  to: string,
): void {
  const entry = r[which].find((e) => e.path === path);
  if (!entry?.content) throw new Error(`no ${path}`);
  const text = entry.content.toString();
  if (!text.includes(from)) throw new Error(`${path} has no ${from}`);
  entry.content = Buffer.from(text.replace(from, to));
}

const CLASS = 'docker-ferrol-1-27-cluster-class-v1.tgz';
const ADDON = 'docker-ferrol-1-27-cluster-addon-v1.tgz';
const TAG_HINT =
  '(name the release directory <provider>-<name>-<major>-<minor>-<version> with the version in dash form, ' +
  'e.g. docker-ferrol-1-27-v1 or docker-ferrol-1-27-v0-sha-abcdefg; provider and name contain no "-")';

describe('releases CSO accepts', () => {
  it.each([['stable'], ['hash']] as const)('a %s multi-stage release has no findings', (kind) => {
    // GIVEN a complete multi-stage release (stable v1 or hash v0-sha.abcdefg)
    // WHEN it is checked
    const { findings } = check(passingRelease(kind));
    // THEN nothing is wrong
    expect(findings).toEqual([]);
  });

  it('an old-mode release (cluster-addon-values.yaml, no clusteraddon.yaml) has no findings', () => {
    // GIVEN a release with one umbrella addon chart and cluster-addon-values.yaml
    // WHEN it is checked THEN nothing is wrong
    expect(check(passingOldModeRelease()).findings).toEqual([]);
  });

  it("selects the cluster-addon archive by metadata's clusterAddon version, which may differ from the tag", () => {
    // GIVEN release v3 whose metadata says clusterAddon v2, with ...-cluster-addon-v2.tgz (like CSO's docker-ferrol-1-27-v3 fixture)
    const r = passingRelease('stable');
    r.tag = 'docker-ferrol-1-27-v3';
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v3',
      kubernetes: 'v1.27.3',
      clusterAddon: 'v2',
      nodeImage: 'v3',
    });
    r.classArchiveName = 'docker-ferrol-1-27-cluster-class-v3.tgz';
    replaceIn(r, 'classEntries', 'docker-ferrol-1-27-cluster-class/Chart.yaml', 'version: v1', 'version: v3');
    r.addonArchiveName = 'docker-ferrol-1-27-cluster-addon-v2.tgz';
    // WHEN it is checked THEN nothing is wrong
    expect(check(r).findings).toEqual([]);
  });
});

describe('rule 1: the tag', () => {
  it('rejects a tag containing "." (the dot form belongs to ClusterClass names)', () => {
    // GIVEN a hash release whose directory uses the dot form v0-sha.abcdefg
    const r = passingRelease('hash');
    r.tag = 'docker-ferrol-1-27-v0-sha.abcdefg';
    // WHEN it is checked
    const { findings } = check(r);
    // THEN CSO's parse error: 6 "-" parts are an invalid format
    expect(findings).toEqual([
      {
        rule: 1,
        severity: 'error',
        message: `failed to parse cluster stack release: invalid format ${TAG_HINT}`,
      },
    ]);
  });

  it('rejects a non-integer Kubernetes minor version', () => {
    // GIVEN a tag with minor "2x" WHEN checked THEN CSO's Kubernetes version error
    const r = passingRelease('stable');
    r.tag = 'docker-ferrol-1-2x-v1';
    expect(check(r).findings).toEqual([
      {
        rule: 1,
        severity: 'error',
        message: `failed to parse cluster stack release: failed to create Kubernetes version from 1-2x: invalid minor version ${TAG_HINT}`,
      },
    ]);
  });
});

describe('rule 2: metadata.yaml', () => {
  it('requires metadata.yaml', () => {
    // GIVEN a release without metadata.yaml
    const r = passingRelease('stable');
    delete r.files['metadata.yaml'];
    // WHEN checked
    const { findings, dir } = check(r);
    // THEN CSO cannot read the metadata
    expect(findings).toEqual([
      {
        rule: 2,
        severity: 'error',
        message: `failed to get metadata: failed to read metadata file ${join(dir, 'metadata.yaml')} (add metadata.yaml at the top level of the release)`,
      },
    ]);
  });

  it("requires metadata.yaml to decode into CSO's Metadata struct", () => {
    // GIVEN versions given as a list
    const r = passingRelease('stable');
    r.files['metadata.yaml'] = 'apiVersion: metadata.clusterstack.x-k8s.io/v1alpha1\nversions:\n  - v1\n';
    // WHEN checked THEN yaml.v3's type error
    expect(check(r).findings).toEqual([
      {
        rule: 2,
        severity: 'error',
        message:
          'failed to get metadata: failed to unmarshal metadata: yaml: unmarshal errors: line 3: cannot unmarshal !!seq into release.Versions ' +
          '(metadata.yaml must be a mapping with versions.clusterStack, versions.kubernetes, versions.components.clusterAddon and versions.components.nodeImage)',
      },
    ]);
  });
});

describe('rule 3: metadata versions', () => {
  it('requires nodeImage although CSO does not use it', () => {
    // GIVEN metadata without components.nodeImage
    const r = passingRelease('stable');
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v1',
      kubernetes: 'v1.27.3',
      clusterAddon: 'v1',
      nodeImage: 'v1',
    }).replace('    nodeImage: v1\n', '');
    // WHEN checked THEN CSO's parse error with the empty value
    expect(check(r).findings).toEqual([
      {
        rule: 3,
        severity: 'error',
        message:
          'failed to get metadata: failed to parse NodeImage version from metadata: invalid version string  ' +
          '(set versions.components.nodeImage to a dot-form version such as v1 or v0-sha.abcdefg; CSO parses it even though it does not use it)',
      },
    ]);
  });

  it('rejects the dash form in metadata', () => {
    // GIVEN a hash release whose metadata says clusterStack v0-sha-abcdefg
    const r = passingRelease('hash');
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v0-sha-abcdefg',
      kubernetes: 'v1.27.3',
      clusterAddon: 'v0-sha.abcdefg',
      nodeImage: 'v0-sha.abcdefg',
    });
    // WHEN checked THEN CSO's parse error
    expect(check(r).findings).toEqual([
      {
        rule: 3,
        severity: 'error',
        message:
          'failed to get metadata: failed to parse ClusterStack version from metadata: invalid version string v0-sha-abcdefg ' +
          '(set versions.clusterStack to a dot-form version such as v1 or v0-sha.abcdefg)',
      },
    ]);
  });
});

describe('rule 4: kubernetes version', () => {
  it('requires a non-empty versions.kubernetes', () => {
    // GIVEN kubernetes: ""
    const r = passingRelease('stable');
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v1',
      kubernetes: '""',
      clusterAddon: 'v1',
      nodeImage: 'v1',
    });
    // WHEN checked THEN CSO's validation error
    expect(check(r).findings).toEqual([
      {
        rule: 4,
        severity: 'error',
        message:
          'failed to validate release: failed to validate metadata: kubernetes version empty: empty version (set versions.kubernetes, e.g. v1.27.3)',
      },
    ]);
  });
});

describe('rule 5: cluster-class archive', () => {
  it('does not find a .tar.gz', () => {
    // GIVEN the cluster-class archive named .tar.gz
    const r = passingRelease('stable');
    r.classArchiveName = 'docker-ferrol-1-27-cluster-class-v1.tar.gz';
    // WHEN checked
    const { findings, dir } = check(r);
    // THEN CSO's lookup fails
    expect(findings).toEqual([
      {
        rule: 5,
        severity: 'error',
        message:
          'failed to validate helm charts: failed to get cluster class chart path: helm chart matching the name filter ' +
          `docker-ferrol-1-27-cluster-class-v1 not found in ${dir} (add the cluster-class chart packaged as docker-ferrol-1-27-cluster-class-v1.tgz)`,
      },
    ]);
  });

  it('warns when the substring filter matches more than one file', () => {
    // GIVEN a stray ...-cluster-class-v10.tgz next to ...-cluster-class-v1.tgz
    const r = passingRelease('stable');
    r.files['docker-ferrol-1-27-cluster-class-v10.tgz'] = createTarGz(r.classEntries);
    // WHEN checked THEN CSO's first match in name order is named
    expect(check(r).findings).toEqual([
      {
        rule: 5,
        severity: 'warning',
        message:
          'CSO selects docker-ferrol-1-27-cluster-class-v1.tgz as the cluster class chart by the name filter docker-ferrol-1-27-cluster-class-v1 ' +
          '(matching files: docker-ferrol-1-27-cluster-class-v1.tgz, docker-ferrol-1-27-cluster-class-v10.tgz); ' +
          'keep exactly one matching file, named docker-ferrol-1-27-cluster-class-v1.tgz',
      },
    ]);
  });
});

describe('rule 6: cluster-addon archive', () => {
  it('looks for the clusterAddon version of metadata, not the tag version', () => {
    // GIVEN release v2 whose metadata says clusterAddon v1, but the addon archive is named ...-v2.tgz
    const r = passingRelease('stable');
    r.tag = 'docker-ferrol-1-27-v2';
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v2',
      kubernetes: 'v1.27.3',
      clusterAddon: 'v1',
      nodeImage: 'v2',
    });
    r.classArchiveName = 'docker-ferrol-1-27-cluster-class-v2.tgz';
    replaceIn(r, 'classEntries', 'docker-ferrol-1-27-cluster-class/Chart.yaml', 'version: v1', 'version: v2');
    r.addonArchiveName = 'docker-ferrol-1-27-cluster-addon-v2.tgz';
    // WHEN checked
    const { findings, dir } = check(r);
    // THEN CSO does not find ...-cluster-addon-v1
    expect(findings).toEqual([
      {
        rule: 6,
        severity: 'error',
        message:
          'failed to validate helm charts: failed to get cluster addon chart path: helm chart matching the name filter docker-ferrol-1-27-cluster-addon-v1 ' +
          `not found in ${dir} (the cluster-addon archive is named after metadata.yaml versions.components.clusterAddon (v1), ` +
          'which may differ from the release version: add docker-ferrol-1-27-cluster-addon-v1.tgz)',
      },
    ]);
  });

  it("rejects a symlink in the cluster-addon archive, as CSO's untar does", () => {
    // GIVEN a symlink inside the addon archive
    const r = passingRelease('stable');
    r.addonArchive = tarGzWithSymlink(
      r.addonEntries,
      'metrics-server/templates/link.yaml',
      'deployment.yaml',
    );
    // WHEN checked
    const { findings, dir } = check(r);
    // THEN CSO's "unsupported type" error
    expect(findings).toEqual([
      {
        rule: 6,
        severity: 'error',
        message:
          `failed to untar new cluster stack cluster addon chart: "${join(dir, ADDON)}": unsupported type: 2 in file metrics-server/templates/link.yaml ` +
          '(CSO untars only regular files and directories: replace links by copies of the files)',
      },
    ]);
  });
});

describe('rule 7: old-mode values file', () => {
  it('requires cluster-addon-values.yaml without clusteraddon.yaml', () => {
    // GIVEN an old-mode release without cluster-addon-values.yaml
    const r = passingOldModeRelease();
    delete r.files['cluster-addon-values.yaml'];
    // WHEN checked
    const { findings, dir } = check(r);
    // THEN CSO cannot read it
    expect(findings).toEqual([
      {
        rule: 7,
        severity: 'error',
        message:
          `failed to build template from cluster addon values: failed to read the file ${join(dir, 'cluster-addon-values.yaml')} ` +
          '(without clusteraddon.yaml CSO uses the single-chart mode, which needs cluster-addon-values.yaml; add it, or add clusteraddon.yaml for the multi-stage mode)',
      },
    ]);
  });
});

describe('rule 8: values templates render to a mapping (real cso-render)', () => {
  it('rejects an overwrite.yaml that renders to a scalar', () => {
    // GIVEN an overwrite.yaml that renders to the cluster name only
    const r = passingRelease('stable');
    replaceIn(
      r,
      'addonEntries',
      'metrics-server/overwrite.yaml',
      r.addonEntries.find((e) => e.path === 'metrics-server/overwrite.yaml')!.content!.toString(),
      '{{ .Cluster.metadata.name }}\n',
    );
    // WHEN checked
    const { findings } = check(r);
    // THEN CSO would panic on the type assertion
    expect(findings).toEqual([
      {
        rule: 8,
        severity: 'error',
        message:
          `${ADDON}:metrics-server/overwrite.yaml: rendered template is not a YAML mapping (got a string); CSO would panic on it ` +
          '(it type-asserts the document to a mapping before reading the "values" key) (make it render to a YAML mapping, e.g. "values: |" followed by the Helm values)',
      },
    ]);
  });

  it('rejects a values string Helm cannot use as a values file', () => {
    // GIVEN an old-mode values file whose "values" string is a scalar
    const r = passingOldModeRelease();
    r.files['cluster-addon-values.yaml'] = 'values: "{{ .Cluster.metadata.name }}"\n';
    // WHEN checked THEN helm template would reject the values
    expect(check(r).findings).toEqual([
      {
        rule: 8,
        severity: 'error',
        message:
          'cluster-addon-values.yaml: the rendered Helm values are not a YAML mapping (helm template rejects them; the "values" string must hold a mapping)',
      },
    ]);
  });
});

describe('rule 9: stage actions', () => {
  it('rejects action "Apply", which CSO executes as delete', () => {
    // GIVEN a stage with action Apply
    const r = passingRelease('stable');
    r.files['clusteraddon.yaml'] = CLUSTER_ADDON_YAML.replace(
      '    - name: cni\n      action: apply\n',
      '    - name: cni\n      action: Apply\n',
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 9,
        severity: 'error',
        message:
          'clusteraddon.yaml: addonStages.AfterControlPlaneInitialized[0] (cni) has action "Apply"; CSO applies only the exact value "apply" ' +
          'and executes every other action as delete (use "apply" or "delete")',
      },
    ]);
  });
});

describe('rule 10: kubernetes version form', () => {
  it.each([
    [
      '1.27.3',
      'metadata.yaml versions.kubernetes "1.27.3" is not of the form vMAJOR.MINOR.PATCH such as v1.27.3 ' +
        '(CSO passes it to helm template --kube-version, and its Cluster webhook requires Cluster.spec.topology.version to equal it)',
    ],
    [
      'v1.28.3',
      'metadata.yaml versions.kubernetes v1.28.3 is not a Kubernetes 1.27 version, but the release tag docker-ferrol-1-27-v1 is for 1.27 (use a 1.27.x version)',
    ],
  ])('warns about kubernetes %s', (kubernetes, message) => {
    // GIVEN metadata with this kubernetes version WHEN checked THEN a warning
    const r = passingRelease('stable');
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v1',
      kubernetes,
      clusterAddon: 'v1',
      nodeImage: 'v1',
    });
    expect(check(r).findings).toEqual([{ rule: 10, severity: 'warning', message }]);
  });
});

describe('rule 11: cluster-class chart', () => {
  it('requires the ClusterClass to be named {{ .Release.Name }}-{{ .Chart.Version }}', () => {
    // GIVEN a ClusterClass named after the release only
    const r = passingRelease('stable');
    replaceIn(
      r,
      'classEntries',
      'docker-ferrol-1-27-cluster-class/templates/cluster-class.yaml',
      CLUSTER_CLASS_TEMPLATE,
      CLUSTER_CLASS_TEMPLATE.replace(
        'kind: ClusterClass\nmetadata:\n  name: {{ .Release.Name }}-{{ .Chart.Version }}',
        'kind: ClusterClass\nmetadata:\n  name: {{ .Release.Name }}',
      ),
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 11,
        severity: 'warning',
        message:
          `${CLASS}:docker-ferrol-1-27-cluster-class/templates/cluster-class.yaml: the ClusterClass is named "{{ .Release.Name }}" (line 4); ` +
          'name it {{ .Release.Name }}-{{ .Chart.Version }} so that it renders to docker-ferrol-1-27-v1, the class Clusters refer to',
      },
    ]);
  });

  it('requires the chart version to be the release version in dot form', () => {
    // GIVEN a hash release whose cluster-class Chart.yaml still says v0
    const r = passingRelease('hash');
    replaceIn(
      r,
      'classEntries',
      'docker-ferrol-1-27-cluster-class/Chart.yaml',
      'version: v0-sha.abcdefg',
      'version: v0',
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 11,
        severity: 'warning',
        message:
          'docker-ferrol-1-27-cluster-class-v0-sha.abcdefg.tgz: docker-ferrol-1-27-cluster-class/Chart.yaml has version "v0", not the release version v0-sha.abcdefg ' +
          '(the ClusterClass is named {{ .Release.Name }}-{{ .Chart.Version }} and must render to docker-ferrol-1-27-v0-sha.abcdefg)',
      },
    ]);
  });
});

describe('rule 12: metadata clusterStack equals the tag', () => {
  it('warns when they differ', () => {
    // GIVEN release v1 whose metadata says clusterStack v2
    const r = passingRelease('stable');
    r.files['metadata.yaml'] = metadataYaml({
      clusterStack: 'v2',
      kubernetes: 'v1.27.3',
      clusterAddon: 'v1',
      nodeImage: 'v1',
    });
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 12,
        severity: 'warning',
        message:
          'metadata.yaml versions.clusterStack v2 does not equal the version v1 of the release tag docker-ferrol-1-27-v1 (csctl always writes them equal: set it to v1)',
      },
    ]);
  });
});

describe('rule 13: stage names are chart directories', () => {
  it('warns about a stage whose chart is not in the archive', () => {
    // GIVEN a BeforeClusterUpgrade stage "ccm" without a ccm/ chart
    const r = passingRelease('stable');
    r.files['clusteraddon.yaml'] = `${CLUSTER_ADDON_YAML}    - name: ccm\n      action: apply\n`;
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 13,
        severity: 'warning',
        message:
          `clusteraddon.yaml: addonStages.BeforeClusterUpgrade[2] (ccm) names chart "ccm", but ${ADDON} has no ccm/Chart.yaml; ` +
          'CSO marks HelmChartFound=False (HelmChartMissing) and silently skips the stage (name the stage after a top-level chart directory of the archive)',
      },
    ]);
  });
});

describe('rule 14: executed hooks', () => {
  it('warns about AfterClusterUpgrade, which CSO never executes', () => {
    // GIVEN stages under AfterClusterUpgrade
    const r = passingRelease('stable');
    r.files['clusteraddon.yaml'] =
      `${CLUSTER_ADDON_YAML}  AfterClusterUpgrade:\n    - name: cni\n      action: apply\n`;
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 14,
        severity: 'warning',
        message:
          'clusteraddon.yaml: hook AfterClusterUpgrade is never executed; CSO runs only AfterControlPlaneInitialized and BeforeClusterUpgrade (move its stages there)',
      },
    ]);
  });
});

describe('rule 15: charts applied at creation are applied on upgrade', () => {
  it('warns about a chart missing from BeforeClusterUpgrade', () => {
    // GIVEN cni applied in AfterControlPlaneInitialized only
    const r = passingRelease('stable');
    r.files['clusteraddon.yaml'] = CLUSTER_ADDON_YAML.replace(
      '  BeforeClusterUpgrade:\n    - name: cni\n      action: apply\n',
      '  BeforeClusterUpgrade:\n',
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 15,
        severity: 'warning',
        message:
          'clusteraddon.yaml: "cni" is applied in AfterControlPlaneInitialized but not in BeforeClusterUpgrade; ' +
          'CSO deletes its objects on the first upgrade (apply it in BeforeClusterUpgrade too)',
      },
    ]);
  });
});

describe('rule 16: CEL conditions (real cso-render)', () => {
  it('warns about a condition that is not boolean', () => {
    // GIVEN a post-condition that computes a number
    const r = passingRelease('stable');
    r.files['clusteraddon.yaml'] = CLUSTER_ADDON_YAML.replace(
      'conditions: ms.status.readyReplicas == ms.spec.replicas',
      'conditions: size(ms.spec) + 1',
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 16,
        severity: 'warning',
        message:
          'clusteraddon.yaml: addonStages.BeforeClusterUpgrade[1] (metrics-server) waitForPostCondition.conditions: cel expression "size(ms.spec) + 1" ' +
          'has output type int, but CSO requires it to evaluate to a bool (accepted: bool, or dyn / google.protobuf.Any that may hold a bool)',
      },
    ]);
  });

  it('warns about an object key that is not a CEL identifier', () => {
    // GIVEN the key "ms-deployment" and a condition that does not use it
    const r = passingRelease('stable');
    r.files['clusteraddon.yaml'] = CLUSTER_ADDON_YAML.replace(
      '- key: ms\n',
      '- key: ms-deployment\n',
    ).replace('conditions: ms.status.readyReplicas == ms.spec.replicas', 'conditions: "true"');
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 16,
        severity: 'warning',
        message:
          'clusteraddon.yaml: addonStages.BeforeClusterUpgrade[1] (metrics-server) waitForPostCondition.objects[0].key "ms-deployment" ' +
          'is not a CEL identifier (use letters, digits and "_", not starting with a digit, not a reserved word)',
      },
    ]);
  });
});

describe('rule 17: namespaces', () => {
  it('warns about an addon object outside kube-system', () => {
    // GIVEN a metrics-server Deployment in namespace monitoring
    const r = passingRelease('stable');
    replaceIn(
      r,
      'addonEntries',
      'metrics-server/templates/deployment.yaml',
      'namespace: kube-system',
      'namespace: monitoring',
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 17,
        severity: 'warning',
        message:
          `${ADDON}:metrics-server/templates/deployment.yaml: metadata.namespace "monitoring" (line 5) is not kube-system; CSO applies ` +
          'every namespaced addon object into kube-system (use {{ .Release.Namespace }}, kube-system, or leave it unset)',
      },
    ]);
  });

  it('warns about a cluster-class object with a fixed namespace', () => {
    // GIVEN the ClusterClass in namespace "default"
    const r = passingRelease('stable');
    replaceIn(
      r,
      'classEntries',
      'docker-ferrol-1-27-cluster-class/templates/cluster-class.yaml',
      '  namespace: {{ .Release.Namespace }}\nspec:',
      '  namespace: "default"\nspec:',
    );
    // WHEN checked
    expect(check(r).findings).toEqual([
      {
        rule: 17,
        severity: 'warning',
        message:
          `${CLASS}:docker-ferrol-1-27-cluster-class/templates/cluster-class.yaml: metadata.namespace "default" (line 5) is a fixed namespace; ` +
          "CSO installs the cluster-class chart into the ClusterStackRelease's namespace (use {{ .Release.Namespace }} or leave it unset)",
      },
    ]);
  });
});

describe('cso-render is required', () => {
  it('fails when it is not built, never skipping the rules that need it', () => {
    // GIVEN a repository root without .tools/bin/cso-render, and a wrong explicit path
    const r = passingRelease('stable');
    const dir = writeRelease(root, r);
    const missing = join(root, 'no-such-cso-render');
    // WHEN the binary is located or used THEN a clear error is raised
    expect(() => locateCsoRender(root)).toThrow(CSO_RENDER_NOT_BUILT);
    expect(CSO_RENDER_NOT_BUILT).toBe('cso-render is not built: run tools/cso-render/build.sh');
    expect(() => checkRelease(dir, { csoRender: missing })).toThrow(
      `cso-render not found at ${missing}: run tools/cso-render/build.sh`,
    );
  });
});

describe('sample objects for values templates', () => {
  it('renders against a given Cluster and InfraCluster', () => {
    // GIVEN an overwrite.yaml that reads the infrastructure cluster, and a custom Cluster without a name
    const r = passingRelease('stable');
    r.addonEntries.push(file('cni/overwrite.yaml', 'values: |\n  lb: {{ .InfraCluster.spec.lb | upper }}\n'));
    const dir = writeRelease(root, r);
    // WHEN checked with and without the InfraCluster
    const withInfra = checkRelease(dir, { csoRender, sampleInfraCluster: { spec: { lb: 'octavia' } } });
    const withoutInfra = checkRelease(dir, { csoRender, sampleCluster: { metadata: { name: 'x' } } });
    // THEN the template renders only when the object is there (slim-sprig's upper fails on a missing value)
    expect(withInfra).toEqual([]);
    expect(withoutInfra).toEqual([
      {
        rule: 8,
        severity: 'error',
        message:
          `${ADDON}:cni/overwrite.yaml: failed to execute template on cluster "x": template: cluster-addon-values-x:2:33: ` +
          'executing "cluster-addon-values-x" at <upper>: invalid value; expected string (CSO cannot build the Helm values from it: fix the template)',
      },
    ]);
  });
});
