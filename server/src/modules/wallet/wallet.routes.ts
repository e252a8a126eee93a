import { walletAdminRoutes, walletIntegrationRoutes, walletRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';
import { ruleView } from './rules.service';
import { canonicalHash } from './views';

export function registerWalletRoutes(api: ApiRouter, c: Container): void {
  const { wallet, members, audit } = c.services;

  api.add(walletRoutes.summary, ({ auth, query }) =>
    wallet.summary(memberIdOf(auth), query.page, query.pageSize),
  );

  api.add(walletIntegrationRoutes.charge, async ({ body }) => {
    const member = await wallet.memberFor(body.member);
    const r = await wallet.charge({
      memberId: member._id,
      amount: body.amount,
      chargeNo: body.chargeNo,
      sourceType: 'wallet_charge',
      sourceId: body.chargeNo,
      idempotencyKey: `wallet-charge:${body.chargeNo}`,
      storeCode: body.storeCode ?? null,
      orderNo: body.orderNo ?? null,
      note: body.note ?? null,
      requestHash: canonicalHash(body),
    });
    const owner = await members.require(r.memberId);
    const { chargeKey: _k, memberId: _m, ...answer } = r;
    return { ...answer, memberNo: owner.memberNo };
  });

  api.add(walletIntegrationRoutes.refundCharge, async ({ params, body }) => {
    const { entry: _e, ...answer } = await wallet.refundCharge({
      chargeKey: `wallet-charge:${params.chargeNo}`,
      refundNo: body.refundNo,
      amount: body.amount,
      reason: body.reason,
      idempotencyKey: `wallet-charge-refund:${params.chargeNo}:${body.refundNo}`,
    });
    return answer;
  });

  api.add(walletIntegrationRoutes.topUp, async ({ body }) => {
    const member = await wallet.memberFor(body.member);
    const e = await wallet.topUp({
      memberId: member._id,
      principal: body.principal,
      bonus: body.bonus,
      sourceType: 'integration_topup',
      sourceId: body.topUpNo,
      idempotencyKey: `integration-topup:${body.topUpNo}`,
      note: body.note ?? null,
      requestHash: canonicalHash(body),
    });
    return {
      topUpNo: body.topUpNo,
      memberNo: member.memberNo,
      principal: e.principalDelta,
      bonus: e.bonusDelta,
      wallet: { balance: e.balanceAfter, principal: e.principalAfter, bonus: e.bonusAfter },
      at: e.createdAt,
    };
  });

  const memberByNo = async (memberNo: string) => {
    const m = await members.byMemberNo(memberNo);
    if (!m) throw AppError.of('MEMBER_NOT_FOUND', `会员 ${memberNo} 不存在`);
    return m;
  };

  api.add(walletAdminRoutes.memberWallet, async ({ params, query }) => {
    const m = await memberByNo(params.memberNo);
    const [balance, ledgerBalance, history] = await Promise.all([
      wallet.view(m._id),
      wallet.ledgerSum(m._id),
      wallet.history(m._id, query.page, query.pageSize),
    ]);
    return { memberNo: m.memberNo, ...balance, ledgerBalance, history };
  });

  api.add(walletAdminRoutes.topUp, async ({ params, body, auth, ctx }) => {
    const m = await memberByNo(params.memberNo);
    const key = `admin-topup:${body.idempotencyKey}`;
    const replay = (await wallet.ledger.byKey(key)) !== null;
    const before = await wallet.view(m._id);
    const {
      principal: _p,
      bonus: _b,
      ...entry
    } = await wallet.topUp({
      memberId: m._id,
      principal: body.principal,
      bonus: body.bonus,
      sourceType: 'admin_topup',
      sourceId: auth?.kind === 'admin' ? auth.username : 'admin',
      idempotencyKey: key,
      note: body.reason,
      requestHash: canonicalHash({ memberNo: m.memberNo, ...body }),
    });
    if (replay) return entry; // audited when it was credited
    await audit.recordFor(ctx, 'wallet.topup', { type: 'member', id: m.memberNo }, before, {
      ...(await wallet.view(m._id)),
      entry,
    });
    return entry;
  });

  api.add(walletAdminRoutes.listRules, async () => ({
    rules: (await wallet.rules.list()).map(ruleView),
  }));
  api.add(walletAdminRoutes.createRule, async ({ body, ctx }) => {
    const rule = ruleView(await wallet.rules.create(body));
    await audit.recordFor(
      ctx,
      'wallet.rule.create',
      { type: 'wallet-rule', id: rule.id },
      null,
      rule,
    );
    return rule;
  });
  api.add(walletAdminRoutes.updateRule, async ({ params, body, ctx }) => {
    const { before, after } = await wallet.rules.update(params.id, body);
    const view = ruleView(after);
    await audit.recordFor(
      ctx,
      'wallet.rule.update',
      { type: 'wallet-rule', id: view.id },
      ruleView(before),
      view,
    );
    return view;
  });
  api.add(walletAdminRoutes.deleteRule, async ({ params, ctx }) => {
    const before = ruleView(await wallet.rules.remove(params.id));
    await audit.recordFor(
      ctx,
      'wallet.rule.delete',
      { type: 'wallet-rule', id: before.id },
      before,
      null,
    );
    return { ok: true as const };
  });
}
