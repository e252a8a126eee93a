import { adminEventRoutes, type CheckinBody, eventRoutes } from '@circles/shared';
import type { Context } from 'koa';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // Quote everything, and defuse spreadsheet formulas in member-supplied text.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
};

export function registerEventRoutes(api: ApiRouter, c: Container): void {
  const { events, signups, audit } = c.services;

  api.add(eventRoutes.list, async ({ auth }) => ({
    items: await events.forMember(memberIdOf(auth)),
  }));
  api.add(eventRoutes.signup, ({ auth, params }) => signups.signup(memberIdOf(auth), params.id));
  api.add(eventRoutes.cancel, ({ auth, params }) => signups.cancel(memberIdOf(auth), params.id));
  const checkin = async ({ body, ctx }: { body: CheckinBody; ctx: Context }) => {
    const r = await signups.checkin(body.eventId, body.token);
    await audit.recordFor(ctx, 'event.checkin', { type: 'event', id: r.eventId }, null, r);
    return r;
  };
  api.add(eventRoutes.checkin, checkin);
  api.add(eventRoutes.consultantCheckin, checkin);

  api.add(adminEventRoutes.list, async () => ({
    items: await Promise.all((await events.list()).map((e) => events.adminView(e))),
  }));
  api.add(adminEventRoutes.create, async ({ body, ctx }) => {
    const after = await events.adminView(await events.create(body));
    await audit.recordFor(ctx, 'event.create', { type: 'event', id: after.id }, null, after);
    return after;
  });
  api.add(adminEventRoutes.update, async ({ params, body, ctx }) => {
    const before = await events.adminView(await events.require(params.id));
    const updated = await events.update(params.id, body);
    await signups.promote(updated._id); // more seats go to the waitlist
    const after = await events.adminView(await events.require(params.id));
    await audit.recordFor(ctx, 'event.update', { type: 'event', id: params.id }, before, after);
    return after;
  });
  api.add(adminEventRoutes.cancel, async ({ params, ctx }) => {
    const before = await events.adminView(await events.require(params.id));
    const after = await events.adminView(await events.cancel(params.id));
    await audit.recordFor(ctx, 'event.cancel', { type: 'event', id: params.id }, before, after);
    return after;
  });
  api.add(adminEventRoutes.signups, async ({ params }) => ({
    items: await events.signupRows(params.id),
  }));
  api.add(adminEventRoutes.exportCsv, async ({ params, ctx }) => {
    const rows = await events.signupRows(params.id);
    const header = ['会员号', '昵称', '等级', '状态', '报名序号', '报名时间', '签到时间'];
    const lines = rows.map((r) =>
      [r.memberNo, r.nickname, r.tierCode, r.state, r.seq, r.signedUpAt, r.checkedInAt]
        .map(csvCell)
        .join(','),
    );
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`event-${params.id}-signups.csv`);
    return `\uFEFF${[header.map(csvCell).join(','), ...lines].join('\r\n')}\r\n`;
  });
}
