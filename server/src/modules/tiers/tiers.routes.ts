import { tierRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { requireRole } from '../admin-auth';
import type { Ladder } from './tiers.service';

const view = (l: Ladder) => ({
  tiers: l.tiers,
  growthPerYuan: l.growthPerYuan,
  updatedAt: l.updatedAt?.toISOString() ?? null,
});

export function registerTierAdminRoutes(api: ApiRouter, c: Container): void {
  const { tiers, audit } = c.services;
  api.add(tierRoutes.get, async () => view(await tiers.ladder()));
  api.add(tierRoutes.put, async ({ body, auth, ctx }) => {
    requireRole(auth, 'admin', 'ops');
    const { before, after } = await tiers.saveLadder(body);
    await audit.recordFor(
      ctx,
      'tier.ladder.update',
      { type: 'tier-ladder', id: 'ladder' },
      view(before),
      view(after),
    );
    return view(after);
  });
  api.add(tierRoutes.preview, ({ body }) => tiers.preview(body));
}
