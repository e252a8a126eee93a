import type {
  SubscribeMoment,
  SubscribePurpose,
  SubscribeQuotaView,
  SubscribeSendView,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { WeappClient } from '../../integrations/weapp/weapp-client';
import { isWeappApiError, type WeappApiError } from '../../integrations/weapp/weapp-errors';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { SendDoc } from './messages.model';
import type { QuotaStore } from './quotas';
import type { SendLog } from './send-log';
import type { TemplateCatalog, TemplateInfo } from './templates';

export interface SendInput {
  memberId: Types.ObjectId | string;
  purpose: SubscribePurpose;
  /** Field name (`perk`) or template keyword (`thing1`) → value; see `keywordValues`. */
  data: Record<string, string>;
  /** Page the message opens (may carry a query); default: the purpose's page. */
  page?: string;
  /** Idempotency key: one message per key, whatever the number of calls. */
  key: string;
}

export interface SendResult {
  /**
   * `sent`: WeChat took it now. `duplicate`: an earlier call with this key sent it (or is
   * sending it right now). `no_quota`: the member has no accept left for the template (also
   * after WeChat's 43101). `failed`: WeChat refused it (errcode); the quota is kept.
   */
  status: 'sent' | 'duplicate' | 'no_quota' | 'failed';
  msgid?: string;
  errcode?: number;
}

/** Refusals that come back the same however often the same request is repeated. */
const FINAL_ERRCODES: ReadonlySet<number> = new Set([40003, 40037, 41030, 47001, 47003]);

const MINIPROGRAM_STATE = { release: 'formal', trial: 'trial', develop: 'developer' } as const;

/**
 * Subscribe messages end to end: what members accepted (one accept = one send per template)
 * and sends through the real WeChat client, idempotent by key. A send reserves one quota
 * before WeChat is asked and gives it back when WeChat does not deliver, so two concurrent
 * sends never spend one accept twice and a refused send costs nothing.
 */
export class MessagesService {
  private readonly state;

  constructor(
    private readonly core: Core,
    private readonly weapp: WeappClient,
    private readonly members: MembersService,
    readonly catalog: TemplateCatalog,
    private readonly quotas: QuotaStore,
    private readonly log: SendLog,
  ) {
    this.state = MINIPROGRAM_STATE[core.config.weapp.envVersion];
  }

  async send(input: SendInput): Promise<SendResult> {
    const t = this.catalog.require(input.purpose);
    const data = this.catalog.keywordData(t, input.data);
    const member = await this.members.require(input.memberId);
    const claim = await this.log.claim({
      key: input.key,
      memberId: member._id,
      purpose: t.purpose,
      templateId: t.templateId,
      data,
      page: input.page ?? t.page,
    });
    if (claim.kind === 'busy') return { status: 'duplicate' };
    if (claim.kind === 'done') return earlier(claim.doc);
    return this.deliver(claim.doc);
  }

  /** Sends a claimed entry (its stored data: a retry sends what the first call meant). */
  private async deliver(doc: SendDoc): Promise<SendResult> {
    if (!(await this.quotas.take(doc.memberId, doc.templateId))) {
      await this.log.finish(doc, { status: 'no_quota' });
      return { status: 'no_quota' };
    }
    const openid = (await this.members.identitiesOf(doc.memberId)).find((i) => i.kind === 'openid');
    if (!openid) {
      await this.quotas.giveBack(doc.memberId, doc.templateId);
      const errmsg = 'member has no mini-program openid';
      await this.log.finish(doc, { status: 'failed', errcode: 40003, errmsg, retryable: false });
      return { status: 'failed', errcode: 40003 };
    }
    await this.log.calling(doc);
    try {
      const { msgid } = await this.weapp.sendSubscribeMessage({
        touser: openid.value,
        templateId: doc.templateId,
        data: doc.data,
        ...(doc.page ? { page: doc.page } : {}),
        miniprogramState: this.state,
      });
      await this.log.finish(doc, { status: 'sent', msgid });
      return { status: 'sent', msgid };
    } catch (err) {
      if (!isWeappApiError(err)) throw err;
      return this.refused(doc, err);
    }
  }

  private async refused(doc: SendDoc, err: WeappApiError): Promise<SendResult> {
    const { errcode, errmsg } = err;
    if (errcode === 43101) {
      // The member refused or used up the subscription on WeChat's side: our count was wrong.
      await this.quotas.clear(doc.memberId, doc.templateId);
      await this.log.finish(doc, { status: 'no_quota', errcode, errmsg });
      return { status: 'no_quota', errcode };
    }
    // No answer (timeout, dropped connection): WeChat may have delivered it, so it is neither
    // retried (it could arrive twice) nor given back (it may have used the subscription).
    const unknown = errcode === -1 && errmsg.startsWith('transport:');
    if (!unknown) await this.quotas.giveBack(doc.memberId, doc.templateId);
    const retryable = !unknown && !FINAL_ERRCODES.has(errcode);
    await this.log.finish(doc, { status: 'failed', errcode, errmsg, retryable });
    this.core.logger.warn(
      { key: doc.key, purpose: doc.purpose, errcode, retryable },
      'subscribe message not sent',
    );
    return { status: 'failed', errcode };
  }

  /** Sends left for the member with the purpose's template (0 when messages are off). */
  async quotaOf(memberId: Types.ObjectId, purpose: SubscribePurpose): Promise<number> {
    const t = this.catalog.of(purpose);
    return t ? this.quotas.of(memberId, t.templateId) : 0;
  }

  async quotasOf(memberId: Types.ObjectId): Promise<SubscribeQuotaView[]> {
    const counts = await this.quotas.all(memberId);
    return this.catalog.all().map((t) => ({ ...view(t), quota: counts.get(t.templateId) ?? 0 }));
  }

  /**
   * What wx.requestSubscribeMessage answered: each `accept` allows one more send with that
   * template; reject/ban/filter change nothing. Ids that are not configured templates are a
   * 400 naming them (`path` is where the results sit in the request).
   */
  async recordAcceptances(
    memberId: Types.ObjectId,
    results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'>,
    path = 'results',
  ): Promise<SubscribeQuotaView[]> {
    const unknown = Object.keys(results).filter((id) => !this.catalog.purposesOf(id).length);
    if (unknown.length > 0) {
      const fields = unknown.map((id) => ({
        path: `${path}.${id}`,
        message: 'not a subscribe-message template of this mini-program',
      }));
      throw AppError.of('VALIDATION_FAILED', `Invalid ${fields[0]!.path}: ${fields[0]!.message}`, {
        fields,
      });
    }
    const out: SubscribeQuotaView[] = [];
    for (const [id, result] of Object.entries(results)) {
      if (result !== 'accept') continue;
      const quota = await this.quotas.add(memberId, id);
      for (const t of this.catalog.purposesOf(id)) out.push({ ...view(t), quota });
    }
    return out;
  }

  /** Template ids the mini-program asks for at a moment (empty when messages are off). */
  templatesForMiniProgram(moment: SubscribeMoment) {
    return this.catalog.forMoment(moment).map(view);
  }

  /** Every configured template with its fields and keywords (for playbook editors). */
  templates(): TemplateInfo[] {
    return this.catalog.all();
  }

  /** The member's sends, newest first (for the member timeline). */
  async history(memberId: Types.ObjectId, limit = 50): Promise<SubscribeSendView[]> {
    return (await this.log.recent(memberId, limit)).map((d) => ({
      purpose: d.purpose,
      title: this.catalog.of(d.purpose)?.title ?? d.purpose,
      templateId: d.templateId,
      status: d.status,
      errcode: d.errcode,
      data: d.data,
      page: d.page,
      attempts: d.attempts,
      createdAt: d.createdAt.toISOString(),
      sentAt: d.sentAt ? d.sentAt.toISOString() : null,
    }));
  }
}

const view = (t: TemplateInfo) => ({
  purpose: t.purpose,
  title: t.title,
  templateId: t.templateId,
});

/** The answer for a key that already has its outcome: the same, without sending. */
function earlier(doc: SendDoc): SendResult {
  if (doc.status === 'sent')
    return { status: 'duplicate', ...(doc.msgid ? { msgid: doc.msgid } : {}) };
  if (doc.status === 'no_quota')
    return { status: 'no_quota', ...(doc.errcode !== null ? { errcode: doc.errcode } : {}) };
  return { status: 'failed', errcode: doc.errcode ?? -1 };
}
