// Test helpers: small release directories built from code. Not part of the library API.

import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { createTar, gzipDeterministic, TarInputEntry } from './tar';

export interface ReleaseFixture {
  /** Directory name = release tag. */
  tag: string;
  /** Top-level files other than the two archives; delete a key to omit the file. */
  files: Record<string, string | Buffer>;
  classArchiveName: string;
  classEntries: TarInputEntry[];
  addonArchiveName: string;
  addonEntries: TarInputEntry[];
  /** Replaces the archive built from addonEntries. */
  addonArchive?: Buffer;
}

export function file(path: string, content: string): TarInputEntry {
  return { path, type: 'file', content: Buffer.from(content) };
}

export function dir(path: string): TarInputEntry {
  return { path, type: 'dir' };
}

export function metadataYaml(v: {
  clusterStack: string;
  kubernetes: string;
  clusterAddon: string;
  nodeImage: string;
}): string {
  return [
    'apiVersion: metadata.clusterstack.x-k8s.io/v1alpha1',
    'versions:',
    `  clusterStack: ${v.clusterStack}`,
    `  kubernetes: ${v.kubernetes}`,
    '  components:',
    `    clusterAddon: ${v.clusterAddon}`,
    `    nodeImage: ${v.nodeImage}`,
    '',
  ].join('\n');
}

export const CLUSTER_CLASS_TEMPLATE = `apiVersion: cluster.x-k8s.io/v1beta1
kind: ClusterClass
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Version }}
  namespace: {{ .Release.Namespace }}
spec:
  controlPlane:
    ref:
      apiVersion: controlplane.cluster.x-k8s.io/v1beta1
      kind: KubeadmControlPlaneTemplate
      name: {{ .Release.Name }}-{{ .Chart.Version }}-control-plane
      namespace: {{ .Release.Namespace }}
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlaneTemplate
metadata:
  name: {{ .Release.Name }}-{{ .Chart.Version }}-control-plane
  {{- with .Values.labels }}
  labels:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  template:
    spec: {}
`;

export const CLUSTER_ADDON_YAML = `apiVersion: clusteraddonconfig.x-k8s.io/v1alpha1
clusterAddonVersion: clusteraddons.clusterstack.x-k8s.io/v1alpha1
addonStages:
  AfterControlPlaneInitialized:
    - name: cni
      action: apply
    - name: metrics-server
      action: apply
  BeforeClusterUpgrade:
    - name: cni
      action: apply
    - name: metrics-server
      action: apply
      waitForPostCondition:
        objects:
          - key: ms
            apiVersion: apps/v1
            kind: Deployment
            name: metrics-server
            namespace: kube-system
        conditions: ms.status.readyReplicas == ms.spec.replicas
`;

export const METRICS_SERVER_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: metrics-server
  namespace: kube-system
spec:
  replicas: 1
`;

export const CNI_TEMPLATE = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: cni
  namespace: {{ .Release.Namespace }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cni
subjects:
  - kind: ServiceAccount
    name: cni
    namespace: kube-system
`;

export const OVERWRITE_YAML = `values: |
  metrics-server:
    commonLabels:
      domain: "{{ .Cluster.spec.controlPlaneEndpoint.host }}"
      cluster: {{ .Cluster.metadata.name }}
`;

/**
 * A release CSO accepts in the multi-stage mode: `stable` is docker-ferrol-1-27-v1,
 * `hash` is docker-ferrol-1-27-v0-sha-abcdefg (dot form v0-sha.abcdefg).
 */
