import type { Core } from '../../core';
import type { WeComSetup } from '../../integrations/wecom/build';
import type { WelcomeMessage } from '../../integrations/wecom/wecom-client';
import { isWeComApiError, WECOM_ERR } from '../../integrations/wecom/wecom-errors';
import type { DurableQueue } from '../../platform/queue';
import type { RelationsService } from './relations.service';
import { WelcomeMedia } from './welcome-media';

export const WELCOME_KIND = 'wecom.welcome';
/** send_welcome_msg works within 20 s of add_external_contact, once (41051 after). */
export const WELCOME_WINDOW_MS = 20_000;
/** The queue's first retry comes 2 s later: no point starting one that lands past the window. */
const RETRY_DELAY_MS = 2_000;
const MEDIA_INVALID = 40007;

const TEXT = '您好，欢迎加入会员！点击下方卡片进入会员中心，查看等级与专属权益。';

export interface WelcomeJob {
  consultantUserId: string;
  externalUserId: string;
  welcomeCode: string;
  channel: string | null;
  /** When the callback reached us (our clock, ms): the window is counted from here. */
  receivedAt: number;
}

/**
 * Welcome messages in their own queue lane, apart from tag sync and contact refreshes, so a
 * burst of adds is welcomed inside WeCom's 20 s window. The picture is best effort: when it
 * fails (upload refused, media id rejected) the text still goes.
 */
export class WelcomeLane {
  readonly media: WelcomeMedia;

  constructor(
    private readonly core: Core,
    private readonly wecom: WeComSetup,
    private readonly relations: RelationsService,
    private readonly weappAppid: string,
    queue: DurableQueue,
  ) {
    this.media = new WelcomeMedia(core, wecom.client);
    queue.handle(WELCOME_KIND, (p) => this.send(p as unknown as WelcomeJob), {
      concurrency: 16,
      maxAttempts: 4,
      leaseMs: WELCOME_WINDOW_MS,
    });
  }

  private age(job: WelcomeJob): number {
    return this.core.clock.now().getTime() - job.receivedAt;
  }

  async send(job: WelcomeJob): Promise<void> {
    const log = { externalUserId: job.externalUserId, consultant: job.consultantUserId };
    if (this.age(job) >= WELCOME_WINDOW_MS) {
      this.core.logger.warn(log, 'welcome window closed before sending; dropped');
      return;
    }
    const pair = { consultantUserId: job.consultantUserId, externalUserId: job.externalUserId };
    await this.relations.added({ ...pair, channel: job.channel, at: new Date(job.receivedAt) });
    if (
      !(await this.relations.claimWelcome(
        pair.consultantUserId,
        pair.externalUserId,
        job.welcomeCode,
      ))
    ) {
      return;
    }
    let picMediaId: string | null = null;
    try {
      picMediaId = await this.media.mediaId();
    } catch (err) {
      this.core.logger.warn({ ...log, err }, 'welcome picture unavailable; sending text only');
    }
    try {
      await this.deliver(job.welcomeCode, picMediaId);
    } catch (err) {
      // 41051: the window closed or they already chatted; final.
      if (isWeComApiError(err) && err.errcode === WECOM_ERR.welcomeCodeUsed) return;
      // One bad attachment fails the whole message: drop the picture, keep the greeting.
      if (picMediaId && isWeComApiError(err) && err.errcode === MEDIA_INVALID) {
        await this.media.invalidate(picMediaId);
        await this.deliver(job.welcomeCode, null);
      } else {
        await this.relations.m.Relation.updateOne(
          { ...pair, welcomeCode: job.welcomeCode },
          { $set: { welcomeCode: null } },
        );
        if (this.age(job) + RETRY_DELAY_MS >= WELCOME_WINDOW_MS) {
          this.core.logger.warn({ ...log, err }, 'welcome failed and the window closes; dropped');
          return;
        }
        throw err;
      }
    }
    await this.relations.welcomeSent(pair.consultantUserId, pair.externalUserId);
  }

  private deliver(welcomeCode: string, picMediaId: string | null): Promise<void> {
    const msg: WelcomeMessage = { welcomeCode, text: TEXT };
    if (picMediaId) {
      msg.attachments = [
        {
          msgtype: 'miniprogram',
          miniprogram: {
            title: '会员中心',
            picMediaId,
            appid: this.weappAppid,
            page: 'pages/index/index.html',
          },
        },
      ];
    }
    return this.wecom.client.sendWelcomeMsg(msg);
  }
}

/** The welcome job for an add callback that carries a WelcomeCode, else null. */
export function welcomeJobOf(event: Record<string, string>, receivedAt: number): WelcomeJob | null {
  const add =
    event.ChangeType === 'add_external_contact' || event.ChangeType === 'add_half_external_contact';
  if (event.Event !== 'change_external_contact' || !add || !event.WelcomeCode) return null;
  if (!event.UserID || !event.ExternalUserID) return null;
  return {
    consultantUserId: event.UserID,
    externalUserId: event.ExternalUserID,
    welcomeCode: event.WelcomeCode,
    channel: event.State || null,
    receivedAt,
  };
}
