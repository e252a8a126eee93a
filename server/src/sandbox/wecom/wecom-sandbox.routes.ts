import { Router } from '@koa/router';
import { z } from 'zod';
import { validBody } from '../common/koa-body';
import type { WeComConsole } from './wecom-console';

const id = z.string().min(1).max(64);
const pair = z.object({ userid: id, externalUserId: id });
const tagIds = z.array(id).max(100);

const schemas = {
  consultant: z.object({
    userid: z.string().regex(/^[\w.@-]{1,64}$/),
    name: z.string().min(1).max(64),
    store: z.string().min(1).max(64).optional(),
  }),
  contact: z.object({
    name: z.string().min(1).max(64),
    externalUserId: id.optional(),
    unionid: id.optional(),
    type: z.union([z.literal(1), z.literal(2)]).optional(),
    gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
    avatar: z.string().max(512).optional(),
    corpName: z.string().max(64).optional(),
  }),
  oauth: z.union([
    z.object({ userid: id }),
    z.object({ openid: id, externalUserId: id.optional() }),
  ]),
  add: pair.extend({
    state: z.string().max(30).optional(),
    withWelcomeCode: z.boolean().optional(),
    half: z.boolean().optional(),
  }),
  mark: pair.extend({ addTag: tagIds.optional(), removeTag: tagIds.optional() }),
  remark: pair.extend({ remark: z.string().max(20), description: z.string().max(150).optional() }),
  createTags: z
    .object({
      groupName: z.string().min(1).max(30).optional(),
      groupId: id.optional(),
      tags: z.array(z.string().min(1).max(30)).min(1).max(100),
      order: z.number().int().min(0).optional(),
    })
    .refine((b) => b.groupName || b.groupId, { message: 'groupName or groupId required' }),
  editTag: z.object({
    name: z.string().min(1).max(30).optional(),
    order: z.number().int().min(0).optional(),
  }),
  deleteTags: z.object({ tagIds: tagIds.optional(), groupIds: tagIds.optional() }),
  callbackUrl: z.object({ url: z.url().nullable() }),
  inject: z.object({
    api: z.string().min(1),
    errcode: z.number().int(),
    times: z.number().int().min(1).max(100).optional(),
  }),
};

/**
 * The sandbox control API of the fake WeCom (mount only in sandbox mode): the people side of
 * WeCom for tests and demos. Actions that WeCom reports by callback fire that callback.
 */
export function createWeComSandboxRouter(control: WeComConsole): Router {
  const r = new Router({ prefix: '/sandbox/wecom' });

  r.post('/consultants', async (ctx) => {
    ctx.body = control.createConsultant(await validBody(ctx, schemas.consultant));
  });
  r.get('/consultants', (ctx) => {
    ctx.body = { consultants: control.listConsultants() };
  });
  r.get('/consultants/:userid/customers', (ctx) => {
    ctx.body = { customers: control.customersOf(ctx.params.userid!) };
  });
  r.post('/external-contacts', async (ctx) => {
    ctx.body = control.createExternalContact(await validBody(ctx, schemas.contact));
  });
  r.get('/external-contacts/:externalUserId', (ctx) => {
    ctx.body = control.contactState(ctx.params.externalUserId!);
  });
  // Stands in for the OAuth2 redirect: a code for a consultant (userid) or an outsider (openid).
  r.post('/oauth-code', async (ctx) => {
    ctx.body = { code: control.issueOAuthCode(await validBody(ctx, schemas.oauth)) };
  });

  r.post('/contacts/add', async (ctx) => {
    const out = control.customerAddsConsultant(await validBody(ctx, schemas.add));
    ctx.body = { welcomeCode: out.welcomeCode ?? null, callbackId: out.delivery?.id ?? null };
  });
  r.post('/contacts/customer-deletes', async (ctx) => {
    ctx.body = { callbackId: control.customerDeletesConsultant(await validBody(ctx, pair)).id };
  });
  r.post('/contacts/consultant-deletes', async (ctx) => {
    const delivery = control.consultantDeletesCustomer(await validBody(ctx, pair));
    ctx.body = { callbackId: delivery?.id ?? null };
  });
  r.post('/contacts/start-chat', async (ctx) => {
    control.startChat(await validBody(ctx, pair));
    ctx.body = { ok: true };
  });

  // The WeCom admin console / client UI: these fire callbacks, unlike the API.
  r.post('/console/mark-tags', async (ctx) => {
    ctx.body = { callbackId: control.consoleMarkTags(await validBody(ctx, schemas.mark)).id };
  });
  r.post('/console/remark', async (ctx) => {
    ctx.body = { callbackId: control.consoleSetRemark(await validBody(ctx, schemas.remark)).id };
  });
  r.post('/console/tags', async (ctx) => {
    ctx.body = control.consoleCreateTags(await validBody(ctx, schemas.createTags));
  });
  r.patch('/console/tags/:id', async (ctx) => {
    control.consoleEditTag({ id: ctx.params.id!, ...(await validBody(ctx, schemas.editTag)) });
    ctx.body = { ok: true };
  });
  r.post('/console/tags/delete', async (ctx) => {
    control.consoleDeleteTags(await validBody(ctx, schemas.deleteTags));
    ctx.body = { ok: true };
  });
  r.get('/tag-groups', (ctx) => {
    ctx.body = { tagGroups: control.tagGroups() };
  });

  r.get('/callbacks', (ctx) => {
    ctx.body = { callbacks: control.callbacks() };
  });
  r.put('/callback-url', async (ctx) => {
    control.setCallbackUrl((await validBody(ctx, schemas.callbackUrl)).url ?? undefined);
    ctx.body = { ok: true };
  });
  r.post('/tokens/expire', (ctx) => {
    ctx.body = { expired: control.expireAccessTokens() };
  });
  r.post('/tokens/invalidate', (ctx) => {
    ctx.body = { invalidated: control.invalidateAccessTokens() };
  });
  r.post('/inject-error', async (ctx) => {
    const b = await validBody(ctx, schemas.inject);
    control.injectError(b.api, b.errcode, b.times);
    ctx.body = { queued: b.times ?? 1 };
  });
  return r;
}
