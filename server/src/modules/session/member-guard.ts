import type { Middleware } from 'koa';
import { AppError } from '../../lib/errors';
import { bearer, type TokenSigner } from '../../lib/tokens';
import type { MembersService } from '../members';

/** Verifies the member token and follows OneID merges to the surviving member. */
export function memberGuard(tokens: TokenSigner, members: MembersService): Middleware {
  return async (ctx, next) => {
    const token = bearer(ctx.get('authorization'));
    if (!token) throw AppError.of('AUTH_REQUIRED', '请先登录');
    const payload = tokens.verify(token, 'member');
    const member = await members.resolve(payload.sub);
    if (!member) throw AppError.of('TOKEN_INVALID', '会员不存在，请重新登录');
    ctx.state.auth = { kind: 'member', memberId: String(member._id), memberNo: member.memberNo };
    await next();
  };
}
