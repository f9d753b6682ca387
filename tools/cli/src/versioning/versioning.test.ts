import {
  ClusterAddon,
  ClusterStack,
  KubernetesVersion,
  PatchOperation,
  PatchTarget,
  synthesizeStack,
  TemplateResource,
} from '@cluster-stacks/core';
import { dockerScsStack } from '@cluster-stacks/provider-docker';
import { ApiObject } from 'cdk8s';
import { unacknowledged } from './commands';
import { breakingChanges } from './compatibility';
import { historyProblems, layerDigests, LockEntry, nextEntry, rewrittenEntries, VersionLock } from './lock';
import { releaseNotes } from './notes';
import { summarizeStack } from './summary';

const MINORS = [
  KubernetesVersion.of('1.33.7'),
  KubernetesVersion.of('1.34.3'),
  KubernetesVersion.of('1.35.1'),
  KubernetesVersion.of('1.36.1'),
];

function firstLock(stack: ClusterStack): VersionLock {
  return {
    stack: stack.node.id,
    releases: [nextEntry(undefined, layerDigests(synthesizeStack(stack).files), summarizeStack(stack))!],
  };
}

function next(lock: VersionLock, stack: ClusterStack): LockEntry | undefined {
  return nextEntry(lock, layerDigests(synthesizeStack(stack).files), summarizeStack(stack));
}

function versions(entry: LockEntry | undefined): string {
  return entry ? `${entry.clusterStack}/${entry.clusterAddon}/${entry.nodeImage}` : 'unchanged';
}

/** The docker/scs stacks of every minor, one of them changed by `change`. */
function bumpsAfter(
  change: (stack: ClusterStack) => void,
  changed = KubernetesVersion.of('1.35.1'),
): Record<string, string> {
  const locks = MINORS.map((v) => firstLock(dockerScsStack(v)));
  return Object.fromEntries(
    MINORS.map((v, i) => {
      const stack = dockerScsStack(v);
      if (v.semver === changed.semver) change(stack);
      return [v.minorDashed, versions(next(locks[i], stack))];
    }),
  );
}

describe('version bumps from rendered output', () => {
  test('GIVEN no change WHEN versioned THEN nothing moves', () => {
    expect(bumpsAfter(() => undefined)).toEqual({
      '1-33': 'unchanged',
      '1-34': 'unchanged',
      '1-35': 'unchanged',
      '1-36': 'unchanged',
    });
  });

  test('GIVEN a changed cluster-class template of 1.35 WHEN versioned THEN only that stack version moves', () => {
    const result = bumpsAfter((stack) => {
      const machines = stack.node.findChild('WorkerMachineTemplate') as TemplateResource;
      stack.clusterClass.addPatch({
        name: 'extraMount',
        definitions: [
          {
            target: PatchTarget.machineDeployments(machines, ['default-worker']),
            operations: [
              PatchOperation.add('/spec/template/spec/extraMounts/-', {
                containerPath: '/x',
                hostPath: '/x',
              }),
            ],
          },
        ],
      });
    });
    expect(result).toEqual({
      '1-33': 'unchanged',
      '1-34': 'unchanged',
      '1-35': 'v2/v1/v1',
      '1-36': 'unchanged',
    });
  });

  test('GIVEN a changed CNI of 1.35 WHEN versioned THEN its stack and clusterAddon versions move', () => {
    const result = bumpsAfter((stack) => {
      const cni = stack.addons.find((a) => a.props.name === 'cni') as ClusterAddon;
      new ApiObject(cni.manifests, 'ExtraConfig', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'kindnet-extra', namespace: 'kube-system' },
      });
    });
    expect(result).toEqual({
      '1-33': 'unchanged',
      '1-34': 'unchanged',
      '1-35': 'v2/v2/v1',
      '1-36': 'unchanged',
    });
  });

  test('GIVEN a new Kubernetes patch release WHEN versioned THEN the node image and stack versions move', () => {
    const lock = firstLock(dockerScsStack('1.35'));
    const stack = dockerScsStack(KubernetesVersion.of('1.35.1'));
    stack.nodeImages.add({
      kubernetesVersion: KubernetesVersion.of('1.32.9'),
      image: `kindest/node:v1.32.9@sha256:${'0'.repeat(64)}`,
    });
    expect(versions(next(lock, stack))).toBe('v2/v1/v2');
  });
});

