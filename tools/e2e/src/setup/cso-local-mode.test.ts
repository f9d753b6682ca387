// Unit tests of the local-mode patch of CSO's released manifests.
import { parseAllDocuments } from 'yaml';
import { csoLocalMode } from './cso-local-mode';

// The parts of cso-infrastructure-components.yaml (v0.2.0-alpha.1) that the patch touches or must keep.
const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata:
  name: cso-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cso-controller-manager
  namespace: cso-system
spec:
  template:
    spec:
      containers:
        - name: manager
          image: ghcr.io/sovereigncloudstack/cso:v0.2.0-alpha.1
          args: [--leader-elect=true, --log-level=info, --local=false]
          env:
            - {name: GIT_PROVIDER, value: github}
          volumeMounts:
            - {name: cert, mountPath: /tmp/k8s-webhook-server/serving-certs, readOnly: true}
      volumes:
        - name: cert
          secret: {secretName: cso-webhook-server-cert}
`;

function deployment(yaml: string) {
  const documents = parseAllDocuments(yaml).map((d) => d.toJS());
  return { documents, spec: documents.find((d) => d.kind === 'Deployment').spec.template.spec };
}

describe('csoLocalMode', () => {
  test('GIVEN the released manifests WHEN patched THEN the manager runs in local mode on a writable copy of the host releases', () => {
    const { documents, spec } = deployment(csoLocalMode(MANIFESTS));
    expect(documents.map((d) => d.kind)).toEqual(['Namespace', 'Deployment']);
    expect(spec.containers[0].args).toEqual([
      '--leader-elect=true',
      '--log-level=info',
      '--local=true',
      '--release-dir=/tmp/downloads',
    ]);
    expect(spec.containers[0].env).toEqual([
      { name: 'GIT_PROVIDER', value: 'github' },
      { name: 'HELM_CACHE_HOME', value: '/tmp/downloads/.helm/cache' },
      { name: 'HELM_CONFIG_HOME', value: '/tmp/downloads/.helm/config' },
      { name: 'HELM_DATA_HOME', value: '/tmp/downloads/.helm/data' },
    ]);
    expect(spec.containers[0].volumeMounts).toEqual([
      { name: 'cert', mountPath: '/tmp/k8s-webhook-server/serving-certs', readOnly: true },
      { name: 'cluster-stacks', mountPath: '/tmp/downloads' },
    ]);
    expect(spec.initContainers).toEqual([
      {
        name: 'copy-releases',
        image: 'ghcr.io/sovereigncloudstack/cso:v0.2.0-alpha.1',
        command: [
          'sh',
          '-c',
          'mkdir -p /tmp/downloads/cluster-stacks && cp -R /releases/. /tmp/downloads/cluster-stacks/ && ls -l /tmp/downloads/cluster-stacks',
        ],
        volumeMounts: [
          { name: 'cluster-stacks', mountPath: '/tmp/downloads' },
          { name: 'host-releases', mountPath: '/releases', readOnly: true },
        ],
      },
    ]);
    expect(spec.volumes).toEqual([
      { name: 'cert', secret: { secretName: 'cso-webhook-server-cert' } },
      { name: 'cluster-stacks', emptyDir: {} },
      { name: 'host-releases', hostPath: { path: '/cluster-stacks', type: 'Directory' } },
    ]);
  });

  test('GIVEN patched manifests WHEN patched again THEN nothing is added twice', () => {
    const once = csoLocalMode(MANIFESTS);
    expect(csoLocalMode(once)).toBe(once);
  });

  test('GIVEN manifests without the CSO Deployment or its manager WHEN patched THEN it says what is missing', () => {
    expect(() => csoLocalMode('apiVersion: v1\nkind: Namespace\nmetadata: {name: cso-system}\n')).toThrow(
      'no Deployment cso-system/cso-controller-manager in the CSO manifests',
    );
    expect(() => csoLocalMode(MANIFESTS.replace('- name: manager', '- name: other'))).toThrow(
      'Deployment cso-controller-manager has no container manager',
    );
  });
});
