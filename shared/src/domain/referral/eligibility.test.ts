import { type BindingFacts, bindingRejection, isValidScene } from './eligibility';

const ok: BindingFacts = {
  inviterId: 'a',
  inviteeId: 'b',
  code: 'ABCDEFGH',
  inviteeFirstScene: 'ABCDEFGH',
  inviteeOrderCount: 0,
  alreadyBound: false,
  inviterAncestors: [],
  identitySeen: false,
  inviterBoundThisMonth: 0,
  monthlyCap: 3,
};

describe('referral binding rules', () => {
  it('accepts a member arriving with the code', () => {
    expect(bindingRejection(ok)).toBeNull();
  });

  it.each([
    [{ inviteeId: 'a' }, 'self_invite'],
    [{ alreadyBound: true }, 'already_bound'],
    [{ inviterAncestors: ['x', 'b'] }, 'cycle'],
    [{ inviteeFirstScene: null }, 'existing_member'],
    [{ inviteeOrderCount: 1 }, 'existing_member'],
    [{ inviteeFirstScene: 'OTHERCOD' }, 'existing_member'],
    [{ identitySeen: true }, 'identity_seen'],
    [{ inviterBoundThisMonth: 3 }, 'cap_reached'],
  ] as const)('rejects %o as %s', (patch, reason) => {
    expect(bindingRejection({ ...ok, ...patch })).toBe(reason);
  });

  it('checks QR scenes against the 32-char allowed set', () => {
    expect(isValidScene('ABCDEFGH')).toBe(true);
    expect(isValidScene('a%20b')).toBe(false);
    expect(isValidScene('x'.repeat(33))).toBe(false);
  });
});
