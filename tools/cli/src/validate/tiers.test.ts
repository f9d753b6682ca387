import { Release } from './release';
import { Blocked, runTiers, Tier, TIERS } from './tiers';

const release = {} as Release;

describe('validation tiers', () => {
  test('GIVEN the tier table THEN it lists every tier once, in report order', () => {
    expect(TIERS.map((t) => t.id)).toEqual([
      'rendered',
      'release-conformance',
      'helm',
      'upstream-charts',
      'kubeconform-class',
      'kubeconform-addons',
      'capi-v1beta1',
      'capi-v1beta2',
      'topology',
      'upgrade',
      'topology-v1beta1-v1beta2',
      'upgrade-v1beta2',
      'hardening-policy',
      'scs-standards',
      'version-lock',
      'rebuild',
    ]);
  });

  test('GIVEN tiers that pass, fail, block and do not apply WHEN run THEN each applicable one is reported in order', () => {
    // GIVEN
    const tier = (id: string, run: Tier['run'], appliesTo?: Tier['appliesTo']): Tier => ({
      id,
      title: () => `tier ${id}`,
      needs: [],
      run,
      ...(appliesTo ? { appliesTo } : {}),
    });
    const tiers = [
      tier('a', () => 'holds'),
      tier('b', () => {
        throw new Error('broken\nsecond line');
      }),
      tier('c', () => new Blocked('no network')),
      tier(
        'd',
        () => 'never',
        () => false,
      ),
      tier('e', () => 'still runs'),
    ];

    // WHEN
    const results = runTiers(release, tiers).map(({ ms: _, ...r }) => r);

    // THEN
    expect(results).toEqual([
      { tier: 'tier a', ok: true, detail: 'holds' },
      { tier: 'tier b', ok: false, detail: 'broken\nsecond line' },
      { tier: 'tier c', ok: true, blocked: true, detail: 'no network' },
      { tier: 'tier e', ok: true, detail: 'still runs' },
    ]);
  });
});
