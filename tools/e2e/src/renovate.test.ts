// Checks that every custom manager in .github/renovate.json5 finds exactly the versions it is meant to keep
// current, by applying its patterns the way Renovate does and comparing with the values the code itself holds.
// (Renovate evaluates these patterns with RE2, which accepts this subset of JavaScript regex syntax.)
import * as addons from '@cluster-stacks/addons';
import { workspaceRoot } from '@cluster-stacks/cli';
import { PINNED_RELEASES } from '@cluster-stacks/import-crds/src/sources';
import { DOCKER_SCS_RELEASES } from '@cluster-stacks/provider-docker';
import { OPENSTACK_SCS_RELEASES } from '@cluster-stacks/provider-openstack';
import * as fs from 'node:fs';
import * as path from 'node:path';
import JSON5 from 'json5';

interface CustomManager {
  readonly description: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly depNameTemplate?: string;
}

interface Extracted {
  readonly file: string;
  readonly depName: string;
  readonly currentValue: string;
  readonly currentDigest?: string;
}

const root = workspaceRoot();
const config = JSON5.parse(fs.readFileSync(path.join(root, '.github', 'renovate.json5'), 'utf8')) as {
  customManagers: CustomManager[];
};

/** Repository files, without dependencies and build output. */
function repositoryFiles(dir = root, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (['node_modules', 'dist', '.nx', '.tools', '.git'].includes(entry.name)) return [];
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? repositoryFiles(path.join(dir, entry.name), relative) : [relative];
  });
}

const FILES = repositoryFiles();

function extract(manager: CustomManager): Extracted[] {
  const patterns = manager.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
  return FILES.filter((file) => patterns.some((p) => p.test(file))).flatMap((file) => {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    return manager.matchStrings.flatMap((source) =>
      [...text.matchAll(new RegExp(source, 'g'))].map((m) => ({
        file,
        depName: m.groups?.depName ?? manager.depNameTemplate ?? '',
        currentValue: m.groups?.currentValue ?? '',
        ...(m.groups?.currentDigest ? { currentDigest: m.groups.currentDigest } : {}),
      })),
    );
  });
}

function manager(descriptionStart: string): CustomManager {
  const found = config.customManagers.filter((m) => m.description.startsWith(descriptionStart));
  expect(found).toHaveLength(1);
  return found[0];
}

