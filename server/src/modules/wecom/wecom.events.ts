import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { WeComSetup } from '../../integrations/wecom/build';
import type { MembersService } from '../members';
import type { TagsService } from '../tags';
import type { TiersService } from '../tiers';
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
  ports: { alerts: AlertsPort; value: ValuePort };
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
    // 事件格式 (https://developer.work.weixin.qq.com/document/path/96361, the customer-contact
    // events every app type receives): del_external_contact carries Source=DELETE_BY_TRANSFER when a
    // 客户继承 moved the customer; transfer_fail's UserID is the taker, FailReason why.
    const transfer = e.Source === 'DELETE_BY_TRANSFER';
    switch (e.ChangeType) {
      case 'add_external_contact':
      case 'add_half_external_contact':
        // The welcome message went to its own lane when the callback arrived (welcome.lane.ts).
        await this.d.relations.added({ ...pair, channel: e.State || null, at });
        await this.refreshContact(e.ExternalUserID, true);
        break;
      case 'edit_external_contact':
        await this.refreshContact(e.ExternalUserID, false);
        break;
      case 'del_external_contact':
        await this.d.relations.ended({ ...pair, by: transfer ? 'transfer' : 'consultant', at });
        break;
      case 'del_follow_user':
        // A relation ended by a transfer is no churn: no "客户删除了导购" alert.
        if (transfer) await this.d.relations.ended({ ...pair, by: 'transfer', at });
        else await this.customerLeft(pair, at, eventKey(e));
        break;
      case 'transfer_fail':
        await this.d.relations.transferFailed(e.ExternalUserID, e.FailReason || 'unknown', at);
        break;
      default:
        break;
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
    const value = await this.d.ports.value.memberValue(memberId);
    if (value?.segment) await this.d.tags.setSystemTag(memberId, 'segment', value.segment);
  }

  private async customerLeft(
    pair: { consultantUserId: string; externalUserId: string },
    at: Date,
    key: string,
  ) {
    const rel = await this.d.relations.ended({ ...pair, by: 'customer', at });
    const memberId = rel?.memberId ?? (await this.d.relations.memberOf(pair.externalUserId));
    await this.d.ports.alerts.raise({
      kind: 'wecom_deleted',
      ...(memberId ? { memberId } : {}),
      severity: 'warning',
      title: '客户删除了导购',
      detail: `客户删除了企业微信导购 ${pair.consultantUserId}`,
      dedupeKey: `wecom_deleted:${key}`,
    });
  }
}
