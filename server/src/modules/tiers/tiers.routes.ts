import { tierRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { requireRole } from '../admin-auth';
import type { Ladder } from './tiers.service';

const view = (l: Ladder, effectiveAt: Date | null) => ({
  tiers: l.tiers,
  growthPerYuan: l.growthPerYuan,
  updatedAt: l.updatedAt?.toISOString() ?? null,
  effectiveAt: effectiveAt?.toISOString() ?? null,
});

export function registerTierAdminRoutes(api: ApiRouter, c: Container): void {
  const { tiers, audit } = c.services;
  api.add(tierRoutes.get, async () => {
    const [ladder, effectiveAt] = await Promise.all([tiers.ladder(), tiers.effectiveAt()]);
    return view(ladder, effectiveAt);
  });
  api.add(tierRoutes.put, async ({ body, auth, ctx }) => {
    requireRole(auth, 'admin', 'ops');
    const { before, after } = await tiers.saveLadder(body);
    const effectiveAt = await tiers.effectiveAt();
    await audit.recordFor(
      ctx,
      'tier.ladder.update',
      { type: 'tier-ladder', id: 'ladder' },
      view(before, null),
      view(after, effectiveAt),
    );
    return view(after, effectiveAt);
  });
  api.add(tierRoutes.preview, ({ body }) => tiers.preview(body));
}
