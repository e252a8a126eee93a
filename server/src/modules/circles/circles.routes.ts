import { Readable } from 'node:stream';
import { circleRoutes } from '@circles/shared';
import type { Container } from '../../container';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';
import { circleView } from './circles.service';

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function registerCircleRoutes(api: ApiRouter, c: Container): void {
  const { circles, circleReports, circleMaterializer, circleMemberships, circleFields, audit } =
    c.services;
  const target = (id: string) => ({ type: 'circle', id });

  api.add(circleRoutes.fields, async () => ({ items: await circleFields.list() }));
  api.add(circleRoutes.list, async () => ({ items: await circles.list() }));
  api.add(circleRoutes.get, async ({ params }) => circleView(await circles.require(params.id)));
  api.add(circleRoutes.create, async ({ body, ctx }) => {
    const after = await circles.create(body);
    await audit.recordFor(ctx, 'circle.create', target(after.id), null, after);
    return after;
  });
  api.add(circleRoutes.update, async ({ params, body, ctx }) => {
    const before = circleView(await circles.require(params.id));
    const after = await circles.update(params.id, body);
    await audit.recordFor(ctx, 'circle.update', target(params.id), before, after);
    return after;
  });
  api.add(circleRoutes.preview, ({ body }) => circles.preview(body.rule));
  api.add(circleRoutes.members, ({ params, query }) =>
    circles.members(params.id, query.page, query.pageSize),
  );
  api.add(circleRoutes.exportCsv, async ({ params, ctx }) => {
    const circle = await circles.require(params.id);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`circle-${circle._id}-members.csv`);
    // Pages of 500 are written as they are made: the membership is read once, rows built a
    // page at a time.
    async function* lines() {
      yield `\uFEFF${['会员号', '昵称', '等级', 'RFM 分层', '近一年消费(元)', '预测价值(元)', '入圈时间'].join(',')}\r\n`;
      for await (const items of circles.memberPages(circle._id, 500)) {
        for (const r of items) {
          yield `${[
            r.memberNo,
            r.nickname,
            r.tierCode,
            r.segment,
            (r.monetaryFen / 100).toFixed(2),
            (r.clv12mFen / 100).toFixed(2),
            r.since,
          ]
            .map(csvCell)
            .join(',')}\r\n`;
        }
      }
    }
    return Readable.from(lines());
  });
  api.add(circleRoutes.trend, async ({ params }) => {
    await circles.require(params.id);
    return circleReports.trend(params.id);
  });
  api.add(circleRoutes.dashboard, () =>
    circleReports.dashboard(async (id) => {
      const circle = await circles.require(id);
      return (await circles.preview(circle.rule)).revenueShare;
    }),
  );
  api.add(circleRoutes.flow, ({ query }) => circleReports.flow(query.from, query.to));
  api.add(circleRoutes.materialize, async () => {
    // Answered once the run is durably queued (a failure is a 5xx, not a false "queued").
    await circleMaterializer.queue();
    return { queued: true };
  });
  api.add(circleRoutes.track, async ({ auth, body }) => ({
    accepted: await circleMemberships.interests.track(memberIdOf(auth), body.events),
  }));
}
