import { memberRoutes, sessionRoutes } from '@circles/shared';
import { Types } from 'mongoose';
import type { Container } from '../../container';
import type { AuthContext } from '../../lib/koa-types';
import { AppError } from '../../lib/errors';
import type { ApiRouter } from '../../lib/route';

export function memberIdOf(auth: AuthContext | undefined): Types.ObjectId {
  if (auth?.kind !== 'member') throw AppError.of('AUTH_REQUIRED', '请先登录');
  return new Types.ObjectId(auth.memberId);
}

export function registerSessionRoutes(api: ApiRouter, c: Container): void {
  const { session, members, tiers } = c.services;

  api.add(sessionRoutes.create, ({ body }) => session.login(body.code, body.scene));
  api.add(sessionRoutes.bindPhone, async ({ body, auth }) => ({
    member: await session.bindPhone(memberIdOf(auth), body.code),
  }));

  const me = async (memberId: Types.ObjectId) => {
    const m = await members.require(memberId);
    const [view, history] = await Promise.all([tiers.view(m), tiers.history(m._id)]);
    return {
      memberNo: m.memberNo,
      nickname: m.nickname || '微信用户',
      avatarUrl: m.avatarUrl,
      phoneBound: Boolean(m.phoneHash),
      birthday: m.birthday,
      ...view,
      tierHistory: history,
    };
  };
  api.add(memberRoutes.me, ({ auth }) => me(memberIdOf(auth)));
  api.add(memberRoutes.updateProfile, async ({ auth, body }) => {
    const id = memberIdOf(auth);
    await members.updateProfile(id, body);
    return me(id);
  });
}
