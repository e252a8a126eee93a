import { buildMember360 } from './member360.service';
import type { Member360Ports } from './member360.ports';

describe('buildMember360', () => {
  it('stops start-up naming a port the composition root left out', () => {
    const stub = () => Promise.resolve([]);
    const ports = {
      members: {},
      orders: {},
      points: {},
      pointsAdjust: {},
      wallet: {},
      walletAdjust: {},
      tiers: {},
      perks: {},
      memberships: {},
      value: {},
      tags: undefined,
      relations: {},
      consultants: {},
      followUps: {},
      signups: stub,
      stores: { nameOf: () => null },
      audit: undefined,
    } as unknown as Member360Ports;
    expect(() => buildMember360(ports)).toThrow('member360: missing port(s) tags, audit');
  });
});
