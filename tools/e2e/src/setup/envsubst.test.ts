// Unit tests of the variable substitution applied to CSO's released manifests, cross-checked against the pinned
// clusterctl's own `generate yaml` (which runs offline).
import { toolPath } from '@cluster-stacks/toolchain';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { envsubst } from './envsubst';

// Shaped like the credentials Secret of cso-infrastructure-components.yaml: every variable has an empty default.
const MANIFEST = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata: {name: cso-cluster-stack-variables, namespace: cso-system}',
  'data:',
  '  git-provider: ${GIT_PROVIDER_B64:=""}',
  '  oci-registry: ${OCI_REGISTRY_B64:=""}',
  '  token: ${TOKEN_B64:-""}',
  '  empty: ${EMPTY=kept}',
  '  plain: ${REQUIRED}',
  '  kustomize-var: $(SERVICE_NAME)',
  '  shell: $HOME',
  '',
].join('\n');

describe('envsubst', () => {
  test('GIVEN defaults and values WHEN substituted THEN a default replaces an unset or empty variable', () => {
    expect(
      envsubst(MANIFEST, { REQUIRED: 'cmVx', TOKEN_B64: '', EMPTY: '', GIT_PROVIDER_B64: 'Z2l0aHVi' }),
    ).toBe(
      MANIFEST.replace('${GIT_PROVIDER_B64:=""}', 'Z2l0aHVi')
        .replace('${OCI_REGISTRY_B64:=""}', '""')
        .replace('${TOKEN_B64:-""}', '""')
        .replace('${EMPTY=kept}', 'kept')
        .replace('${REQUIRED}', 'cmVx'),
    );
  });

  test('GIVEN a variable without value or default WHEN substituted THEN every such name is reported', () => {
    expect(() => envsubst('${B}\n${A}\n${B:=x}\n', {})).toThrow('variables without a value or default: A, B');
  });

  test('GIVEN the same manifest WHEN clusterctl generate yaml substitutes it THEN it means the same YAML', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'envsubst-'));
    try {
      const file = path.join(dir, 'manifest.yaml');
      fs.writeFileSync(file, MANIFEST);
      const env = { REQUIRED: 'cmVx', TOKEN_B64: '', EMPTY: '', GIT_PROVIDER_B64: 'Z2l0aHVi' };
      const clusterctl = execFileSync(toolPath('clusterctl'), ['generate', 'yaml', '--from', file], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, HOME: dir, CLUSTERCTL_DISABLE_VERSIONCHECK: 'true', ...env },
      });
      expect(parse(envsubst(MANIFEST, env))).toEqual(parse(clusterctl));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
