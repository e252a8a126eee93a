import type { AdminLoginResponse, AdminRole, AdminSessionAccount } from '@circles/shared';
import { isValidObjectId } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError, isAppError } from '../../lib/errors';
import type { TokenSigner } from '../../lib/tokens';
import type { AuditBy, AuditService } from '../audit';
import type { AdminAccountDoc, AdminAuthModels } from './admin-account.model';
import type { LoginLimiter } from './login-limiter';
import type { PasswordHasher } from './password';
import { normaliseUsername, sessionView } from './views';

export const ADMIN_TOKEN_TTL_SECONDS = 8 * 3600;
/**
 * Attempts per 15 minutes per address and per (username, address); the per-username budget
 * is slower (per hour) and never refuses an address without recent failures, so strangers
 * spraying one username from many addresses cannot lock its owner out.
 */
export const LOGIN_LIMITS = {
  perIp: 20,
  perUsernameIp: 5,
  perUsername: 30,
  usernameWindowMs: 60 * 60_000,
} as const;

export interface AdminSession {
  adminId: string;
  username: string;
  role: AdminRole;
  account: AdminSessionAccount;
  expiresAt: Date;
}

const loginFailed = () => AppError.of('LOGIN_FAILED', '用户名或密码错误');
const revoked = () => AppError.of('TOKEN_REVOKED', '登录已失效，请重新登录');

/** Back-office sessions: login (rate limited), token checks for the guard, logout. */
export class AdminAuthService {
  constructor(
    private readonly models: AdminAuthModels,
    private readonly deps: {
      tokens: TokenSigner;
      clock: Clock;
      hasher: PasswordHasher;
      limiter: LoginLimiter;
      audit: AuditService;
    },
  ) {}

  async login(
    input: { username: string; password: string },
    ip: string,
    by: Pick<AuditBy, 'requestId'>,
  ): Promise<AdminLoginResponse> {
    const { hasher, limiter, tokens, clock, audit } = this.deps;
    const username = normaliseUsername(input.username);
    const slots = await this.reserveAttempt(username, ip);
    const found = await this.models.AdminAccount.findOne({ username }).lean<AdminAccountDoc>();
    // Unknown, disabled and wrong password look the same, in body and in time.
    const ok =
      found && !found.disabled
        ? await hasher.verify(input.password, found.passwordHash)
        : await hasher.burn(input.password);
    if (!found || !ok) {
      // The reservations stay: they are the failures the limits count.
      await audit.record(
        { actor: { kind: 'system', id: 'login', name: username }, requestId: by.requestId },
        'admin_auth.login_failed',
        { type: 'admin_account', id: found ? found._id.toHexString() : `username:${username}` },
        null,
        { username, ip, reason: 'bad_credentials' },
      );
      throw loginFailed();
    }

    await Promise.all([
      limiter.release(slots.ip),
      limiter.clear(slots.pair.key),
      slots.username ? limiter.release(slots.username) : undefined,
    ]);
    const account = await this.models.AdminAccount.findOneAndUpdate(
      { _id: found._id },
      { $set: { lastLoginAt: clock.now() } },
      { returnDocument: 'after' },
    ).lean<AdminAccountDoc>();
    const current = account ?? found;
    const signed = tokens.sign(
      {
        aud: 'admin',
        sub: current._id.toHexString(),
        role: current.role,
        tokenVersion: current.tokenVersion,
      },
      ADMIN_TOKEN_TTL_SECONDS,
    );
    const view = sessionView(current);
    await audit.record(
      { actor: { kind: 'admin', id: view.id, name: view.username }, requestId: by.requestId },
      'admin_auth.login',
      { type: 'admin_account', id: view.id },
      null,
      { ip },
    );
    return { token: signed.token, expiresAt: signed.expiresAt.toISOString(), account: view };
  }

  /**
   * Reserves one attempt: per address first (a full address window refuses before anything is
   * counted against the username), then per (username, address), then the username's budget,
   * which is waived for an address with no recent failures for this username.
   */
  private async reserveAttempt(username: string, ip: string) {
    const { limiter } = this.deps;
    const pairKey = `ui:${username}|${ip}`;
    const clean = !(await limiter.hasLive(pairKey));
    const [ipSlot, pairSlot] = await limiter.reserve([
      { key: `ip:${ip}`, limit: LOGIN_LIMITS.perIp },
      { key: pairKey, limit: LOGIN_LIMITS.perUsernameIp },
    ]);
    try {
      const [userSlot] = await limiter.reserve([
        {
          key: `u:${username}`,
          limit: LOGIN_LIMITS.perUsername,
          windowMs: LOGIN_LIMITS.usernameWindowMs,
        },
      ]);
      return { ip: ipSlot!, pair: pairSlot!, username: userSlot ?? null };
    } catch (err) {
      if (clean && isAppError(err) && err.code === 'RATE_LIMITED') {
        return { ip: ipSlot!, pair: pairSlot!, username: null };
      }
      await Promise.all([limiter.release(ipSlot!), limiter.release(pairSlot!)]);
      throw err;
    }
  }

  /** Verifies a bearer token against the live account: disabled or logged-out sessions end. */
  async authenticate(token: string): Promise<AdminSession> {
    const payload = this.deps.tokens.verify(token, 'admin');
    if (!isValidObjectId(payload.sub))
      throw AppError.of('TOKEN_INVALID', '登录凭证无效，请重新登录');
    const account = await this.models.AdminAccount.findById(payload.sub).lean<AdminAccountDoc>();
    if (!account || account.disabled || account.tokenVersion !== payload.tokenVersion)
      throw revoked();
    return {
      adminId: account._id.toHexString(),
      username: account.username,
      role: account.role,
      account: sessionView(account),
      expiresAt: new Date(payload.exp * 1000),
    };
  }

  /** Ends every session of the account (all devices): its tokens carry the old version. */
  async logout(by: AuditBy, adminId: string): Promise<void> {
    const before = await this.models.AdminAccount.findOneAndUpdate(
      { _id: adminId },
      { $inc: { tokenVersion: 1 } },
    ).lean<AdminAccountDoc>();
    if (!before) throw revoked();
    await this.deps.audit.record(
      by,
      'admin_auth.logout',
      { type: 'admin_account', id: adminId },
      { tokenVersion: before.tokenVersion },
      { tokenVersion: before.tokenVersion + 1 },
    );
  }
}
