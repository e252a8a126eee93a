import { AppError } from '../../lib/errors';
import { type Clock, systemClock } from '../common/clock';
import { ErrorInjector } from '../common/error-injector';
import { randomId } from '../common/ids';
import { SlidingWindowLimiter } from '../common/sliding-window';
import { type FakeApp, WeComCredentials } from './wecom-credentials';
import { WeComDirectory } from './wecom-directory';
import type { FakeMedia } from './wecom-media';
import { TagLibrary } from './wecom-tag-library';

export interface FakeWeComOptions {
  corpId: string;
  agentId: number;
  /** The self-built app's secret. */
  agentSecret: string;
  /** The customer-contact ("客户联系") secret, when the corp uses one. */
  contactSecret?: string;
  /** Whether the self-built app is on the "may call customer-contact APIs" list (default true). */
  agentMayCallContactApis?: boolean;
  callback: {
    token: string;
    encodingAesKey: string;
    /** Where events go; may also be set later with `setCallbackUrl`. */
    url?: string;
    timeoutMs?: number;
    retryDelaysMs?: number[];
  };
  clock?: Clock;
  tokenTtlSec?: number;
  /** OAuth codes live 5 minutes upstream. */
  codeTtlMs?: number;
  /** send_welcome_msg works within 20 s of the add event upstream. */
  welcomeWindowMs?: number;
  /** Per corp per API; 10 000/min upstream. */
  perApiPerMinute?: number;
  /** Per corp per API; 150 000/hour upstream. */
  perApiPerHour?: number;
  /** Corp tag library size limit; 3000 upstream. */
  maxCorpTags?: number;
  /** Whether the corp bound a WeChat open-platform account (unionid appears in get). */
  unionidBound?: boolean;
}

export type OAuthSubject = { userid: string } | { openid: string; externalUserId?: string };

/** Everything the fake WeCom knows; the HTTP API and the console both work on this. */
export class FakeWeComState {
  readonly corpId: string;
  readonly agentId: number;
  /** Reads whatever time source is current, so a test can freeze the fake's time after start. */
  readonly clock: Clock = { now: () => this.timeSource.now() };
  private timeSource: Clock;
  readonly apps: FakeApp[];
  readonly credentials: WeComCredentials;
  readonly directory = new WeComDirectory();
  readonly tags: TagLibrary;
  readonly errors = new ErrorInjector();
  /** Requests per API path, for tests that check what a client did (or did not) retry. */
  readonly calls = new Map<string, number>();
  readonly perApi: SlidingWindowLimiter;
  readonly perApiHourly: SlidingWindowLimiter;
  /**
   * APIs blocked after going over a limit: 60 s for the minute limit, an hour for the hourly
   * one (访问频率限制). Calls during a block answer 45009 and do not count.
   */
  readonly blockedUntil = new Map<string, number>();
  /** Temporary media (media/upload), by media_id; they live 3 days. */
  readonly media = new Map<string, FakeMedia>();
  readonly welcomeWindowMs: number;
  readonly unionidBound: boolean;
  private readonly codeTtlMs: number;
  private readonly oauthCodes = new Map<string, { subject: OAuthSubject; expiresAt: number }>();

  constructor(readonly opts: FakeWeComOptions) {
    this.corpId = opts.corpId;
    this.agentId = opts.agentId;
    this.timeSource = opts.clock ?? systemClock;
    this.apps = [
      {
        key: `agent:${opts.agentId}`,
        secret: opts.agentSecret,
        contactApis: opts.agentMayCallContactApis ?? true,
        agentApis: true,
      },
    ];
    if (opts.contactSecret) {
      this.apps.push({
        key: 'contact',
        secret: opts.contactSecret,
        contactApis: true,
        agentApis: false,
      });
    }
    this.credentials = new WeComCredentials(this.apps, this.clock, opts.tokenTtlSec ?? 7200);
    this.tags = new TagLibrary(opts.maxCorpTags ?? 3000, () => this.nowSec());
    this.perApi = new SlidingWindowLimiter(opts.perApiPerMinute ?? 10_000, 60_000, this.clock);
    this.perApiHourly = new SlidingWindowLimiter(
      opts.perApiPerHour ?? 150_000,
      3_600_000,
      this.clock,
    );
    this.welcomeWindowMs = opts.welcomeWindowMs ?? 20_000;
    this.unionidBound = opts.unionidBound ?? true;
    this.codeTtlMs = opts.codeTtlMs ?? 5 * 60_000;
  }

  useClock(clock: Clock): void {
    this.timeSource = clock;
  }

  nowSec(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  issueOAuthCode(subject: OAuthSubject): string {
    if ('userid' in subject) this.directory.consultant(subject.userid);
    else if (!subject.openid) throw AppError.of('VALIDATION_FAILED', 'userid or openid required');
    const now = this.clock.now();
    for (const [c, r] of this.oauthCodes) if (r.expiresAt <= now) this.oauthCodes.delete(c);
    const code = randomId(43);
    this.oauthCodes.set(code, { subject, expiresAt: now + this.codeTtlMs });
    return code;
  }

  /** Single use: the code is gone after the first lookup, valid or not. */
  takeOAuthCode(code: string): OAuthSubject | undefined {
    const rec = this.oauthCodes.get(code);
    this.oauthCodes.delete(code);
    return rec && rec.expiresAt > this.clock.now() ? rec.subject : undefined;
  }
}
