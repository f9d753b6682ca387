import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { metadataYaml, passingRelease, writeRelease } from './fixture';
import { ReleaseDir } from './release-dir';
import {
  rule10KubernetesVersionOfTag,
  rule12ClusterStackVersionOfTag,
  rule4KubernetesVersionSet,
  RULES,
} from './rules';

// Rules that need no cso-render run alone on a release directory; the binary path is never used by them.
const NO_BINARY = '/nonexistent/cso-render';
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rules-test-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function releaseWithKubernetes(kubernetes: string, clusterStack = 'v1'): ReleaseDir {
  const fixture = passingRelease();
  fixture.files['metadata.yaml'] = metadataYaml({
    clusterStack,
    kubernetes,
    clusterAddon: 'v1',
    nodeImage: 'v1',
  });
  return new ReleaseDir(writeRelease(root, fixture), NO_BINARY, {}, root);
}

describe('release contract rules', () => {
  test('GIVEN the rule table THEN it holds rules 1 to 17 once each, in order', () => {
    expect(RULES.map((r) => r.rule)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });

  test('GIVEN metadata of another minor WHEN rule 10 runs alone THEN it names both minors', () => {
    expect(rule10KubernetesVersionOfTag(releaseWithKubernetes('v1.28.0'))).toEqual([
      {
        rule: 10,
        severity: 'warning',
        message:
          'metadata.yaml versions.kubernetes v1.28.0 is not a Kubernetes 1.27 version, but the release tag docker-ferrol-1-27-v1 ' +
          'is for 1.27 (use a 1.27.x version)',
      },
    ]);
    expect(rule4KubernetesVersionSet(releaseWithKubernetes('v1.28.0'))).toEqual([]);
  });

  test('GIVEN an empty Kubernetes version WHEN rules 4 and 10 run alone THEN only rule 4 reports it', () => {
    const release = releaseWithKubernetes('');
    expect(rule4KubernetesVersionSet(release)).toEqual([
      {
        rule: 4,
        severity: 'error',
        message:
          'failed to validate release: failed to validate metadata: kubernetes version empty: empty version (set versions.kubernetes, e.g. v1.27.3)',
      },
    ]);
    expect(rule10KubernetesVersionOfTag(release)).toEqual([]);
  });

  test('GIVEN a stack version other than the tag’s WHEN rule 12 runs alone THEN it asks for the tag’s version', () => {
    expect(rule12ClusterStackVersionOfTag(releaseWithKubernetes('v1.27.3', 'v2'))).toEqual([
      {
        rule: 12,
        severity: 'warning',
        message:
          'metadata.yaml versions.clusterStack v2 does not equal the version v1 of the release tag docker-ferrol-1-27-v1 ' +
          '(csctl always writes them equal: set it to v1)',
      },
    ]);
  });
});
