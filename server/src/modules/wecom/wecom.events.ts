import type { Types } from 'mongoose';
import type { Core } from '../../container';
import type { WeComSetup } from '../../integrations/wecom/build';
import { isWeComApiError, WECOM_ERR } from '../../integrations/wecom/wecom-errors';
import type { MembersService } from '../members/members.service';
import type { TagsService } from '../tags/tags.service';
import type { TiersService } from '../tiers/tiers.service';
import type { RelationsService } from './relations.service';

/** The value engine's alerts (optional: wired by the lead when the value module exists). */
export interface AlertsPort {
  raise(alert: {
    kind: 'wecom_deleted';
    memberId?: Types.ObjectId;
    severity: 'info' | 'warning' | 'critical';
    title: string;
    detail: string;
    dedupeKey: string;
  }): Promise<unknown>;
}

/** The value engine's view of a member (optional); segment is null until scored. */
export interface ValuePort {
  memberValue(memberId: Types.ObjectId): Promise<{
    segment: string | null;
    pAlive: number | null;
    clv12mFen: number | null;
    warnings: { kind: string; title: string; severity: string }[];
  } | null>;
}

export type WeComEvent = Record<string, string>;

/** A stable identity for an event: WeCom resends the very same event on retries. */
export function eventKey(e: WeComEvent): string {
  if (e.Event === 'change_external_tag') {
    return ['tag', e.TagType, e.Id, e.ChangeType, e.CreateTime].join(':');
  }
  return [e.Event, e.ChangeType, e.UserID, e.ExternalUserID, e.CreateTime].join(':');
}

export interface EventDeps {
  core: Core;
  wecom: WeComSetup;
  weappAppid: string;
  relations: RelationsService;
  tags: TagsService;
  members: MembersService;
  tiers: TiersService;
  /** Shared and mutable: the lead may wire a port after the services are built. */
  ports: { alerts?: AlertsPort; value?: ValuePort };
}

/** Applies one queued callback event. Every step is safe to run again after a crash. */
export class WeComEventProcessor {
  constructor(private readonly d: EventDeps) {}

  async handle(e: WeComEvent): Promise<void> {
    if (e.Event === 'change_external_tag') {
      await this.d.tags.library.syncAll();
      return;
    }
    if (e.Event !== 'change_external_contact' || !e.UserID || !e.ExternalUserID) return;
    const at = e.CreateTime ? new Date(Number(e.CreateTime) * 1000) : this.d.core.clock.now();
    const pair = { consultantUserId: e.UserID, externalUserId: e.ExternalUserID };
    switch (e.ChangeType) {
      case 'add_external_contact':
      case 'add_half_external_contact':
        await this.d.relations.added({ ...pair, channel: e.State || null, at });
        // The welcome code lives 20 s: send it before anything slower.
        if (e.WelcomeCode) await this.welcome(pair, e.WelcomeCode);
        await this.refreshContact(e.ExternalUserID, true);
        break;
      case 'edit_external_contact':
        await this.refreshContact(e.ExternalUserID, false);
        break;
      case 'del_external_contact':
        await this.d.relations.ended({ ...pair, by: 'consultant', at });
        break;
      case 'del_follow_user':
        await this.customerLeft(pair, at, eventKey(e));
        break;
      default:
        break; // transfer_fail and others: nothing to do yet
    }
  }

  private async welcome(pair: { consultantUserId: string; externalUserId: string }, code: string) {
    if (!(await this.d.relations.claimWelcome(pair.consultantUserId, pair.externalUserId, code))) {
      return;
    }
    try {
      await this.d.wecom.client.sendWelcomeMsg({
        welcomeCode: code,
        text: '您好，欢迎加入会员！点击下方卡片进入会员中心，查看等级与专属权益。',
        attachments: [
          {
            msgtype: 'miniprogram',
            miniprogram: {
              title: '会员中心',
              picMediaId: this.d.wecom.welcomePicMediaId,
              appid: this.d.weappAppid,
              page: 'pages/index/index.html',
            },
          },
        ],
      });
      await this.d.relations.welcomeSent(pair.consultantUserId, pair.externalUserId);
    } catch (err) {
      // 41051: the window closed or they already chatted; final, so don't retry.
      if (isWeComApiError(err) && err.errcode === WECOM_ERR.welcomeCodeUsed) return;
      // Let a retry claim the code again (41096 and transport errors are worth another try).
      await this.d.relations.m.Relation.updateOne(
        { ...pair, welcomeCode: code },
        { $set: { welcomeCode: null } },
      );
      throw err;
    }
  }

  /** Fetches the contact, links it to a member by unionid, applies tags both ways. */
  private async refreshContact(externalUserId: string, added: boolean): Promise<void> {
    const detail = await this.d.wecom.client.getExternalContact(externalUserId);
    await this.d.relations.saveContact(detail);
    let memberId = await this.d.relations.memberOf(externalUserId);
    if (!memberId && detail.contact.unionid) {
      const member = await this.d.members.findByIdentity({
        kind: 'unionid',
        value: detail.contact.unionid,
      });
      if (member) {
        memberId = member._id;
        await this.d.relations.linkMember(externalUserId, memberId);
        await this.d.tags.linkMember(externalUserId, memberId);
      }
    }
    await this.d.tags.pullFromWeCom(detail, memberId);
    if (added && memberId) await this.applySystemTags(memberId);
  }

  private async applySystemTags(memberId: Types.ObjectId): Promise<void> {
    const member = await this.d.members.require(memberId);
    const ladder = await this.d.tiers.ladder();
    const tier = ladder.tiers.find((t) => t.code === member.tierCode);
    await this.d.tags.setSystemTag(memberId, 'tier', tier?.name ?? member.tierCode);
    // Each system tag run pushes to every active pair of the member, this new one included.
    const value = await this.d.ports.value?.memberValue(memberId);
    if (value?.segment) await this.d.tags.setSystemTag(memberId, 'segment', value.segment);
  }

  private async customerLeft(
    pair: { consultantUserId: string; externalUserId: string },
    at: Date,
    key: string,
  ) {
    const rel = await this.d.relations.ended({ ...pair, by: 'customer', at });
    const memberId = rel?.memberId ?? (await this.d.relations.memberOf(pair.externalUserId));
    await this.d.ports.alerts?.raise({
      kind: 'wecom_deleted',
      ...(memberId ? { memberId } : {}),
      severity: 'warning',
      title: '客户删除了导购',
      detail: `客户删除了企业微信导购 ${pair.consultantUserId}`,
      dedupeKey: `wecom_deleted:${key}`,
    });
  }
}