describe('lock history checks', () => {
  const stack = dockerScsStack('1.35');
  const lock = firstLock(stack);
  const v1 = lock.releases[0];

  test('GIVEN a bump with no change behind it WHEN checked THEN it is reported', () => {
    const bumped: VersionLock = { ...lock, releases: [v1, { ...v1, clusterStack: 'v2' }] };
    expect(historyProblems(bumped)).toEqual([
      "docker-scs-1-35 v2 has no change behind it: its digests equal v1's; remove the entry",
    ]);
  });

  test('GIVEN an addon change recorded without the clusterAddon bump WHEN checked THEN the expected versions are named', () => {
    const changed: LockEntry = {
      ...v1,
      clusterStack: 'v2',
      digests: { ...v1.digests, clusterAddon: 'h1:other' },
    };
    expect(historyProblems({ ...lock, releases: [v1, changed] })).toEqual([
      'docker-scs-1-35 v2 should be clusterStack v2, clusterAddon v2, nodeImage v1 (changed: clusterAddon)',
    ]);
  });

  test('GIVEN a released entry that was edited WHEN compared with the base branch THEN it is refused', () => {
    const edited: VersionLock = { ...lock, releases: [{ ...v1, nodeImage: 'v9' }] };
    expect(rewrittenEntries(lock, edited)).toEqual(['docker-scs-1-35 v1 was changed after it was released']);
    expect(rewrittenEntries(lock, { ...lock, releases: [] })).toEqual([
      'docker-scs-1-35 v1 was removed from the lock',
    ]);
  });
});

describe('upgrade compatibility', () => {
  const before = summarizeStack(dockerScsStack('1.35'));

  test('GIVEN identical variables THEN nothing is breaking', () => {
    expect(breakingChanges(before, summarizeStack(dockerScsStack('1.36')))).toEqual([]);
  });

  test('GIVEN a removed variable, a narrowed enum and a changed default THEN each is breaking with its key', () => {
    const variables = { ...before.variables } as Record<string, (typeof before.variables)[string]>;
    delete variables.etcdImageTag;
    const pss = variables.podSecurityStandard.schema;
    variables.podSecurityStandard = {
      required: false,
      schema: {
        ...pss,
        properties: {
          ...pss.properties,
          enforce: { ...pss.properties!.enforce, enum: ['baseline', 'restricted'], default: 'restricted' },
        },
      },
    };
    expect(breakingChanges(before, { ...before, variables })).toEqual([
      { key: 'removed:etcdImageTag', message: 'variable etcdImageTag was removed' },
      {
        key: 'narrowed:podSecurityStandard',
        message:
          'variable podSecurityStandard accepts less: podSecurityStandard.enforce: allowed values ["privileged","baseline","restricted"] → ["baseline","restricted"]',
      },
      {
        key: 'default:podSecurityStandard',
        message:
          'variable podSecurityStandard changed its default: podSecurityStandard.enforce: default "baseline" → "restricted"',
      },
    ]);
  });
});

describe('upgrade compatibility of OIDC', () => {
  test('GIVEN the release before oidcAuthentication existed WHEN compared THEN the new variable is no breaking change', () => {
    // GIVEN
    const after = summarizeStack(dockerScsStack('1.35'));
    const { oidcAuthentication: _new, ...variables } = after.variables;

    // WHEN / THEN
    expect(breakingChanges({ ...after, variables }, after)).toEqual([]);
  });

  test('GIVEN a CEL rule added to a variable WHEN compared THEN it narrows the variable', () => {
    // GIVEN
    const before = summarizeStack(dockerScsStack('1.35'));
    const schema = before.variables.ntpServers.schema;
    const rule = { rule: 'self.size() <= 4', message: 'at most four servers' };
    const after = {
      ...before,
      variables: {
        ...before.variables,
        ntpServers: { required: false, schema: { ...schema, 'x-kubernetes-validations': [rule] } },
      },
    };

    // WHEN / THEN
    expect(breakingChanges(before, after)).toEqual([
      {
        key: 'narrowed:ntpServers',
        message: 'variable ntpServers accepts less: ntpServers: new rule self.size() <= 4',
      },
    ]);
  });
});

