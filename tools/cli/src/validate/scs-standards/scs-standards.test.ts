import * as path from 'node:path';
import { readTree, workspaceRoot } from '../../util/files';
import { ScsInput } from './clause';
import { formatClauseReport, offeredMinors, runClauses, SCS_CLAUSES, scsInputOf, summarize } from './index';
import { Manifests } from './manifests';
import { latestMinor, latestPatch, notPastEndOfLife, patchReleased, supportedMinors } from './scs-0210';
import { controlPlaneHosts, controlPlaneZones, SCS_0214 } from './scs-0214';
import { adminNetworkPolicy, ingress, networkPolicy } from './scs-0219';
import { readUpstream, UPSTREAM_KUBERNETES } from './upstream';

const root = workspaceRoot();

/** The committed rendered output of a real stack, as the tier reads its synthesized tree. */
function realStack(provider: 'docker' | 'openstack', minor = '1.35', patch = '1.35.1'): ScsInput {
  const tree = readTree(path.join(root, 'providers', provider, 'scs', minor.replace('.', '-'), 'rendered'));
  return scsInputOf({ provider, stack: 'scs', minor, patch }, offeredMinors(root, provider, 'scs'), tree);
}

/** The same tree with one file replaced (`edit` gets its text). */
function edited(input: ScsInput, file: string, edit: (text: string) => string): ScsInput {
  const tree = readTree(path.join(root, 'providers', input.stack, input.minor.replace('.', '-'), 'rendered'));
  const text = tree.get(file);
  if (text === undefined) throw new Error(`no ${file}`);
  const changed = new Map(tree);
  changed.set(file, Buffer.from(edit(text.toString())));
  return { ...input, manifests: Manifests.ofTree(changed) };
}

/** The upstream data with one minor's facts replaced. */
const upstream = readUpstream({
  asOf: '2026-03-01',
  minors: {
    '1.34': { released: '2025-08-27', endOfLife: '2026-10-27', patches: { '1.34.3': '2025-12-09' } },
    '1.35': {
      released: '2025-12-17',
      endOfLife: '2027-02-28',
      patches: { '1.35.1': '2026-02-10', '1.35.2': '2026-02-20' },
    },
  },
});

/** The latest-patch result of openstack/scs 1.36 at `patch`, with that clause recorded as a known violation. */
function latestPatchWithKnownViolation(patch: string) {
  const known = [
    {
      stack: 'openstack/scs',
      clauses: ['scs-0210-v2/latest-patch'],
      minors: ['1.36'],
      reason: 'R',
      remedy: 'M',
    },
  ];
  return runClauses(realStack('openstack', '1.36', patch), SCS_CLAUSES, [], known).find(
    (r) => r.id === 'scs-0210-v2/latest-patch',
  );
}

function failure(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the clause to fail');
}

