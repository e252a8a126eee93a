import type { Clock } from '../common/clock';
import { randomId } from '../common/ids';
import { SlidingWindowLimiter } from '../common/sliding-window';
import { ERR } from './wecom-errcodes';

/** An app as the fake knows it: the self-built agent or the customer-contact system app. */
export interface FakeApp {
  key: string;
  secret: string;
  /** May call externalcontact/* (the contact secret always may; a self-built app if allowed). */
  contactApis: boolean;
  /** May get jsapi tickets and do OAuth (self-built apps only). */
  agentApis: boolean;
}

interface Credential {
  app: FakeApp;
  expiresAt: number;
  invalid: boolean;
}

type Checked = { app: FakeApp } | { errcode: number };

const HOUR = 3600_000;

/**
 * Access tokens and jsapi tickets. WeCom's gettoken returns the same token while it is valid
 * (unlike the mini-program's cgi-bin/token), and so do the ticket endpoints.
 */
export class WeComCredentials {
  private readonly tokens = new Map<string, Credential>();
  private readonly current = new Map<string, string>();
  private readonly tickets = new Map<string, { ticket: string; expiresAt: number }>();
  private readonly corpTicketLimit: SlidingWindowLimiter;
  private readonly appTicketLimit: SlidingWindowLimiter;
  fetched = 0;

  constructor(
    private readonly apps: FakeApp[],
    private readonly clock: Clock,
    private readonly ttlSec: number,
  ) {
    this.corpTicketLimit = new SlidingWindowLimiter(400, HOUR, clock);
    this.appTicketLimit = new SlidingWindowLimiter(100, HOUR, clock);
  }

  getToken(
    secret: string | null,
  ): { access_token: string; expires_in: number } | { errcode: number } {
    const app = this.apps.find((a) => a.secret === secret);
    if (!app) return { errcode: ERR.invalidCredential };
    this.fetched++;
    const now = this.clock.now();
    const existing = this.current.get(app.key);
    const rec = existing ? this.tokens.get(existing) : undefined;
    if (existing && rec && !rec.invalid && rec.expiresAt > now) {
      return { access_token: existing, expires_in: Math.floor((rec.expiresAt - now) / 1000) };
    }
    const token = randomId(64);
    this.tokens.set(token, { app, expiresAt: now + this.ttlSec * 1000, invalid: false });
    this.current.set(app.key, token);
    return { access_token: token, expires_in: this.ttlSec };
  }

  check(token: string | null): Checked {
    if (!token) return { errcode: ERR.missingToken };
    const rec = this.tokens.get(token);
    if (!rec || rec.invalid) return { errcode: ERR.invalidToken };
    if (rec.expiresAt <= this.clock.now()) return { errcode: ERR.tokenExpired };
    return { app: rec.app };
  }

  /** Corp ticket (`jsapi`) or app ticket (`agent_config`), same value while valid. */
  ticket(
    app: FakeApp,
    kind: 'jsapi' | 'agent_config',
  ): { ticket: string; expires_in: number } | { errcode: number } {
    if (!app.agentApis) return { errcode: ERR.noPermission };
    const limiter = kind === 'jsapi' ? this.corpTicketLimit : this.appTicketLimit;
    if (!limiter.hit(`${kind}:${app.key}`)) return { errcode: ERR.rateLimited };
    const now = this.clock.now();
    const key = `${kind}:${app.key}`;
    const cur = this.tickets.get(key);
    if (cur && cur.expiresAt > now) {
      return { ticket: cur.ticket, expires_in: Math.floor((cur.expiresAt - now) / 1000) };
    }
    const ticket = randomId(86, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_');
    this.tickets.set(key, { ticket, expiresAt: now + this.ttlSec * 1000 });
    return { ticket, expires_in: this.ttlSec };
  }

  /** Test lever: every issued token answers 42001 from now on. */
  expireAll(): number {
    return this.mark((rec) => {
      rec.expiresAt = this.clock.now();
    });
  }

  /** Test lever: every issued token answers 40014 from now on. */
  invalidateAll(): number {
    return this.mark((rec) => {
      rec.invalid = true;
    });
  }

  private mark(apply: (rec: Credential) => void): number {
    const now = this.clock.now();
    let n = 0;
    for (const rec of this.tokens.values()) {
      if (!rec.invalid && rec.expiresAt > now) {
        apply(rec);
        n++;
      }
    }
    return n;
  }
}
