import { DEFAULT_TIERS } from '@circles/shared';
import { Types } from 'mongoose';
import { memberPerksView } from './perks.member-view';
import type { PerkDoc, PerkInstanceDoc } from './perks.model';

const now = new Date('2026-04-10T04:00:00Z');
const perk = (code: string, tierCodes: string[], extra: Partial<PerkDoc> = {}): PerkDoc => ({
  _id: code,
  name: code,
  description: '',
  kind: 'coupon',
  imageUrl: null,
  tierCodes,
  quota: { period: 'month', limit: 1 },
  validityDays: 30,
  circleIds: [],
  showLocked: false,
  topic: null,
  status: 'active',
  createdAt: now,
  updatedAt: now,
  ...extra,
});
const memberId = new Types.ObjectId();
const instance = (perkCode: string, extra: Partial<PerkInstanceDoc> = {}): PerkInstanceDoc => ({
  _id: new Types.ObjectId(),
  memberId,
  perkCode,
  key: `${memberId}:claim:${perkCode}:2026-04:1`,
  source: 'claim',
  periodKey: '2026-04',
  tierCode: 'silver',
  redemptionCode: 'ABCDEFGH23',
  sourceType: null,
  sourceId: null,
  claimedAt: new Date('2026-04-01T00:00:00Z'),
  expiresAt: new Date('2026-05-01T00:00:00Z'),
  usedAt: null,
  usedBy: null,
  revokedAt: null,
  mergedFrom: [],
  ...extra,
});

describe('the member perk list', () => {
  const perks = [
    perk('black_only', ['black']),
    perk('from_gold', ['gold', 'diamond', 'black']),
    perk('silver_up', ['silver', 'gold']),
    perk('normal_only', ['normal']),
    perk('bday', ['silver'], { kind: 'birthday_gift', quota: { period: 'year', limit: 1 } }),
  ];

  it('lists own perks first, then locked ones by the tier that unlocks them, hiding lower-tier perks', () => {
    const v = memberPerksView('silver', DEFAULT_TIERS, perks, [], now);
    expect(v.perks.map((p) => [p.code, p.state, p.lockedText])).toEqual([
      ['silver_up', 'claimable', null],
      ['bday', 'auto', null],
      ['from_gold', 'locked', '升级到金卡解锁'],
      ['black_only', 'locked', '升级到黑金解锁'],
    ]);
  });

  it('shows the held code, and a used one from last month does not spend this month', () => {
    const v = memberPerksView(
      'silver',
      DEFAULT_TIERS,
      perks,
      [
        instance('silver_up', {
          periodKey: '2026-03',
          usedAt: new Date('2026-03-20T00:00:00Z'),
          redemptionCode: 'OLDOLDOLD2',
        }),
        instance('bday', { source: 'issue', periodKey: '2026' }),
      ],
      now,
    );
    const by = Object.fromEntries(v.perks.map((p) => [p.code, p]));
    expect(by.silver_up).toMatchObject({ state: 'claimable', remaining: 1, instance: null });
    expect(by.bday).toMatchObject({ state: 'claimed', instance: { redemptionCode: 'ABCDEFGH23' } });
  });

  it('falls back to the base tier when the member tier left the ladder', () => {
    const v = memberPerksView('retired', DEFAULT_TIERS, perks, [], now);
    expect(v.tier.code).toBe('normal');
    expect(v.perks[0]).toMatchObject({ code: 'normal_only', state: 'claimable' });
  });
});

describe('circle-exclusive perks', () => {
  const names = new Map([['fabric-fans', '成分党高潜']]);
  const circlePerk = perk('fabric_talk', [], { circleIds: ['fabric-fans'] });
  const lockedPerk = perk('fabric_box', ['normal'], {
    circleIds: ['fabric-fans'],
    showLocked: true,
  });

  it('shows a circle perk to members of the circle only', () => {
    const inside = memberPerksView('normal', DEFAULT_TIERS, [circlePerk], [], now, {
      mine: new Set(['fabric-fans']),
      names,
    });
    expect(inside.perks.map((p) => [p.code, p.state])).toEqual([['fabric_talk', 'claimable']]);
    const outside = memberPerksView('normal', DEFAULT_TIERS, [circlePerk], [], now, {
      mine: new Set(),
      names,
    });
    expect(outside.perks).toEqual([]);
  });

  it('shows it locked with the circle to join when the brand chooses to', () => {
    const view = memberPerksView('normal', DEFAULT_TIERS, [lockedPerk], [], now, {
      mine: new Set(),
      names,
    });
    expect(view.perks[0]).toMatchObject({
      state: 'locked',
      unlockCircle: { id: 'fabric-fans', name: '成分党高潜' },
      lockedText: '加入 成分党高潜 圈层可解锁',
    });
  });

  it('puts perks of the topics the member is interested in first', () => {
    const a = perk('plain', ['normal']);
    const b = perk('fabric_guide', ['normal'], { topic: '面料成分' });
    const view = memberPerksView(
      'normal',
      DEFAULT_TIERS,
      [a, b],
      [],
      now,
      undefined,
      new Map([['面料成分', 9]]),
    );
    expect(view.perks.map((p) => p.code)).toEqual(['fabric_guide', 'plain']);
  });
});