function pin(key: string): string | undefined {
  const line = fs
    .readFileSync(path.join(root, 'tools', 'toolchain', 'pins.env'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}=`));
  return line?.slice(key.length + 1);
}

describe('Renovate custom managers', () => {
  test('GIVEN the Kubernetes manager WHEN applied THEN it finds the patch release of every release matrix row', () => {
    const rows = (file: string, matrix: typeof DOCKER_SCS_RELEASES | typeof OPENSTACK_SCS_RELEASES) =>
      matrix.minors.map((m) => `${file} kubernetes/kubernetes ${matrix.row(m).kubernetes.semver.slice(1)}`);
    const found = extract(manager('Kubernetes patch releases'));
    expect(found.map((e) => `${e.file} ${e.depName} ${e.currentValue}`).sort()).toEqual(
      [
        ...rows('packages/provider-docker/src/scs/releases.json', DOCKER_SCS_RELEASES),
        ...rows('packages/provider-openstack/src/scs/releases.json', OPENSTACK_SCS_RELEASES),
      ].sort(),
    );
  });

  test('GIVEN the kindest/node manager WHEN applied THEN it finds every pinned image with its digest', () => {
    const found = extract(manager('kindest/node images'));
    expect(found).toEqual(
      DOCKER_SCS_RELEASES.minors.map((minor) => {
        const [tag, digest] = DOCKER_SCS_RELEASES.row(minor)
          .nodeImage.replace('kindest/node:', '')
          .split('@');
        return {
          file: 'packages/provider-docker/src/scs/releases.json',
          depName: 'kindest/node',
          currentValue: tag,
          currentDigest: digest,
        };
      }),
    );
  });

  test('GIVEN the management node image manager WHEN applied THEN it finds the script pin', () => {
    const script = fs.readFileSync(path.join(root, 'tools/e2e/scripts/management-cluster.sh'), 'utf8');
    const image = /^MANAGEMENT_NODE_IMAGE=(.+)$/m.exec(script)?.[1];
    const [found] = extract(manager('Node image of the e2e management cluster'));
    expect(`${found.depName}:${found.currentValue}@${found.currentDigest}`).toBe(image);
  });

  test('GIVEN the addon managers WHEN applied THEN together they find every exported addon image, and nothing in test files', () => {
    const exported = Object.entries(addons)
      .filter(([name, value]) => name.endsWith('_IMAGE') && typeof value === 'string')
      .map(([, value]) => value as string);
    const found = [...extract(manager('Addon images')), ...extract(manager('metrics-server'))].map(
      (e) => `${e.depName}:${e.currentValue}${e.currentDigest ? `@${e.currentDigest}` : ''}`,
    );
    expect(found.sort()).toEqual(exported.sort());
    expect(exported).toContain(
      `registry.k8s.io/metrics-server/metrics-server:${addons.METRICS_SERVER_VERSION}`,
    );
    expect(
      [...extract(manager('Addon images')), ...extract(manager('metrics-server'))].filter((e) =>
        e.file.endsWith('.test.ts'),
      ),
    ).toEqual([]);
  });

  test('GIVEN the CRD source manager WHEN applied THEN it finds every pinned upstream release', () => {
    const found = extract(manager('Upstream releases whose CRDs'));
    expect(found.map((e) => `${e.depName}@${e.currentValue}`)).toEqual(
      PINNED_RELEASES.map((r) => `${r.project}@${r.tag}`),
    );
  });

  test('GIVEN the tool pin managers WHEN applied THEN they find the pins of pins.env, clusterctl with its commit', () => {
    expect(extract(manager('kubeconform pin')).map((e) => e.currentValue)).toEqual([
      pin('KUBECONFORM_VERSION'),
    ]);
    expect(extract(manager('helm pin')).map((e) => e.currentValue)).toEqual([pin('HELM_VERSION')]);
    expect(extract(manager('kubernetes-validate')).map((e) => e.currentValue)).toEqual([
      pin('KUBERNETES_VALIDATE_VERSION'),
    ]);
    expect(extract(manager('clusterctl pin')).map((e) => `${e.currentValue} ${e.currentDigest}`)).toEqual([
      `${pin('CLUSTERCTL_VERSION')} ${pin('CLUSTERCTL_GIT_COMMIT')}`,
    ]);
    const actionlint = pin('ACTIONLINT_VERSION');
    expect(extract(manager('actionlint pin')).map((e) => e.currentValue)).toEqual(
      actionlint ? [actionlint] : [],
    );
  });

  test('GIVEN the annotated manager WHEN applied THEN it finds Node.js, Go, kind and CSO with their datasources', () => {
    const annotated = manager('Versions marked');
    const patterns = annotated.managerFilePatterns.map((p) => new RegExp(p.slice(1, -1)));
    const found = FILES.filter((f) => patterns.some((p) => p.test(f))).flatMap((file) =>
      [
        ...fs
          .readFileSync(path.join(root, file), 'utf8')
          .matchAll(new RegExp(annotated.matchStrings[0], 'g')),
      ].map((m) => `${file} ${m.groups?.datasource} ${m.groups?.depName}`),
    );
    expect(found.sort()).toEqual([
      '.github/actions/setup/action.yml golang-version go',
      '.github/actions/setup/action.yml node-version node',
      '.github/workflows/e2e.yml go sigs.k8s.io/kind',
      'tools/e2e/scripts/management-cluster.sh github-releases SovereignCloudStack/cluster-stack-operator',
    ]);
  });

  test('GIVEN every manager WHEN its patterns are read THEN none uses lookarounds or backreferences (RE2 has neither)', () => {
    const unsupported = /\(\?[=!]|\(\?<[=!]|\\[1-9]/;
    const offending = config.customManagers
      .flatMap((m) => [...m.matchStrings, ...m.managerFilePatterns])
      .filter((p) => unsupported.test(p));
    expect(offending).toEqual([]);
  });
});