describe('recorded behaviour', () => {
  test('GIVEN a release recorded before stacks recorded behaviour WHEN compared THEN each recorded behaviour is a breaking change with its key', () => {
    // GIVEN
    const after = summarizeStack(dockerScsStack('1.35'));
    const { behaviour: _none, ...before } = after;

    // WHEN
    const changes = breakingChanges(before, after);

    // THEN
    expect(changes.map((c) => c.key)).toEqual([
      'behaviour:anonymousRequests',
      'behaviour:capdKubeletFlags',
      'behaviour:coreDNSUpgrade',
      'behaviour:encryptionKeyAccess',
      'behaviour:evictionHard',
      'behaviour:hostDockerSocket',
      'behaviour:hostPathProvisioner',
      'behaviour:kubeletSettings',
    ]);
    expect(changes.find((c) => c.key === 'behaviour:evictionHard')?.message).toBe(
      'behaviour evictionHard changed: (not recorded) → memory.available<100Mi,nodefs.available<0%,nodefs.inodesFree<0%,imagefs.available<0%,imagefs.inodesFree<0%,pid.available<10%',
    );
  });

  test('GIVEN one changed behaviour WHEN compared and released THEN only it is breaking and the notes name it', () => {
    // GIVEN
    const before = summarizeStack(dockerScsStack('1.35'));
    const after = { ...before, behaviour: { ...before.behaviour, hostDockerSocket: 'always mounted' } };

    // WHEN
    const changes = breakingChanges(before, after);
    const digests = { clusterClass: 'h1:new', clusterAddon: 'h1:addons', nodeImages: 'h1:images' };
    const entry: LockEntry = {
      clusterStack: 'v2',
      clusterAddon: 'v1',
      nodeImage: 'v1',
      digests,
      summary: after,
    };
    const previous: LockEntry = {
      ...entry,
      clusterStack: 'v1',
      digests: { ...digests, clusterClass: 'h1:old' },
      summary: before,
    };
    const notes = releaseNotes('docker-scs-1-35-v2', entry, previous, [
      { against: 'docker-scs-1-35-v1', changes },
    ]);

    // THEN
    expect(changes).toEqual([
      {
        key: 'behaviour:hostDockerSocket',
        message:
          'behaviour hostDockerSocket changed: the host Docker socket is mounted into node containers only when mountHostDockerSocket is true → always mounted',
      },
    ]);
    expect(notes).toContain(
      '- behaviour `hostDockerSocket`: the host Docker socket is mounted into node containers only when mountHostDockerSocket is true → always mounted',
    );
  });
});

describe('release notes', () => {
  test('GIVEN a CNI change and a new variable WHEN released THEN the notes list the changes per layer (snapshot)', () => {
    const oldStack = dockerScsStack('1.35');
    const lock = firstLock(oldStack);
    const stack = dockerScsStack('1.35');
    stack.clusterClass.addVariable({
      name: 'auditLogMaxAge',
      required: false,
      schema: { type: 'integer', default: 30, description: 'Days to keep audit logs.' },
    });
    const cni = stack.addons.find((a) => a.props.name === 'cni') as ClusterAddon;
    new ApiObject(cni.manifests, 'ExtraConfig', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kindnet-extra' },
    });
    const entry = next(lock, stack)!;
    const notes = releaseNotes('docker-scs-1-35-v2', entry, lock.releases[0], [
      { against: 'docker-scs-1-35-v1', changes: breakingChanges(lock.releases[0].summary, entry.summary) },
    ]);
    expect(notes).toContain('- added `auditLogMaxAge` (integer, default 30)');
    expect(notes).toContain('Changes since v1 in: clusterClass, clusterAddon.');
    expect(notes).toMatchSnapshot();
  });
});

describe('acknowledging breaking changes', () => {
  const report = [
    {
      against: 'docker-scs-1-34-v1',
      changes: [
        {
          key: 'default:podSecurityStandard',
          message: 'variable podSecurityStandard changed its default: x',
        },
      ],
    },
  ];

  test('GIVEN an unacknowledged breaking change WHEN released THEN the error lists it and how to acknowledge it', () => {
    expect(unacknowledged(dockerScsStack('1.35'), report)).toBe(
      'docker-scs-1-35 has breaking changes for Clusters upgrading to it:\n' +
        '  - from docker-scs-1-34-v1: variable podSecurityStandard changed its default: x [default:podSecurityStandard]\n' +
        'Undo them, or acknowledge them in the stack definition: acknowledgedBreakingChanges: ["default:podSecurityStandard"].',
    );
  });

  test('GIVEN the change is acknowledged in the stack definition THEN the release may go ahead', () => {
    const stack = new ClusterStack({
      provider: 'docker',
      name: 'ack',
      kubernetesVersion: KubernetesVersion.of('1.35.1'),
      acknowledgedBreakingChanges: ['default:podSecurityStandard'],
    });
    expect(unacknowledged(stack, report)).toBeUndefined();
  });
});
