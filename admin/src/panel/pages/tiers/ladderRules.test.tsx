import { ladderKey } from './ladderRules';

describe('ladder preview key', () => {
  const tier = {
    code: 'gold',
    name: '金卡',
    rank: 2,
    color: '#C9A227',
    upgradeGrowth: 5000,
    retainGrowth: 3000,
    pointsMultiplier: 1.5,
  };

  // The watched form store keeps the server's key order and extra keys; validateFields answers
  // in the inputs' order. A preview of the same numbers must count as fresh for both.
  it('ignores key order and keys the form does not edit', () => {
    const fromServer = {
      growthPerYuan: 1,
      tiers: [
        {
          id: 'x',
          pointsMultiplier: 1.5,
          retainGrowth: 3000,
          upgradeGrowth: 5000,
          color: '#C9A227',
          rank: 2,
          name: '金卡',
          code: 'gold',
        },
      ],
    };
    expect(ladderKey(fromServer)).toBe(ladderKey({ tiers: [tier], growthPerYuan: 1 }));
  });

  it('changes when a threshold changes', () => {
    expect(ladderKey({ tiers: [tier], growthPerYuan: 1 })).not.toBe(
      ladderKey({ tiers: [{ ...tier, upgradeGrowth: 6000 }], growthPerYuan: 1 }),
    );
  });
});
