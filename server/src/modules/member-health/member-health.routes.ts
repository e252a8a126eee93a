import { memberHealthRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';

export function registerMemberHealthRoutes(api: ApiRouter, c: Container): void {
  const { memberHealth, audit } = c.services;
  api.add(memberHealthRoutes.overview, () => memberHealth.overview());
  api.add(memberHealthRoutes.diagnosis, ({ query }) => memberHealth.diagnosis(query.week));
  api.add(memberHealthRoutes.saveSettings, async ({ body, ctx }) => {
    const before = await memberHealth.settings();
    const after = await memberHealth.saveSettings(body);
    await audit.recordFor(
      ctx,
      'member_health.settings',
      { type: 'settings', id: 'member-health' },
      before,
      after,
    );
    return after;
  });
}
