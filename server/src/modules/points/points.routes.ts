import { pointsAdminRoutes, pointsRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';
import { lastUsableDay } from '@circles/shared';
import { registerCatalogRoutes } from './catalog.routes';
import { registerGrantRoutes } from './grants.routes';
import type { PointsSettings } from './points.service';

const settingsView = (s: PointsSettings) => ({
  expiry: s.expiry,
  pointsPerYuan: s.pointsPerYuan,
  updatedAt: s.updatedAt?.toISOString() ?? null,
});

/** The member's points page and the back office's per-member view, adjustments and settings. */
export function registerPointsRoutes(api: ApiRouter, c: Container): void {
  const { points, members, audit } = c.services;
  registerCatalogRoutes(api, c);
  registerGrantRoutes(api, c);

  api.add(pointsRoutes.summary, async ({ auth, query }) => {
    const s = await points.summary(memberIdOf(auth), query.page, query.pageSize);
    return { balance: s.balance, expiring: s.expiring, history: s.history };
  });

  const memberByNo = async (memberNo: string) => {
    const m = await members.byMemberNo(memberNo);
    if (!m) throw AppError.of('MEMBER_NOT_FOUND', `会员 ${memberNo} 不存在`);
    return m;
  };

  api.add(pointsAdminRoutes.memberPoints, async ({ params, query }) => {
    const m = await memberByNo(params.memberNo);
    const s = await points.summary(m._id, query.page, query.pageSize);
    return {
      memberNo: m.memberNo,
      balance: s.balance,
      ledgerBalance: s.ledgerBalance,
      expiring: s.expiring,
      lots: s.lots.map((l) => ({ amount: l.remaining, expiresOn: lastUsableDay(l.expiresAt) })),
      history: s.history,
    };
  });

  api.add(pointsAdminRoutes.adjust, async ({ params, body, ctx }) => {
    const m = await memberByNo(params.memberNo);
    const move = {
      memberId: m._id,
      points: Math.abs(body.delta),
      reason: 'adjust' as const,
      note: body.reason,
      sourceType: 'admin',
      sourceId: ctx.state.auth?.kind === 'admin' ? ctx.state.auth.username : 'admin',
      idempotencyKey: `points:adjust:${m._id}:${body.idempotencyKey}`,
    };
    const entry = body.delta > 0 ? await points.credit(move) : await points.debit(move);
    await audit.recordFor(ctx, 'points.adjust', { type: 'member', id: m.memberNo }, null, {
      delta: entry.delta,
      reason: body.reason,
      entryId: entry.id,
    });
    return entry;
  });

  api.add(pointsAdminRoutes.getSettings, async () => settingsView(await points.settings()));
  api.add(pointsAdminRoutes.putSettings, async ({ body, ctx }) => {
    const before = await points.settings();
    const after = await points.saveSettings(body);
    await audit.recordFor(
      ctx,
      'points.settings.update',
      { type: 'points-settings', id: 'points' },
      settingsView(before),
      settingsView(after),
    );
    return settingsView(after);
  });
}
