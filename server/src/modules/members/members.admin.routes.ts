import { adminMemberRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import { PhoneCrypto } from '../../lib/phone-crypto';
import type { ApiRouter } from '../../lib/route';
import { requireRole } from '../admin-auth';
import type { MemberDoc } from './member.model';

export function registerMemberAdminRoutes(api: ApiRouter, c: Container): void {
  const { members, tiers, orders, merges, audit } = c.services;

  const listItem = async (m: MemberDoc) => {
    const phone = members.phoneOf(m);
    const { tier, growth } = await tiers.view(m);
    return {
      memberNo: m.memberNo,
      nickname: m.nickname || '微信用户',
      phoneMasked: phone ? PhoneCrypto.mask(phone) : null,
      tier,
      growth,
      totalSpend: m.totalSpend,
      orderCount: m.orderCount,
      createdAt: m.createdAt.toISOString(),
      status: m.status,
    };
  };

  const detail = async (m: MemberDoc) => {
    const [base, view, history, ids, recent, mergeRecs, circles] = await Promise.all([
      listItem(m),
      tiers.view(m),
      tiers.history(m._id),
      members.identitiesOf(m._id),
      orders.recent(m._id),
      merges.forMember(m._id),
      c.services.circleMemberships.circlesOf(m._id),
    ]);
    const numbers = await members.query.memberNosOf(
      mergeRecs.flatMap((r) => [r.survivorId, r.loserId]),
    );
    return {
      ...base,
      birthday: m.birthday,
      tierValidUntil: view.tierValidUntil,
      tierOverride: m.tierOverride
        ? {
            code: m.tierOverride.code,
            until: m.tierOverride.until.toISOString(),
            reason: m.tierOverride.reason,
          }
        : null,
      tierHistory: history,
      circles: circles.map((x) => ({
        id: x.id,
        name: x.name,
        color: x.color,
        since: x.since.toISOString(),
      })),
      // Phone identities are stored as lookup hashes; show the kind only.
      identities: ids.map((i) => ({
        kind: i.kind,
        value: i.kind === 'phone' ? '(已加密)' : i.value,
      })),
      recentOrders: recent.map((o) => ({
        orderNo: o.orderNo,
        amount: o.amount,
        refunded: o.amount - o.refundable,
        paidAt: o.paidAt.toISOString(),
        channel: o.channel,
      })),
      merges: mergeRecs.map((r) => ({
        id: String(r._id),
        survivorNo: numbers.get(String(r.survivorId)) ?? '?',
        loserNo: numbers.get(String(r.loserId)) ?? '?',
        status: r.status,
        reason: r.reason,
        at: r.at.toISOString(),
      })),
    };
  };

  const byNo = async (memberNo: string) => {
    const m = await members.byMemberNo(memberNo);
    if (!m) throw AppError.of('MEMBER_NOT_FOUND', `会员 ${memberNo} 不存在`);
    return m;
  };

  api.add(adminMemberRoutes.search, async ({ query }) => {
    const { rows, total } = await members.query.search({
      memberNo: query.memberNo,
      phoneHash: query.phone ? c.phoneCrypto.lookupHash(query.phone) : undefined,
      tierCode: query.tier,
      page: query.page,
      pageSize: query.pageSize,
    });
    return {
      items: await Promise.all(rows.map(listItem)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  });

  api.add(adminMemberRoutes.detail, async ({ params }) => detail(await byNo(params.memberNo)));

  api.add(adminMemberRoutes.overrideTier, async ({ params, body, auth, ctx }) => {
    const admin = requireRole(auth, 'admin', 'ops');
    const before = await byNo(params.memberNo);
    const after = await tiers.override(
      before._id,
      body.code,
      body.until,
      body.reason,
      admin.username,
    );
    await audit.recordFor(
      ctx,
      'member.tier.override',
      { type: 'member', id: before.memberNo },
      { tierCode: before.tierCode, tierValidUntil: before.tierValidUntil },
      { tierCode: after.tierCode, tierOverride: after.tierOverride },
    );
    return detail(after);
  });

  api.add(adminMemberRoutes.reverseMerge, async ({ params, body, auth, ctx }) => {
    const admin = requireRole(auth, 'admin');
    await merges.reverse(params.id, body.reason, admin.username);
    await audit.recordFor(
      ctx,
      'member.merge.reverse',
      { type: 'merge', id: params.id },
      { status: 'applied' },
      { status: 'reversed', reason: body.reason },
    );
    return { ok: true as const };
  });
}
