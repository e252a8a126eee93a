import type { Clock } from '../common/clock';
import { randomId } from '../common/ids';

interface TokenRecord {
  kind: 'classic' | 'stable';
  expiresAt: number;
  invalid: boolean;
}

const GRACE_MS = 5 * 60_000;
const DAY_MS = 24 * 3600_000;

export type TokenCheck = 0 | 40001 | 41001 | 42001;

/**
 * Access tokens as the mini-program platform hands them out: `cgi-bin/token` mints a new token
 * on every call and leaves older ones valid for about five more minutes; `stable_token` returns
 * the same token while it is valid and renews it in its last five minutes.
 */
export class WeappTokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private stable: string | undefined;
  private forceRefreshes: number[] = [];
  minted = 0;

  constructor(
    private readonly clock: Clock,
    private readonly ttlSec: number,
  ) {}

  check(token: string | null | undefined): TokenCheck {
    if (!token) return 41001;
    const rec = this.tokens.get(token);
    if (!rec || rec.invalid) return 40001;
    return rec.expiresAt <= this.clock.now() ? 42001 : 0;
  }

  mintClassic(): { access_token: string; expires_in: number } {
    const now = this.clock.now();
    for (const rec of this.tokens.values()) {
      if (rec.kind === 'classic') rec.expiresAt = Math.min(rec.expiresAt, now + GRACE_MS);
    }
    return this.mint('classic');
  }

  /** `undefined` when force_refresh is over its quota (≤ 20 a day, ≥ 30 s apart). */
  stableToken(forceRefresh: boolean): { access_token: string; expires_in: number } | undefined {
    const now = this.clock.now();
    if (forceRefresh) {
      this.forceRefreshes = this.forceRefreshes.filter((t) => t > now - DAY_MS);
      const last = this.forceRefreshes.at(-1);
      if (this.forceRefreshes.length >= 20 || (last !== undefined && now - last < 30_000)) {
        return undefined;
      }
      this.forceRefreshes.push(now);
      const old = this.stable ? this.tokens.get(this.stable) : undefined;
      if (old) old.invalid = true; // a forced refresh kills the previous stable token at once
      return this.mintStable();
    }
    const current = this.stable ? this.tokens.get(this.stable) : undefined;
    // Normal mode never replaces a token inside its lifetime, even one that business APIs now
    // refuse with 40001 ("有效期内重复调用该接口不会更新 access_token"): only force_refresh does.
    if (this.stable && current && current.expiresAt - now > GRACE_MS) {
      return {
        access_token: this.stable,
        expires_in: Math.floor((current.expiresAt - now) / 1000),
      };
    }
    return this.mintStable();
  }

  /** Test control: every token handed out so far now answers 42001. */
  expireAll(): number {
    const now = this.clock.now();
    let n = 0;
    for (const rec of this.tokens.values()) {
      if (!rec.invalid && rec.expiresAt > now) {
        rec.expiresAt = now;
        n++;
      }
    }
    return n;
  }

  /** Test control: every token handed out so far now answers 40001. */
  invalidateAll(): number {
    let n = 0;
    for (const rec of this.tokens.values()) {
      if (!rec.invalid) n++;
      rec.invalid = true;
    }
    return n;
  }

  private mintStable(): { access_token: string; expires_in: number } {
    const out = this.mint('stable');
    this.stable = out.access_token;
    return out;
  }

  private mint(kind: TokenRecord['kind']): { access_token: string; expires_in: number } {
    const now = this.clock.now();
    for (const [t, rec] of this.tokens) {
      // Forget long-dead tokens so a long sandbox run does not grow without bound.
      if (rec.expiresAt < now - 3600_000 && t !== this.stable) this.tokens.delete(t);
    }
    const token = `${this.minted}_${randomId(100)}`;
    this.minted++;
    this.tokens.set(token, { kind, expiresAt: now + this.ttlSec * 1000, invalid: false });
    return { access_token: token, expires_in: this.ttlSec };
  }
}
