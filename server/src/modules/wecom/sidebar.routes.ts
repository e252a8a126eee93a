import { sidebarRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import type { AuthContext } from '../../lib/koa-types';
import type { ApiRouter } from '../../lib/route';
import { CARD_IMAGE_PATH, memberCardPng } from './card-image';
import { followUpViewOf, noteViewOf } from './follow-ups.service';
import { createWeComSandboxRouter } from '../../sandbox/wecom/wecom-sandbox.routes';
import { receiveEvent, verifyUrl } from './wecom.callbacks';

function consultantOf(auth: AuthContext | undefined): { userId: string; consultantId: string } {
  if (auth?.kind !== 'consultant') throw AppError.of('AUTH_REQUIRED', '请先登录');
  return auth;
}

/** The WeCom callback URL, the sidebar API and (sandbox mode only) the fake's control API. */
export function registerWeComRoutes(api: ApiRouter, c: Container): void {
  const s = c.services;
  const wecom = s.integrations.wecom;
  if (wecom) {
    api.raw('get', '/callbacks/wecom', verifyUrl(wecom.crypto));
    api.raw('post', '/callbacks/wecom', receiveEvent(wecom.crypto, s.wecomQueue, c.clock));
  }
  // The cover image of mini-program cards: public, as WeCom and WeChat fetch it.
  api.raw('get', CARD_IMAGE_PATH, async (ctx) => {
    ctx.type = 'image/png';
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = memberCardPng();
  });
  const fake = s.integrations.sandbox?.wecom;
  if (fake) api.router.use(createWeComSandboxRouter(fake.control).routes());

  api.add(sidebarRoutes.session, ({ body }) => s.consultants.login(body.code));
  api.add(sidebarRoutes.jssdkSignature, async ({ query }) => {
    if (!wecom) throw AppError.of('ROUTE_NOT_FOUND', '企业微信未配置');
    const [config, agentConfig] = await Promise.all([
      wecom.client.signJsapiConfig(query.url),
      wecom.client.signAgentConfig(query.url),
    ]);
    return {
      corpId: wecom.corpId,
      agentId: wecom.agentId,
      config,
      agentConfig,
      sandbox: c.config.sandbox,
    };
  });
  api.add(sidebarRoutes.customer, ({ auth, params }) =>
    s.sidebar.customer(consultantOf(auth).userId, params.externalUserId),
  );
  api.add(sidebarRoutes.editTags, ({ auth, params, body }) =>
    s.sidebar.editTags(consultantOf(auth).userId, params.externalUserId, body.add, body.remove),
  );
  api.add(sidebarRoutes.addNote, async ({ auth, params, body }) => {
    const me = consultantOf(auth);
    await s.relations.requireFollowing(me.userId, params.externalUserId);
    const consultant = await s.consultants.byUserId(me.userId);
    const note = await s.followUps.addNote({
      externalUserId: params.externalUserId,
      memberId: await s.relations.memberOf(params.externalUserId),
      consultantUserId: me.userId,
      consultantName: consultant?.name ?? '',
      text: body.text,
    });
    return noteViewOf(note);
  });
  api.add(sidebarRoutes.addFollowUp, async ({ auth, params, body, ctx }) => {
    const me = consultantOf(auth);
    await s.relations.requireFollowing(me.userId, params.externalUserId);
    const f = await s.followUps.create({
      memberId: await s.relations.memberOf(params.externalUserId),
      externalUserId: params.externalUserId,
      consultantUserId: me.userId,
      kind: 'manual',
      title: body.title,
      playbook: [],
      dueAt: body.dueAt ?? null,
      sourceKey: `sidebar:${ctx.state.requestId}`,
    });
    return followUpViewOf(f);
  });
  api.add(sidebarRoutes.followUpDone, async ({ auth, params, body }) => {
    const f = await s.followUps.done(params.id, consultantOf(auth).userId, body.outcome);
    if (!f) throw AppError.of('NOT_FOUND', '跟进任务不存在');
    return followUpViewOf(f);
  });
  api.add(sidebarRoutes.redeemPerk, ({ auth, body }) =>
    s.sidebar.redeem(consultantOf(auth).userId, body.redemptionCode),
  );
  api.add(sidebarRoutes.perkCard, ({ query }) => s.sidebar.perkCard(query.perkCode));
}
