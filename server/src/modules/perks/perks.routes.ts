import { perkRoutes, tierGuideRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';
import { perkView } from './perks.catalog';
import type { PerkDoc } from './perks.model';

export function registerPerkRoutes(api: ApiRouter, c: Container): void {
  const { perks, coupons, audit } = c.services;
  const target = (code: string) => ({ type: 'perk', id: code });

  api.add(perkRoutes.mine, ({ auth }) => perks.memberPerks(memberIdOf(auth)));
  api.add(tierGuideRoutes.guide, ({ auth }) => perks.tierGuide(memberIdOf(auth)));
  api.add(perkRoutes.claim, ({ auth, params }) => perks.claim(memberIdOf(auth), params.code));
  api.add(perkRoutes.coupons, async ({ auth }) => ({
    items: await coupons.ofMember(memberIdOf(auth)),
  }));
  api.add(perkRoutes.quote, ({ body }) => coupons.quote(body.redemptionCode, body.order));
  api.add(perkRoutes.redeem, ({ auth, body }) => {
    if (auth?.kind !== 'integration') throw AppError.of('AUTH_REQUIRED', '请先登录');
    const by = {
      kind: 'integration' as const,
      id: body.consultantUserId ? `${auth.keyId}:${body.consultantUserId}` : auth.keyId,
      storeCode: body.storeCode ?? null,
    };
    return coupons.redeem(body.redemptionCode, by, body.order);
  });

  api.add(perkRoutes.list, async ({ query }) => ({
    items: (await perks.catalog.list(query)).map(perkView),
  }));
  api.add(perkRoutes.get, async ({ params }) => perkView(await perks.catalog.require(params.code)));
  api.add(perkRoutes.create, async ({ body, ctx }) => {
    const after = perkView(await perks.catalog.create(body));
    await audit.recordFor(ctx, 'perk.create', target(after.code), null, after);
    return after;
  });
  // Each write records before/after in the audit log once the change is stored.
  const audited = async (
    ctx: Parameters<typeof audit.recordFor>[0],
    action: string,
    code: string,
    change: Promise<{ before: PerkDoc; after: PerkDoc }>,
  ) => {
    const { before, after } = await change;
    await audit.recordFor(ctx, action, target(code), perkView(before), perkView(after));
    return perkView(after);
  };
  api.add(perkRoutes.update, ({ params, body, ctx }) =>
    audited(ctx, 'perk.update', params.code, perks.catalog.update(params.code, body)),
  );
  api.add(perkRoutes.archive, ({ params, ctx }) =>
    audited(ctx, 'perk.archive', params.code, perks.catalog.archive(params.code)),
  );
  api.add(perkRoutes.assign, ({ params, body, ctx }) =>
    audited(ctx, 'perk.assign', params.code, perks.catalog.assign(params.code, body)),
  );
  api.add(perkRoutes.metrics, () => perks.metrics());
}