describe('SCS KaaS standards tier', () => {
  test('GIVEN the clause table THEN every clause names its standard and section, once', () => {
    expect(SCS_CLAUSES.map((c) => `${c.id} ${c.standard} §${c.section} ${c.level}`)).toEqual([
      'scs-0210-v2/patch-released scs-0210-v2 §Decision MUST',
      'scs-0210-v2/latest-minor scs-0210-v2 §Decision MUST',
      'scs-0210-v2/latest-patch scs-0210-v2 §Decision MUST',
      'scs-0210-v2/critical-cve-patch scs-0210-v2 §Decision MUST',
      'scs-0210-v2/tested-before-rollout scs-0210-v2 §Decision MUST',
      'scs-0210-v2/supported-minors scs-0210-v2 §Decision MUST',
      'scs-0210-v2/not-past-end-of-life scs-0210-v2 §Decision RECOMMENDED',
      'scs-0214-v2/control-plane-hosts scs-0214-v2 §Decision MUST',
      'scs-0214-v2/control-plane-placement-live scs-0214-v2 §Decision MUST',
      'scs-0214-v2/control-plane-zones scs-0214-v2 §Decision SHOULD',
      'scs-0214-v2/worker-zones scs-0214-v2 §Decision RECOMMENDED',
      'scs-0214-v2/label-zone scs-0214-v2 §Decision MUST',
      'scs-0214-v2/label-region scs-0214-v2 §Decision MUST',
      'scs-0214-v2/labels-live scs-0214-v2 §Decision MUST',
      'scs-0214-v2-draft/host-id scs-0214-v2 (draft) §Decision (removed at stabilization) MUST',
      'scs-0219-v1/network-policy scs-0219-v1 §Decision MUST',
      'scs-0219-v1/network-policy-e2e scs-0219-v1 §Decision; scs-0219-w1 Automated tests MUST',
      'scs-0219-v1/admin-network-policy scs-0219-v1 §Decision SHOULD',
      'scs-0219-v1/ingress scs-0219-v1 §Decision SHOULD',
      'scs-0219-v1/default-restrictions scs-0219-v1 §Decision MAY',
    ]);
  });

  test('GIVEN the committed upstream data THEN it is decided as of its own day, not the clock', () => {
    expect(UPSTREAM_KUBERNETES.asOf).toBe('2026-12-07');
    expect(realStack('docker').date).toBe('2026-12-07');
  });

  test('GIVEN upstream data with a wrong day WHEN read THEN it names the field', () => {
    expect(failure(() => readUpstream({ asOf: '7.12.2026', minors: {} }))).toBe(
      'upstream Kubernetes data: "asOf" must be a day like "2026-12-07"',
    );
    expect(
      failure(() =>
        readUpstream({
          asOf: '2026-12-07',
          minors: { '1.35': { released: '2025-12-17', patches: { '1.36.0': 'x' } } },
        }),
      ),
    ).toBe('upstream Kubernetes data: 1.35: "endOfLife" must be a day or null');
  });

  describe('scs-0210-v2 §Decision', () => {
    const input = (patch: string, date: string, minors = ['1.34', '1.35']): ScsInput => ({
      ...realStack('docker', '1.35', patch),
      offeredMinors: minors,
      upstream,
      date,
    });

    test('GIVEN a patch upstream released WHEN checked THEN it passes; GIVEN one it did not THEN it fails', () => {
      expect(patchReleased(input('1.35.1', '2026-03-01'))).toEqual({
        status: 'pass',
        detail: '1.35.1 released 2026-02-10',
      });
      expect(failure(() => patchReleased(input('1.35.9', '2026-03-01')))).toBe(
        '1.35.9 is not a Kubernetes release in the upstream data (as of 2026-03-01); known 1.35 patches: 1.35.0, 1.35.1, 1.35.2',
      );
      expect(failure(() => patchReleased(input('1.35.2', '2026-02-15')))).toBe(
        '1.35.2 was released on 2026-02-20, after 2026-02-15',
      );
    });

    test("GIVEN a minor's .0 patch WHEN checked THEN it counts as released on the minor's release day", () => {
      expect(patchReleased(input('1.35.0', '2026-03-01'))).toEqual({
        status: 'pass',
        detail: '1.35.0 released 2025-12-17',
      });
    });

    test('GIVEN a newer patch WHEN less than 31 days old THEN the release passes; WHEN older THEN it fails', () => {
      expect(latestPatch(input('1.35.1', '2026-03-01'))).toEqual({
        status: 'pass',
        detail: '1.35.1 is the newest 1.35 patch released before 2026-01-29',
      });
      expect(failure(() => latestPatch(input('1.35.1', '2026-03-23')))).toBe(
        'docker/scs 1.35 ships 1.35.1, but 1.35.2 was released on 2026-02-20 and had to be offered by 2026-03-23 (as of 2026-03-23)',
      );
    });

    test('GIVEN the newest minor WHEN within 120 days of its release THEN it may be missing; WHEN older THEN it fails', () => {
      expect(latestMinor(input('1.35.1', '2026-03-01', ['1.34']))).toEqual({
        status: 'pass',
        detail: '1.34 offered (due 2025-12-25); 1.35 due 2026-04-16',
      });
      expect(failure(() => latestMinor(input('1.35.1', '2026-04-16', ['1.34'])))).toBe(
        'docker/scs offers 1.34, but 1.35 (released 2025-12-17) had to be offered by 2026-04-16',
      );
    });

    test('GIVEN an older minor upstream still supports WHEN not offered THEN it fails', () => {
      expect(supportedMinors(input('1.35.1', '2026-04-16'))).toEqual({
        status: 'pass',
        detail: '1.34 offered while upstream supports them',
      });
      expect(failure(() => supportedMinors(input('1.35.1', '2026-04-16', ['1.35'])))).toBe(
        'docker/scs does not offer 1.34, which upstream supports until 2026-10-27',
      );
    });

    test('GIVEN a minor past its end of life THEN the recommendation is reported as not met, without failing', () => {
      expect(notPastEndOfLife(input('1.35.1', '2027-02-28'))).toEqual({
        status: 'advisory',
        detail: '1.35 reached its end of life on 2027-02-28; the standard recommends not offering it',
      });
      expect(notPastEndOfLife(input('1.35.1', '2027-02-27')).status).toBe('pass');
    });

    test("GIVEN the committed data WHEN the stacks are checked THEN every release ships a patch older than upstream's newest by more than 31 days", () => {
      expect(failure(() => latestPatch(realStack('openstack', '1.36', '1.36.1')))).toBe(
        'openstack/scs 1.36 ships 1.36.1, but 1.36.3 was released on 2026-07-22 and had to be offered by 2026-08-22 (as of 2026-12-07)',
      );
    });
  });

  describe('scs-0214-v2 §Decision', () => {
    test('GIVEN openstack/scs THEN the control plane can join a server group and spreads over failure domains', () => {
      expect(controlPlaneHosts(realStack('openstack'))).toEqual({
        status: 'pass',
        detail:
          "control-plane servers join a Nova server group (anti-affinity) through patch controlPlaneServerGroupID; the hosts they land on are Nova's to decide (not checkable statically)",
      });
      expect(controlPlaneZones(realStack('openstack')).status).toBe('pass');
    });

    test('GIVEN a ClusterClass without the server group patch WHEN checked THEN control-plane-hosts fails', () => {
      const broken = edited(realStack('openstack'), 'cluster-class/templates/clusterclass.yaml', (text) =>
        text.replaceAll('path: /spec/template/spec/serverGroup', 'path: /spec/template/spec/tags'),
      );
      expect(failure(() => controlPlaneHosts(broken))).toBe(
        'openstack/scs: nothing in the ClusterClass puts control-plane servers in a server group (no serverGroup on an OpenStackMachineTemplate, no patch of /spec/template/spec/serverGroup for the control plane), so nothing keeps them on distinct hypervisors',
      );
    });

    test('GIVEN an OpenStackClusterTemplate omitting availability zones THEN control-plane-zones is advisory', () => {
      const omitted = edited(
        realStack('openstack'),
        'cluster-class/templates/openstackclustertemplate-cluster.yaml',
        (t) => t.replace('    spec:\n', '    spec:\n      controlPlaneOmitAvailabilityZone: true\n'),
      );
      expect(controlPlaneZones(omitted)).toEqual({
        status: 'advisory',
        detail:
          'HELM-HELM-cluster sets controlPlaneOmitAvailabilityZone: the OpenStackCluster reports no failure domains to spread over',
      });
    });

    const zone = SCS_0214.find((c) => c.id === 'scs-0214-v2/label-zone')!;
    const region = SCS_0214.find((c) => c.id === 'scs-0214-v2/label-region')!;

    test('GIVEN openstack/scs THEN zone and region come from the CCM on kubelets with an external cloud provider', () => {
      expect(zone.check(realStack('openstack'))).toEqual({
        status: 'pass',
        detail:
          'set by the cloud-node controller of the OpenStack CCM (DaemonSet cluster-addon/ccm/templates/daemonset-openstack-cloud-controller-manager.yaml) from the Nova availability zone of each server; every kubelet registers with cloud-provider=external',
      });
      expect(region.check(realStack('openstack')).status).toBe('pass');
    });

    test('GIVEN a CCM without its cloud-node controller WHEN checked THEN the zone label fails', () => {
      const broken = edited(
        realStack('openstack'),
        'cluster-addon/ccm/templates/daemonset-openstack-cloud-controller-manager.yaml',
        (text) => text.replace('--controllers=cloud-node,', '--controllers='),
      );
      expect(failure(() => zone.check(broken))).toBe(
        'openstack/scs: no addon runs the OpenStack cloud controller manager with its cloud-node controller, which sets topology.kubernetes.io/zone',
      );
    });

    test('GIVEN workers that register without cloud-provider=external WHEN checked THEN the region label fails', () => {
      const broken = edited(
        realStack('openstack'),
        'cluster-class/templates/kubeadmconfigtemplate-default-worker-bootstrap.yaml',
        (text) => text.replace('cloud-provider: external', 'max-pods: "110"'),
      );
      expect(failure(() => region.check(broken))).toBe(
        'openstack/scs: kubelets register without cloud-provider=external, so the cloud controller manager never initializes (or labels) them: cluster-class/templates/kubeadmconfigtemplate-default-worker-bootstrap.yaml joinConfiguration',
      );
    });

    test('GIVEN docker/scs WHEN a distribution clause runs without its exemption THEN it names the missing provider check', () => {
      expect(failure(() => zone.check(realStack('docker')))).toBe(
        'docker/scs: no source of topology.kubernetes.io/zone known for its infrastructure provider (the check knows OpenStack (CAPO); other stacks need an exemption or a check)',
      );
    });
  });

  describe('scs-0219-v1 §Decision', () => {
    test('GIVEN docker/scs THEN its pinned kindnetd enforces NetworkPolicy but runs no AdminNetworkPolicy', () => {
      expect(networkPolicy(realStack('docker')).detail).toBe(
        "kindnetd v20251212-v0.29.0-alpha-105-g20ccfc88 (stage cni) enforces NetworkPolicy: kind commit 20ccfc88 (the kindnetd of kind v0.31.0): images/kindnetd requires sigs.k8s.io/kube-network-policies v0.8.0 and cmd/kindnetd starts its NetworkPolicy controller on every node, with no AdminNetworkPolicy informers; it enforces only on host kernels with nftables' queue expression (CONFIG_NFT_QUEUE), and fails open without it (its rule sync fails, as the lab saw)",
      );
      expect(adminNetworkPolicy(realStack('docker')).status).toBe('advisory');
    });

    test('GIVEN an unrecorded kindnetd build WHEN checked THEN network-policy fails', () => {
      const broken = edited(
        realStack('docker'),
        'cluster-addon/cni/templates/daemonset-kindnet.yaml',
        (text) =>
          text.replace('kindnetd:v20251212-v0.29.0-alpha-105-g20ccfc88', 'kindnetd:v20230511-dc714da8'),
      );
      expect(failure(() => networkPolicy(broken))).toBe(
        'docker/scs: kindnetd v20230511-dc714da8 (stage cni) is not known to enforce NetworkPolicy: read its kind source and record it in KINDNETD_BUILDS',
      );
    });

    test('GIVEN kindnetd without access to NetworkPolicies WHEN checked THEN network-policy fails', () => {
      const broken = edited(
        realStack('docker'),
        'cluster-addon/cni/templates/clusterrole-kindnet.yaml',
        (text) => text.replace('networkpolicies', 'ingresses'),
      );
      expect(failure(() => networkPolicy(broken))).toBe(
        'docker/scs: kindnetd (stage cni) may not list and watch networking.k8s.io networkpolicies (ServiceAccount kindnet), so its NetworkPolicy controller cannot run',
      );
    });

    test('GIVEN openstack/scs THEN Cilium enforces NetworkPolicy; GIVEN values that turn it off THEN it fails', () => {
      expect(networkPolicy(realStack('openstack')).detail).toBe(
        'Cilium 1.19.6 (stage cni) enforces NetworkPolicy: the Cilium chart enables k8sNetworkPolicy and policyEnforcementMode "default"; scs-0219-w1 lists Cilium among the plugins working on AdminNetworkPolicy',
      );
      const off = edited(realStack('openstack'), 'cluster-addon/cni/values.yaml', (text) =>
        text.replace('cilium:\n', 'cilium:\n  policyEnforcementMode: never\n'),
      );
      expect(failure(() => networkPolicy(off))).toBe(
        'openstack/scs: stage cni sets cilium.policyEnforcementMode=never: no policy is enforced',
      );
    });

    test('GIVEN no CNI stage WHEN checked THEN network-policy fails naming the stages', () => {
      const none = edited(realStack('openstack'), 'cluster-addon/cni/Chart.yaml', (text) =>
        text.replace('- name: cilium', '- name: flannel'),
      );
      expect(failure(() => networkPolicy(none))).toBe(
        'openstack/scs: no addon stage installs a CNI known to enforce NetworkPolicy (stages: ccm, cni, csi, kubelet-csr-approver, metadata-service-policy, metrics-server)',
      );
    });

    test('GIVEN either stack THEN no Ingress controller is offered (advisory)', () => {
      expect(ingress(realStack('openstack'))).toEqual({
        status: 'advisory',
        detail: 'no addon offers an Ingress controller or an IngressClass',
      });
    });
  });

  test('GIVEN every stack release THEN only the known violation scs-0210-v2/latest-patch fails, docker/scs is exempt from distribution and labels', () => {
    const outcomes = (['docker', 'openstack'] as const).flatMap((provider) =>
      [
        ['1.33', '1.33.7'],
        ['1.34', '1.34.3'],
        ['1.35', '1.35.1'],
        ['1.36', '1.36.1'],
      ].map(([minor, patch]) => {
        const results = runClauses(realStack(provider, minor, patch));
        const ids = (status: string) =>
          results
            .filter((r) => r.status === status)
            .map((r) => r.id)
            .join(', ');
        return `${provider} ${minor}: ${summarize(results)}; known: ${ids('known-violation')}; failing: ${ids('fail')}`;
      }),
    );
    expect(outcomes).toEqual([
      'docker 1.33: 20 clauses: 9 checked statically (5 pass, 3 advisory, 1 known violation), 4 exempt, 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'docker 1.34: 20 clauses: 9 checked statically (5 pass, 3 advisory, 1 known violation), 4 exempt, 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'docker 1.35: 20 clauses: 9 checked statically (6 pass, 2 advisory, 1 known violation), 4 exempt, 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'docker 1.36: 20 clauses: 9 checked statically (6 pass, 2 advisory, 1 known violation), 4 exempt, 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'openstack 1.33: 20 clauses: 13 checked statically (10 pass, 2 advisory, 1 known violation), 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'openstack 1.34: 20 clauses: 13 checked statically (10 pass, 2 advisory, 1 known violation), 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'openstack 1.35: 20 clauses: 13 checked statically (11 pass, 1 advisory, 1 known violation), 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
      'openstack 1.36: 20 clauses: 13 checked statically (11 pass, 1 advisory, 1 known violation), 7 not checkable statically; known: scs-0210-v2/latest-patch; failing: ',
    ]);
  });

  test('GIVEN a violation in the known-violation table WHEN checked THEN it is reported with its reason and remedy', () => {
    // GIVEN openstack/scs 1.36, which ships 1.36.1 while 1.36.3 is due
    // WHEN its clauses run against the table
    const result = latestPatchWithKnownViolation('1.36.1');

    // THEN the violation is reported as known, with the clause's own message
    expect(result).toEqual({
      id: 'scs-0210-v2/latest-patch',
      standard: 'scs-0210-v2',
      section: 'Decision',
      level: 'MUST',
      status: 'known-violation',
      detail:
        'openstack/scs 1.36 ships 1.36.1, but 1.36.3 was released on 2026-07-22 and had to be offered by 2026-08-22 (as of 2026-12-07); known: R; to fix: M',
    });
  });

  test('GIVEN a known-violation entry whose clause holds WHEN checked THEN the clause fails until the entry is removed', () => {
    // GIVEN openstack/scs 1.36 on its newest patch, with latest-patch still recorded as violated
    // WHEN its clauses run
    const result = latestPatchWithKnownViolation('1.36.3');

    // THEN the stale entry is the failure
    expect(result?.status).toBe('fail');
    expect(result?.detail).toBe(
      'recorded as a known violation of openstack/scs 1.36, but it holds (1.36.3 is the newest 1.36 patch released before 2026-11-06): remove the entry from SCS_KNOWN_VIOLATIONS',
    );
  });

  test('GIVEN a report THEN each clause is one line with standard, section, level and status', () => {
    const report = formatClauseReport(
      runClauses(realStack('docker')).filter((r) => r.id.endsWith('/host-id')),
    );
    expect(
      report.startsWith(
        'scs-0214-v2-draft/host-id [scs-0214-v2 (draft) §Decision (removed at stabilization), MUST]: not checkable statically: not a clause of the stable text',
      ),
    ).toBe(true);
  });
});

describe('Manifests', () => {
  test('GIVEN openstack/scs 1.35 with an object rendered under a Helm condition WHEN its addon objects are read THEN the object reads as if the condition held', () => {
    // GIVEN
    const { manifests } = realStack('openstack');

    // WHEN
    const policies = manifests.objects('cluster-addon/metadata-service-policy');

    // THEN
    expect(policies.map((o) => [o.kind, o.name])).toEqual([
      ['CiliumClusterwideNetworkPolicy', 'deny-cloud-metadata-service'],
    ]);
    expect(policies[0].body.spec).toMatchObject({ egressDeny: [{ toCIDR: ['169.254.169.254/32'] }] });
  });
});