export function passingRelease(kind: 'stable' | 'hash' = 'stable'): ReleaseFixture {
  const version = kind === 'stable' ? 'v1' : 'v0-sha.abcdefg';
  const tag = kind === 'stable' ? 'docker-ferrol-1-27-v1' : 'docker-ferrol-1-27-v0-sha-abcdefg';
  const chart = 'docker-ferrol-1-27-cluster-class';
  return {
    tag,
    files: {
      'metadata.yaml': metadataYaml({
        clusterStack: version,
        kubernetes: 'v1.27.3',
        clusterAddon: version,
        nodeImage: version,
      }),
      'clusteraddon.yaml': CLUSTER_ADDON_YAML,
      'hashes.json': '{"clusterStack":"abcdefghij","clusterAddonDir":"abc","clusterAddonValues":"def"}\n',
    },
    classArchiveName: `docker-ferrol-1-27-cluster-class-${version}.tgz`,
    classEntries: [
      dir(chart),
      file(
        `${chart}/Chart.yaml`,
        `apiVersion: v2\nname: ${chart}\ndescription: test\ntype: application\nversion: ${version}\n`,
      ),
      file(`${chart}/values.yaml`, 'labels: {}\n'),
      dir(`${chart}/templates`),
      file(`${chart}/templates/cluster-class.yaml`, CLUSTER_CLASS_TEMPLATE),
      file(
        `${chart}/templates/_helpers.tpl`,
        '{{- define "x" }}\nmetadata:\n  namespace: not-checked\n{{- end }}\n',
      ),
    ],
    addonArchiveName: `docker-ferrol-1-27-cluster-addon-${version}.tgz`,
    addonEntries: [
      dir('cni'),
      file('cni/Chart.yaml', 'apiVersion: v2\nname: cni\nversion: v1\n'),
      dir('cni/templates'),
      file('cni/templates/cni.yaml', CNI_TEMPLATE),
      dir('metrics-server'),
      file('metrics-server/Chart.yaml', 'apiVersion: v2\nname: metrics-server\nversion: v1\n'),
      file('metrics-server/overwrite.yaml', OVERWRITE_YAML),
      dir('metrics-server/templates'),
      file('metrics-server/templates/deployment.yaml', METRICS_SERVER_DEPLOYMENT),
    ],
  };
}

/** The same stack in the old single-chart mode: one umbrella addon chart plus cluster-addon-values.yaml. */
export function passingOldModeRelease(): ReleaseFixture {
  const r = passingRelease('stable');
  delete r.files['clusteraddon.yaml'];
  r.files['cluster-addon-values.yaml'] = OVERWRITE_YAML;
  const chart = 'docker-ferrol-1-27-cluster-addon';
  r.addonEntries = [
    dir(chart),
    file(`${chart}/Chart.yaml`, `apiVersion: v2\nname: ${chart}\nversion: v1\n`),
    dir(`${chart}/templates`),
    file(`${chart}/templates/deployment.yaml`, METRICS_SERVER_DEPLOYMENT),
  ];
  return r;
}

/** Writes the release as `<root>/<tag>/` and returns that directory. */
export function writeRelease(root: string, r: ReleaseFixture): string {
  const out = join(root, r.tag);
  mkdirSync(out, { recursive: true });
  for (const [name, content] of Object.entries(r.files)) writeFileSync(join(out, name), content);
  writeFileSync(join(out, r.classArchiveName), gzipDeterministic(createTar(r.classEntries)));
  writeFileSync(
    join(out, r.addonArchiveName),
    r.addonArchive ?? gzipDeterministic(createTar(r.addonEntries)),
  );
  return out;
}

/**
 * A .tgz of `entries` plus a symbolic link `linkPath` → `target`. The writer makes only files and
 * directories, so the link is made by rewriting the header of an empty file entry.
 */
export function tarGzWithSymlink(entries: TarInputEntry[], linkPath: string, target: string): Buffer {
  const tar = createTar([...entries, { path: linkPath, type: 'file', content: Buffer.alloc(0) }]);
  for (let offset = 0; offset + 512 <= tar.length; offset += 512) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (name !== linkPath || tar.subarray(offset + 257, offset + 262).toString() !== 'ustar') continue;
    tar[offset + 156] = '2'.charCodeAt(0);
    tar.write(target, offset + 157, 100, 'utf8');
    tar.fill(0x20, offset + 148, offset + 156);
    let sum = 0;
    for (let i = offset; i < offset + 512; i++) sum += tar[i];
    tar.write(sum.toString(8).padStart(6, '0') + '\0 ', offset + 148, 8, 'latin1');
    return gzipDeterministic(tar);
  }
  throw new Error(`no header for ${linkPath}`);
}
