import type { Middleware } from 'koa';
import type { Core } from '../../core';
import type { WeComClient } from '../../integrations/wecom/wecom-client';
import { AppError } from '../../lib/errors';
import { bearer } from '../../lib/tokens';
import type { ConsultantDoc, ConsultantModels } from './consultants.model';

/** A consultant session lasts a working day; the sidebar logs in again by OAuth after that. */
const SESSION_TTL_S = 12 * 3600;

export const consultantViewOf = (c: ConsultantDoc) => ({
  userId: c.userid,
  name: c.name,
  store: c.store,
});

/** Consultants: WeCom OAuth2 code → corp member → stored consultant → signed session. */
export class ConsultantsService {
  constructor(
    private readonly core: Core,
    readonly m: ConsultantModels,
    private readonly client: WeComClient | null,
  ) {}

  async login(code: string) {
    if (!this.client) throw AppError.of('ROUTE_NOT_FOUND', '企业微信未配置');
    const who = await this.client.getUserInfoByCode(code);
    if (who.kind !== 'member') throw AppError.of('FORBIDDEN', '仅限企业成员（导购）使用');
    const user = await this.client.getUser(who.userid);
    const now = this.core.clock.now();
    const consultant = await this.m.Consultant.findOneAndUpdate(
      { userid: user.userid },
      { $set: { name: user.name, store: user.store ?? null, lastLoginAt: now, syncedAt: now } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    const c = consultant!;
    const { token, expiresAt } = this.core.tokens.sign(
      { aud: 'consultant', sub: String(c._id), uid: c.userid },
      SESSION_TTL_S,
    );
    return { token, expiresAt: expiresAt.toISOString(), consultant: consultantViewOf(c) };
  }

  async byUserId(userid: string): Promise<ConsultantDoc | null> {
    return this.m.Consultant.findOne({ userid }).lean();
  }

  /** Consultants as picker options (circle rules, transfers). */
  async options(): Promise<Array<{ value: string; label: string }>> {
    const rows = await this.m.Consultant.find({}, { userid: 1, name: 1, store: 1 })
      .sort({ userid: 1 })
      .lean();
    return rows.map((c) => ({
      value: c.userid,
      label: c.store ? `${c.name || c.userid}（${c.store}）` : c.name || c.userid,
    }));
  }
}

/**
 * The consultant guard: a signed session token is enough (stateless, no lookup per request),
 * which keeps the sidebar's hot path to the queries it needs.
 */
export function consultantGuard(core: Core): Middleware {
  return async (ctx, next) => {
    const token = bearer(ctx.get('authorization'));
    if (!token) throw AppError.of('AUTH_REQUIRED', '请先登录');
    const payload = core.tokens.verify(token, 'consultant');
    if (typeof payload.uid !== 'string')
      throw AppError.of('TOKEN_INVALID', '登录凭证无效，请重新登录');
    ctx.state.auth = { kind: 'consultant', consultantId: payload.sub, userId: payload.uid };
    await next();
  };
}
