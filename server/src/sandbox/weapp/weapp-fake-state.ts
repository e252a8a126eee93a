import { randomBytes } from 'node:crypto';
import { AppError } from '../../lib/errors';
import { type Clock, systemClock } from '../common/clock';
import { ErrorInjector } from '../common/error-injector';
import { randomId } from '../common/ids';
import { SlidingWindowLimiter } from '../common/sliding-window';
import { WeappTokenStore } from './weapp-tokens';

export interface FakeWeappOptions {
  appid: string;
  secret: string;
  clock?: Clock;
  /** Access-token lifetime; Tencent uses 7200 s. */
  tokenTtlSec?: number;
  /** Login and phone codes die after this; Tencent uses 5 minutes. */
  codeTtlMs?: number;
  /** code2Session / phone calls per user per minute before 45011; Tencent uses 100. */
  perUserPerMinute?: number;
  /** Pages of the "released" version, for getwxacodeunlimit with check_path. */
  publishedPages?: string[];
  /** Subscribe-message templates: id → keyword keys (e.g. `thing1`). */
  templates?: Record<string, string[]>;
}

export interface FakeWeappUser {
  openid: string;
  unionid?: string;
  risky: boolean;
}

export interface SentSubscribeMessage {
  /** 64-bit like WeChat's (beyond 2^53), so clients that read it as a JS number lose digits. */
  msgid: string;
  touser: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: string;
  sentAt: Date;
}

interface PendingCode {
  openid: string;
  expiresAt: number;
  phone?: { countryCode: string; purePhoneNumber: string };
}

/** What tests and the sandbox control API may do to the fake. */
export interface WeappSandboxControl {
  issueLoginCode(openid: string, unionid?: string): string;
  issuePhoneCode(openid: string, phone: string, countryCode?: string): string;
  acceptSubscription(openid: string, templateId: string, times?: number): void;
  registerTemplate(templateId: string, keys: string[]): void;
  /** Pages of the "released" version (subscribe-message `page`, QR codes with check_path). */
  publishPages(pages: string[]): void;
  markRisky(openid: string, risky: boolean): void;
  expireAccessTokens(): number;
  invalidateAccessTokens(): number;
  injectError(api: string, errcode: number, times?: number): void;
  sentMessages(openid?: string): SentSubscribeMessage[];
  user(openid: string): FakeWeappUser | undefined;
}

/** The mini-program platform's state: users, single-use codes, tokens, templates, messages. */
export class FakeWeappState implements WeappSandboxControl {
  readonly appid: string;
  readonly secret: string;
  readonly clock: Clock;
  readonly tokens: WeappTokenStore;
  readonly errors = new ErrorInjector();
  readonly perUser: SlidingWindowLimiter;
  readonly publishedPages: Set<string>;
  readonly templates = new Map<string, string[]>();
  private readonly users = new Map<string, FakeWeappUser>();
  private readonly loginCodes = new Map<string, PendingCode>();
  private readonly phoneCodes = new Map<string, PendingCode>();
  private readonly quotas = new Map<string, number>();
  private readonly messages: SentSubscribeMessage[] = [];
  private readonly codeTtlMs: number;
  private nextMsgId = 3_395_159_288_267_931_652n;

  constructor(opts: FakeWeappOptions) {
    this.appid = opts.appid;
    this.secret = opts.secret;
    this.clock = opts.clock ?? systemClock;
    this.tokens = new WeappTokenStore(this.clock, opts.tokenTtlSec ?? 7200);
    this.codeTtlMs = opts.codeTtlMs ?? 5 * 60_000;
    this.perUser = new SlidingWindowLimiter(opts.perUserPerMinute ?? 100, 60_000, this.clock);
    this.publishedPages = new Set(opts.publishedPages ?? ['pages/index/index']);
    for (const [id, keys] of Object.entries(opts.templates ?? {})) this.templates.set(id, keys);
  }

