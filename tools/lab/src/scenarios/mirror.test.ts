import { withVariables } from './all-variables';
import {
  ABSENT_PROXY,
  basicAuthorization,
  expectedHostsToml,
  manifestRequests,
  mirrorVariables,
  noProxyEntries,
} from './mirror';

describe('the mirror scenario', () => {
  it("GIVEN the lab registry's address WHEN the variables are made THEN both mirrors name it and only its host bypasses the absent proxy", () => {
    expect(mirrorVariables('cslab-registry:5000')).toEqual({
      registryMirrors: [
        {
          hostnameUpstream: 'docker.io',
          urlMirror: 'http://cslab-registry:5000/v2',
          credentialsSecretRef: { name: 'registry-credentials' },
        },
        { hostnameUpstream: 'registry.k8s.io', urlMirror: 'http://cslab-registry:5000', overridePath: false },
      ],
      httpProxy: { http: ABSENT_PROXY, https: ABSENT_PROXY, noProxy: ['cslab-registry'] },
    });
  });

  it('GIVEN the node-features Cluster WHEN the mirror variables replace its own THEN the other variables keep the example values', () => {
    const cluster = {
      spec: {
        topology: {
          variables: [
            { name: 'registryMirrors', value: [] },
            { name: 'httpProxy', value: {} },
            { name: 'ntpServers', value: ['ntp1.example.com'] },
          ],
        },
      },
    };
    const overrides = mirrorVariables('cslab-registry:5000');
    expect(withVariables(cluster, overrides).spec.topology.variables).toEqual([
      { name: 'registryMirrors', value: overrides.registryMirrors },
      { name: 'httpProxy', value: overrides.httpProxy },
      { name: 'ntpServers', value: ['ntp1.example.com'] },
    ]);
  });

  it('GIVEN a mirror with credentials WHEN its hosts.toml is expected THEN it has the API root and the Basic header', () => {
    const [dockerHub] = mirrorVariables('cslab-registry:5000').registryMirrors;
    expect(expectedHostsToml(dockerHub!, basicAuthorization('cslab', 'secret'))).toBe(
      [
        '[host."http://cslab-registry:5000/v2"]',
        '  capabilities = ["pull", "resolve"]',
        '  override_path = true',
        '  [host."http://cslab-registry:5000/v2".header]',
        '    Authorization = ["Basic Y3NsYWI6c2VjcmV0"]',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN a mirror without credentials and overridePath false WHEN its hosts.toml is expected THEN it has no header', () => {
    const [, k8s] = mirrorVariables('cslab-registry:5000').registryMirrors;
    expect(expectedHostsToml(k8s!)).toBe(
      '[host."http://cslab-registry:5000"]\n  capabilities = ["pull", "resolve"]\n  override_path = false\n',
    );
  });

  it('GIVEN a proxy drop-in WHEN its NO_PROXY is read THEN the entries are listed in order', () => {
    const dropIn =
      '[Service]\nEnvironment="HTTP_PROXY=http://p:1"\nEnvironment="NO_PROXY=localhost,.svc,172.18.0.5"\n';
    expect(noProxyEntries(dropIn)).toEqual(['localhost', '.svc', '172.18.0.5']);
  });

  it("GIVEN the registry's log WHEN the probe's manifest requests are read THEN only access log lines for that tag count", () => {
    const log = [
      'time="2026-12-07T17:00:00Z" level=info msg="response completed" http.request.uri="/v2/cslab/mirror-probe/manifests/p1"',
      '172.18.0.7 - - [07/Dec/2026:17:00:00 +0000] "HEAD /v2/cslab/mirror-probe/manifests/p1?ns=docker.io HTTP/1.1" 200 1234 "" "containerd/v2.1.4"',
      '172.18.0.7 - - [07/Dec/2026:17:00:01 +0000] "GET /v2/cslab/mirror-probe/manifests/sha256:ab?ns=docker.io HTTP/1.1" 200 1234 "" "containerd/v2.1.4"',
      '172.18.0.1 - - [07/Dec/2026:16:59:00 +0000] "PUT /v2/cslab/mirror-probe/manifests/p1 HTTP/1.1" 201 0 "" "docker/28.5.2"',
    ].join('\n');
    expect(manifestRequests(log, 'cslab/mirror-probe', 'p1')).toEqual([
      {
        client: '172.18.0.7',
        method: 'HEAD',
        path: '/v2/cslab/mirror-probe/manifests/p1?ns=docker.io',
        status: 200,
        userAgent: 'containerd/v2.1.4',
      },
      {
        client: '172.18.0.1',
        method: 'PUT',
        path: '/v2/cslab/mirror-probe/manifests/p1',
        status: 201,
        userAgent: 'docker/28.5.2',
      },
    ]);
  });
});
