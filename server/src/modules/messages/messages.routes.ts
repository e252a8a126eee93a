import { adminSubscriptionRoutes, subscriptionRoutes } from '@circles/shared';
import type { Container } from '../../container';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';
import { memberIdOf } from '../session';

export function registerMessageRoutes(api: ApiRouter, c: Container): void {
  const { messages, members } = c.services;

  api.add(subscriptionRoutes.templates, ({ query }) => ({
    moment: query.moment,
    templates: messages.templatesForMiniProgram(query.moment),
    sandbox: c.config.sandbox,
  }));
  api.add(subscriptionRoutes.report, async ({ auth, body }) => ({
    accepted: await messages.recordAcceptances(memberIdOf(auth), body.results, 'body.results'),
  }));

  api.add(adminSubscriptionRoutes.member, async ({ params }) => {
    const m = await members.byMemberNo(params.memberNo);
    if (!m) throw AppError.of('MEMBER_NOT_FOUND', '会员不存在');
    const [quotas, sends] = await Promise.all([messages.quotasOf(m._id), messages.history(m._id)]);
    return { quotas, sends };
  });
}
