import { KubernetesVersion } from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { openstackScsStack } from '@cluster-stacks/provider-openstack';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { staleReferences, workspaceReferences, writeReferences } from './generate';
import { describeType, REGENERATE_COMMAND, referenceFiles, stackReference, variableRows } from './reference';

describe('stack reference', () => {
  test('GIVEN variable schemas WHEN described THEN type, format, bounds, enums and lists read as one phrase', () => {
    // GIVEN / WHEN / THEN
    expect(describeType({ type: 'string', format: 'cidr' })).toBe('string (cidr)');
    expect(describeType({ type: 'integer', minimum: 0 })).toBe('integer ≥ 0');
    expect(describeType({ type: 'string', enum: ['none', 'octavia-ovn'] })).toBe(
      'one of `"none"`, `"octavia-ovn"`',
    );
    expect(describeType({ type: 'array', items: { type: 'string', format: 'uuid4' } })).toBe(
      'list of string (uuid4)',
    );
    expect(describeType({ type: 'object', additionalProperties: { type: 'string' } })).toBe('map of string');
    expect(describeType({ type: 'string', pattern: '^https?://' })).toBe('string matching `^https?://`');
    expect(
      describeType({
        type: 'array',
        items: {
          type: 'string',
          minLength: 1,
          'x-kubernetes-validations': [{ rule: 'self != "x"', message: 'not x' }],
        },
        minItems: 1,
        maxItems: 16,
        'x-kubernetes-validations': [{ rule: 'self.all(a, self.exists_one(b, b == a))', message: 'unique' }],
      }),
    ).toBe('list of string length ≥ 1 (at least 1, at most 16) — unique; each: not x');
  });

  test('GIVEN an object list variable WHEN listed THEN its item properties follow with their path and required marks', () => {
    // GIVEN
    const definitions = [
      {
        name: 'devices',
        required: false,
        schema: {
          type: 'array' as const,
          default: [],
          description: 'Extra volumes.',
          items: {
            type: 'object' as const,
            required: ['name'],
            properties: {
              name: { type: 'string' as const, description: 'Name | id.' },
              size: { type: 'integer' as const, default: 20 },
            },
          },
        },
      },
    ];

    // WHEN
    const rows = variableRows(definitions);

    // THEN
    expect(rows).toEqual([
      ['`devices`', 'list of object', '`[]`', 'Extra volumes.', '–'],
      ['`devices[].name`', 'string, required', '–', 'Name | id.', '–'],
      ['`devices[].size`', 'integer', '`20`', '', '–'],
    ]);
  });

  test('GIVEN the openstack/scs stacks WHEN referenced THEN releases, addon versions per minor, variables and examples are listed', () => {
    // GIVEN
    const stacks = [KubernetesVersion.of('1.35.1'), KubernetesVersion.of('1.36.1')].map((v) =>
      openstackScsStack(v),
    );

    // WHEN
    const text = stackReference(stacks);

    // THEN
    expect(text.split('\n')[2]).toBe('# The openstack/scs cluster stack');
    expect(text).toContain(
      '| 1.36 | v1.36.1 | v1beta1 | `openstack-scs-1-36-<version>` | `ubuntu-capi-image-v1.35.1`, `ubuntu-capi-image-v1.36.1` (no checksum published) |\n',
    );
    expect(text).toContain(
      '| `cni` | Cilium: the CNI, with Kubernetes IPAM, SCTP and Gateway API | cilium chart 1.19.6 (https://helm.cilium.io/) | cilium chart 1.20.0 (https://helm.cilium.io/) |\n',
    );
    expect(text).toContain(
      '| `ccm` | OpenStack cloud controller manager: node initialization and lifecycle, Octavia load balancers for Services | v1.35.0 | v1.36.0 |\n',
    );
    expect(text).toContain(
      '| `apiServerLoadBalancer` | one of `"none"`, `"octavia-amphora"`, `"octavia-ovn"` | `"octavia-ovn"` |',
    );
    expect(text).toContain(
      '| `registryMirrors[].hostnameUpstream` | string matching `^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]+)?$`, required | – |',
    );
    expect(text).toContain(
      '| `defaults` | One control-plane node and one worker, every variable at its default',
    );
    expect(text).toContain(
      '| Metrics endpoints | controller manager, scheduler and etcd metrics on 127.0.0.1 |',
    );
    expect(text).not.toContain('Exempt controls:');
    expect(text).toMatchSnapshot();
  });

  test('GIVEN stacks of two providers WHEN referenced THEN there is one file per provider and stack, sorted', () => {
    // GIVEN / WHEN
    const files = referenceFiles([openstackScsStack('1.35'), dockerScsStack('1.35'), dockerScsStack('1.34')]);

    // THEN
    expect([...files.keys()]).toEqual(['docs/stacks/docker-scs.md', 'docs/stacks/openstack-scs.md']);
    expect(files.get('docs/stacks/docker-scs.md')).toContain('| 1.34 | v1.34.3 |');
    expect(files.get('docs/stacks/docker-scs.md')).toContain(
      'Exempt controls:\n\n- 4.2.6: protect-kernel-defaults is off',
    );
  });

  test('GIVEN no stacks THEN the reference refuses', () => {
    // GIVEN / WHEN / THEN
    expect(() => stackReference([])).toThrow('stackReference: no stacks given');
  });

  test('GIVEN a reference dir with a stale, a missing and an orphaned file WHEN checked THEN each is named; writing fixes all three', () => {
    // GIVEN
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-'));
    const fresh = new Map([
      ['docs/stacks/a-scs.md', 'A\n'],
      ['docs/stacks/b-scs.md', 'B\n'],
    ]);
    fs.mkdirSync(path.join(root, 'docs/stacks'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs/stacks/a-scs.md'), 'old\n');
    fs.writeFileSync(path.join(root, 'docs/stacks/gone-scs.md'), 'G\n');
    try {
      // WHEN
      const stale = staleReferences(root, fresh);
      writeReferences(root, fresh);

      // THEN
      expect(stale).toEqual([
        'docs/stacks/a-scs.md: out of date',
        'docs/stacks/b-scs.md: missing',
        'docs/stacks/gone-scs.md: no stack has this reference any more',
      ]);
      expect(staleReferences(root, fresh)).toEqual([]);
      expect(fs.readdirSync(path.join(root, 'docs/stacks')).sort()).toEqual(['a-scs.md', 'b-scs.md']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('GIVEN the committed docs/stacks WHEN compared with the stack definitions THEN they are up to date', () => {
    // GIVEN / WHEN
    const stale = staleReferences(undefined, workspaceReferences());

    // THEN
    if (stale.length > 0)
      throw new Error(
        `docs/stacks is stale:\n  ${stale.join('\n  ')}\nrun "${REGENERATE_COMMAND}" and commit the result.`,
      );
    expect(stale).toEqual([]);
  });
});