  issueLoginCode(openid: string, unionid?: string): string {
    const existing = this.users.get(openid);
    if (existing && unionid && existing.unionid && existing.unionid !== unionid) {
      throw new AppError('conflict', 'SANDBOX_CONFLICT', 'openid already bound to another unionid');
    }
    this.users.set(openid, {
      openid,
      unionid: unionid ?? existing?.unionid,
      risky: existing?.risky ?? false,
    });
    return this.newCode(this.loginCodes, { openid, expiresAt: 0 });
  }

  issuePhoneCode(openid: string, phone: string, countryCode = '86'): string {
    if (!this.users.has(openid)) this.users.set(openid, { openid, risky: false });
    const purePhoneNumber = phone.replace(new RegExp(`^\\+?${countryCode}(?=\\d{11}$)`), '');
    if (!/^\d{5,15}$/.test(purePhoneNumber)) {
      throw AppError.of('VALIDATION_FAILED', 'phone must be digits', {
        fields: [{ path: 'phone' }],
      });
    }
    return this.newCode(this.phoneCodes, {
      openid,
      expiresAt: 0,
      phone: { countryCode, purePhoneNumber },
    });
  }

  /** Consumes a login code: single use, dead after the code lifetime. */
  takeLoginCode(code: string): PendingCode | undefined {
    return this.take(this.loginCodes, code);
  }

  takePhoneCode(code: string): PendingCode | undefined {
    return this.take(this.phoneCodes, code);
  }

  /**
   * What the WeChat client does when the user taps "accept": only a logged-in user can, and
   * only for a template of this mini-program (the client fails unknown ids with 20001).
   */
  acceptSubscription(openid: string, templateId: string, times = 1): void {
    if (!this.users.has(openid)) throw new AppError('not_found', 'NOT_FOUND', 'unknown openid');
    if (!this.templates.has(templateId)) {
      throw new AppError('not_found', 'NOT_FOUND', `unknown template id ${templateId} (20001)`);
    }
    const key = `${openid}|${templateId}`;
    this.quotas.set(key, (this.quotas.get(key) ?? 0) + times);
  }

  /** Uses one accepted subscription; false when the user has none left (43101). */
  consumeSubscription(openid: string, templateId: string): boolean {
    const key = `${openid}|${templateId}`;
    const left = this.quotas.get(key) ?? 0;
    if (left <= 0) return false;
    this.quotas.set(key, left - 1);
    return true;
  }

  recordMessage(msg: Omit<SentSubscribeMessage, 'msgid' | 'sentAt'>): string {
    const msgid = String(this.nextMsgId++);
    this.messages.push({ ...msg, msgid, sentAt: new Date(this.clock.now()) });
    return msgid;
  }

  registerTemplate(templateId: string, keys: string[]): void {
    this.templates.set(templateId, keys);
  }

  publishPages(pages: string[]): void {
    for (const p of pages) this.publishedPages.add(p);
  }

  markRisky(openid: string, risky: boolean): void {
    const user = this.users.get(openid);
    if (!user) throw new AppError('not_found', 'NOT_FOUND', 'unknown openid');
    user.risky = risky;
  }

  expireAccessTokens(): number {
    return this.tokens.expireAll();
  }

  invalidateAccessTokens(): number {
    return this.tokens.invalidateAll();
  }

  injectError(api: string, errcode: number, times = 1): void {
    this.errors.inject(api, errcode, times);
  }

  sentMessages(openid?: string): SentSubscribeMessage[] {
    return this.messages.filter((m) => !openid || m.touser === openid);
  }

  user(openid: string): FakeWeappUser | undefined {
    return this.users.get(openid);
  }

  sessionKey(): string {
    return randomBytes(16).toString('base64');
  }

  private newCode(store: Map<string, PendingCode>, rec: PendingCode): string {
    const now = this.clock.now();
    for (const [c, r] of store) if (r.expiresAt <= now) store.delete(c);
    const code = randomId(32);
    store.set(code, { ...rec, expiresAt: now + this.codeTtlMs });
    return code;
  }

  private take(store: Map<string, PendingCode>, code: string): PendingCode | undefined {
    const rec = store.get(code);
    store.delete(code);
    return rec && rec.expiresAt > this.clock.now() ? rec : undefined;
  }
}
