import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csoLocalMode } from '@cluster-stacks/e2e';
import { parseManifests } from './components';
import { CSO_COMPONENTS_FILE, csoComponentsIn, csoImage } from './cso';

const RELEASE_MANIFEST = `apiVersion: v1
kind: Namespace
metadata: {name: cso-system}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cso-controller-manager, namespace: cso-system}
spec:
  template:
    spec:
      containers:
        - name: manager
          image: ghcr.io/sovereigncloudstack/cso:v0.2.0-alpha.1
          args: [--leader-elect=true]
`;

describe('the supplied Cluster Stack Operator', () => {
  test('GIVEN a supplied folder with and without CSO release manifest WHEN looked up THEN only the manifest selects the operator', () => {
    // GIVEN
    const dir = mkdtempSync(join(tmpdir(), 'lab-supplied-'));
    try {
      // WHEN / THEN
      expect(csoComponentsIn(undefined)).toBeUndefined();
      expect(csoComponentsIn(dir)).toBeUndefined();
      writeFileSync(join(dir, CSO_COMPONENTS_FILE), RELEASE_MANIFEST);
      expect(csoComponentsIn(dir)).toBe(join(dir, CSO_COMPONENTS_FILE));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('GIVEN the manifest in local mode WHEN its image is read THEN it is the one the release names, for the manager and the release copy', () => {
    // GIVEN
    const objects = parseManifests(csoLocalMode(RELEASE_MANIFEST), CSO_COMPONENTS_FILE);

    // WHEN
    const image = csoImage(objects);

    // THEN
    expect(image).toBe('ghcr.io/sovereigncloudstack/cso:v0.2.0-alpha.1');
    const pod = objects[1]!.spec.template.spec;
    expect(pod.containers[0].args).toEqual([
      '--leader-elect=true',
      '--local=true',
      '--release-dir=/tmp/downloads',
    ]);
    expect(pod.initContainers.map((c: { image: string }) => c.image)).toEqual([image]);
  });

  test('GIVEN a manifest without the operator Deployment WHEN its image is read THEN the error names the file and what to supply', () => {
    expect(() =>
      csoImage(parseManifests('apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n', 'f')),
    ).toThrow(
      'cso-infrastructure-components.yaml: no Deployment cso-system/cso-controller-manager; supply the manifest of a CSO release',
    );
  });
});
