// Runs the real installed binaries from .tools/ (install them with tools/toolchain/install.sh).
// Nothing is skipped: a missing tool fails its test with the "is not installed" message.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  kubernetesSchemaLocation,
  pinnedKubernetesMinors,
  pinnedVersion,
  repoRoot,
  toolPath,
  type ToolName,
} from './index';

jest.setTimeout(60_000);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(tool: ToolName, args: string[], input?: string): Run {
  const result = spawnSync(toolPath(tool), args, {
    encoding: 'utf8',
    input,
    timeout: 50_000,
    // clusterctl otherwise checks the network for newer releases after each command.
    env: { ...process.env, CLUSTERCTL_DISABLE_VERSIONCHECK: 'true' },
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function kubeconform(minor: string, manifests: string): Run {
  return run(
    'kubeconform',
    ['-strict', '-summary', '-schema-location', kubernetesSchemaLocation(minor), '-'],
    manifests,
  );
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.invalid/web:1.0.0
          ports: [{containerPort: 8080}]
`;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logger, namespace: kube-system}
spec:
  selector: {matchLabels: {app: logger}}
  template:
    metadata: {labels: {app: logger}}
    spec:
      containers: [{name: logger, image: registry.invalid/logger:1.0.0}]
`;

const apiService = `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: {name: v1beta1.metrics.k8s.io}
spec:
  group: metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  service: {name: metrics-server, namespace: kube-system}
`;

describe('toolchain: repository layout', () => {
  it('finds the repository root that holds pins.env', () => {
    // GIVEN the toolchain package inside the workspace
    // WHEN the root is resolved
    const root = repoRoot();
    // THEN it holds the pins file
    expect(existsSync(join(root, 'tools', 'toolchain', 'pins.env'))).toBe(true);
  });

  it('pins the versions the Cluster Stack Operator tooling expects', () => {
    // GIVEN pins.env
    // WHEN the pins are read
    // THEN they are the documented versions
    expect(pinnedVersion('helm')).toBe('v3.19.0');
    expect(pinnedVersion('kubeconform')).toBe('v0.7.0');
    expect(pinnedVersion('clusterctl')).toBe('v1.10.10');
    expect(pinnedKubernetesMinors()).toEqual(expect.arrayContaining(['1.33', '1.34', '1.35', '1.36']));
  });

  it('refuses a Kubernetes minor that has no schema pin', () => {
    // GIVEN a minor that pins.env does not map
    // WHEN its schema location is asked for
    // THEN a clear error names the pins file
    expect(() => kubernetesSchemaLocation('1.99')).toThrow(/no schema pin in tools\/toolchain\/pins\.env/);
  });
});

describe('toolchain: installed binaries report their pins', () => {
  it('helm version --short is the pinned helm', () => {
    // GIVEN the installed helm
    // WHEN it reports its version
    const { status, stdout } = run('helm', ['version', '--short']);
    // THEN it is the pin (an upstream build may append "+g<commit>" build metadata)
    expect(status).toBe(0);
    expect(stdout.trim().replace(/\+.*$/, '')).toBe(pinnedVersion('helm'));
  });

  it('kubeconform -v is the pinned kubeconform', () => {
    // GIVEN the installed kubeconform
    // WHEN it reports its version
    const { status, stdout } = run('kubeconform', ['-v']);
    // THEN it is exactly the pin
    expect(status).toBe(0);
    expect(stdout.trim()).toBe(pinnedVersion('kubeconform'));
  });

  it('clusterctl version contains the pinned clusterctl', () => {
    // GIVEN the installed clusterctl
    // WHEN it reports its version
    const { status, stdout } = run('clusterctl', ['version']);
    // THEN the pin is in it
    expect(status).toBe(0);
    expect(stdout).toContain(`GitVersion:"${pinnedVersion('clusterctl')}"`);
  });
});

describe('toolchain: kubeconform validates against the pinned Kubernetes schemas', () => {
  it('accepts a valid Deployment strictly against Kubernetes 1.35', () => {
    // GIVEN a valid Deployment
    // WHEN kubeconform validates it strictly against the 1.35 schemas
    const { status, stdout } = kubeconform('1.35', deployment);
    // THEN it is valid
    expect(stdout).toContain('Valid: 1, Invalid: 0, Errors: 0, Skipped: 0');
    expect(status).toBe(0);
  });

  it('rejects a Deployment with an unknown field against Kubernetes 1.35', () => {
    // GIVEN a Deployment whose spec carries a field Kubernetes does not know
    const misspelled = deployment.replace('  replicas: 2\n', '  replicas: 2\n  replicaz: 3\n');
    // WHEN kubeconform validates it strictly against the 1.35 schemas
    const { status, stdout } = kubeconform('1.35', misspelled);
    // THEN it is invalid and the unknown field is named
    expect(status).toBe(1);
    expect(stdout).toContain('replicaz');
    expect(stdout).toContain('Valid: 0, Invalid: 1');
  });

  it.each(pinnedKubernetesMinors())(
    'accepts a Deployment, a DaemonSet and an APIService against Kubernetes %s',
    (minor) => {
      // GIVEN three valid resources from core groups and apiregistration.k8s.io
      const manifests = [deployment, daemonSet, apiService].join('---\n');
      // WHEN kubeconform validates them strictly against that minor's schemas
      const { status, stdout } = kubeconform(minor, manifests);
      // THEN all three are found and valid (a missing schema would count as an error)
      expect(stdout).toContain('Valid: 3, Invalid: 0, Errors: 0, Skipped: 0');
      expect(status).toBe(0);
    },
  );
});
