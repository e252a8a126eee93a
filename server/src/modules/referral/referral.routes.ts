import { adminReferralRoutes, referralRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';

export function registerReferralRoutes(api: ApiRouter, c: Container): void {
  const { referral, members, audit } = c.services;

  api.add(referralRoutes.view, ({ auth }) => referral.view(memberIdOf(auth)));
  api.add(referralRoutes.bind, async ({ auth, body }) => {
    const r = await referral.bind(memberIdOf(auth), body.code);
    const inviter = await members.require(r.inviterId);
    return { inviter: { nickname: inviter.nickname || '微信用户' }, state: r.state };
  });

  api.add(adminReferralRoutes.getSettings, () => referral.settings());
  api.add(adminReferralRoutes.putSettings, async ({ body, ctx }) => {
    const before = await referral.settings();
    const after = await referral.putSettings(body);
    await audit.recordFor(
      ctx,
      'referral.settings',
      { type: 'referral', id: 'settings' },
      before,
      after,
    );
    return after;
  });
}
