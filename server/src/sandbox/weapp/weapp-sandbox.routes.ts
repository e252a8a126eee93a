import { Router } from '@koa/router';
import { z } from 'zod';
import { validBody } from '../common/koa-body';
import type { WeappSandboxControl } from './weapp-fake-state';

const openid = z.string().min(1).max(64);

const loginCodeBody = z.object({ openid, unionid: z.string().min(1).max(64).optional() });
const phoneCodeBody = z.object({
  openid,
  phone: z.string().regex(/^\+?\d{5,17}$/),
  countryCode: z
    .string()
    .regex(/^\d{1,4}$/)
    .optional(),
});
const subscribeBody = z.object({
  openid,
  templateIds: z.array(z.string().min(1)).min(1).max(3),
  times: z.number().int().min(1).max(100).optional(),
});
const templateBody = z.object({
  templateId: z.string().min(1),
  keys: z.array(z.string().regex(/^[a-z_]+\d+$/)).min(1),
});
const riskyBody = z.object({ openid, risky: z.boolean() });
const injectBody = z.object({
  api: z.string().min(1),
  errcode: z.number().int(),
  times: z.number().int().min(1).max(100).optional(),
});

/**
 * The sandbox control API of the fake mini-program platform (mount only in sandbox mode):
 * it stands in for what the WeChat client does on the user's phone, plus test levers.
 */
export function createWeappSandboxRouter(control: WeappSandboxControl): Router {
  const router = new Router({ prefix: '/sandbox/weapp' });

  // Stands in for wx.login().
  router.post('/login-code', async (ctx) => {
    const body = await validBody(ctx, loginCodeBody);
    ctx.body = { code: control.issueLoginCode(body.openid, body.unionid) };
  });

  // Stands in for the getPhoneNumber button.
  router.post('/phone-code', async (ctx) => {
    const body = await validBody(ctx, phoneCodeBody);
    ctx.body = { code: control.issuePhoneCode(body.openid, body.phone, body.countryCode) };
  });

  // Stands in for the user accepting wx.requestSubscribeMessage.
  router.post('/subscriptions', async (ctx) => {
    const body = await validBody(ctx, subscribeBody);
    for (const id of body.templateIds) control.acceptSubscription(body.openid, id, body.times);
    ctx.body = { accepted: body.templateIds };
  });

  router.post('/templates', async (ctx) => {
    const body = await validBody(ctx, templateBody);
    control.registerTemplate(body.templateId, body.keys);
    ctx.body = { templateId: body.templateId };
  });

  router.get('/messages', (ctx) => {
    const openidQuery = typeof ctx.query.openid === 'string' ? ctx.query.openid : undefined;
    ctx.body = { messages: control.sentMessages(openidQuery) };
  });

  router.post('/risky', async (ctx) => {
    const body = await validBody(ctx, riskyBody);
    control.markRisky(body.openid, body.risky);
    ctx.body = { openid: body.openid, risky: body.risky };
  });

  // Test levers: make every issued access token answer 42001 (expired) or 40001 (invalid).
  router.post('/tokens/expire', (ctx) => {
    ctx.body = { expired: control.expireAccessTokens() };
  });
  router.post('/tokens/invalidate', (ctx) => {
    ctx.body = { invalidated: control.invalidateAccessTokens() };
  });

  router.post('/inject-error', async (ctx) => {
    const body = await validBody(ctx, injectBody);
    control.injectError(body.api, body.errcode, body.times);
    ctx.body = { queued: body.times ?? 1 };
  });

  return router;
}
