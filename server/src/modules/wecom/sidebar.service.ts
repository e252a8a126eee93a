import type { MiniprogramCard, SidebarCustomerResponse, TagGroupView } from '@circles/shared';
import type { Types } from 'mongoose';
import { followUpViewOf, noteViewOf, type FollowUpsService } from './follow-ups.service';
import type { MembersService } from '../members';
import type { MemberDoc } from '../members';
import type { OrdersService } from '../orders';
import type { TagsService } from '../tags';
import type { TiersService } from '../tiers';
import { AppError } from '../../lib/errors';
import { cardImageUrl } from './card-image';
import type { RelationsService } from './relations.service';
import type { UpstreamRelations } from './sidebar-upstream';
import type { SidebarPorts } from './sidebar.ports';
import type { ValuePort } from './wecom.events';

export interface SidebarDeps {
  /** Shared and mutable: the lead may wire a port after the services are built. */
  ports: SidebarPorts & { value: ValuePort };
  relations: RelationsService;
  tags: TagsService;
  followUps: FollowUpsService;
  members: MembersService;
  tiers: TiersService;
  orders: OrdersService;
  weappAppid: string;
  /** PUBLIC_URL: card cover images must be absolute http(s) URLs. */
  publicUrl: string;
  /** Asks WeCom when no relation is stored (added before Circles, or a lost callback). */
  upstream: UpstreamRelations;
}

/** The customer card a consultant sees in the chat toolbar. */
export class SidebarService {
  constructor(private readonly d: SidebarDeps) {}

  async customer(
    consultantUserId: string,
    externalUserId: string,
  ): Promise<SidebarCustomerResponse> {
    const rel = await this.following(consultantUserId, externalUserId);
    const contact = await this.d.relations.contact(externalUserId);
    const memberId = contact?.memberId ?? rel.memberId;
    const member = memberId ? await this.d.members.resolve(memberId) : null;
    const [card, recentOrders, perks, events, tagGroups, notes, followUps] = await Promise.all([
      member ? this.memberCard(member) : null,
      member ? this.d.orders.recent(member._id, 5) : [],
      member ? this.d.ports.perks.sidebarPerks(member._id, member) : undefined,
      member ? this.d.ports.events.upcomingFor(member._id) : undefined,
      this.tagGroups(externalUserId, member?._id ?? null),
      this.d.followUps.notes(externalUserId),
      this.d.followUps.forCustomer(externalUserId, member?._id ?? null),
    ]);
    return {
      externalUserId,
      linked: Boolean(member),
      contact: {
        externalUserId,
        name: contact?.name ?? '',
        avatar: contact?.avatar ?? null,
        type: contact?.type ?? 1,
        corpName: contact?.corpName ?? null,
        addedAt: rel.addedAt.toISOString(),
        remark: contact?.remarks.find((r) => r.userid === consultantUserId)?.remark || null,
      },
      member: card,
      recentOrders: recentOrders.map((o) => ({
        orderNo: o.orderNo,
        paidAt: o.paidAt.toISOString(),
        amount: o.amount,
        status:
          o.refundable === 0 ? 'refunded' : o.refundable < o.amount ? 'partly_refunded' : 'paid',
        storeName: o.storeCode,
      })),
      ...(perks ? { perks } : {}),
      ...(events
        ? {
            upcomingEvents: events.map((e) => ({
              eventId: e.eventId,
              title: e.title,
              startsAt: e.startAt,
            })),
          }
        : {}),
      tagGroups,
      notes: notes.map(noteViewOf),
      followUps: followUps.map(followUpViewOf),
      invite: member ? null : this.inviteCard(),
    };
  }

  /** The active relation; when none is stored, WeCom is asked once (see UpstreamRelations). */
  private async following(consultantUserId: string, externalUserId: string) {
    try {
      return await this.d.relations.requireFollowing(consultantUserId, externalUserId);
    } catch (err) {
      if (!(err instanceof AppError) || err.type !== 'forbidden') throw err;
      const found = await this.d.upstream.find(consultantUserId, externalUserId);
      if (found?.state !== 'active') throw err;
      return found;
    }
  }

  private async memberCard(
    member: MemberDoc,
  ): Promise<NonNullable<SidebarCustomerResponse['member']>> {
    const [view, points, wallet, value, circles] = await Promise.all([
      this.d.tiers.view(member),
      this.d.ports.points.balance(member._id),
      this.d.ports.wallet.view(member._id),
      this.d.ports.value.memberValue(member._id),
      this.d.ports.circles.circlesOf(member._id),
    ]);
    const needed = view.nextTier?.growthNeeded ?? 0;
    const progress = view.nextTier
      ? Math.min(1, view.growth / Math.max(1, view.growth + needed))
      : 1;
    return {
      memberNo: member.memberNo,
      nickname: member.nickname,
      avatarUrl: member.avatarUrl,
      tier: view.tier,
      growth: view.growth,
      nextTier: view.nextTier
        ? { code: view.nextTier.code, name: view.nextTier.name, growthNeeded: needed }
        : null,
      progress,
      tierValidUntil: view.tierValidUntil,
      totalSpend: member.totalSpend,
      orderCount: member.orderCount,
      circles: circles.map((c) => ({ id: c.id, name: c.name, color: c.color })),
      points: { balance: points.balance },
      wallet: { balance: wallet.balance },
      ...(value?.segment
        ? {
            value: {
              segment: value.segment,
              segmentName: value.segment,
              ...(value.pAlive !== null ? { pAlive: value.pAlive } : {}),
              ...(value.clv12mFen !== null ? { clv12m: value.clv12mFen } : {}),
              riskFlags: value.warnings.map((w) => ({
                kind: w.kind,
                title: w.title,
                severity: w.severity,
              })),
            },
          }
        : {}),
    };
  }

  async tagGroups(
    externalUserId: string,
    memberId: Types.ObjectId | null,
  ): Promise<TagGroupView[]> {
    const [groups, has] = await Promise.all([
      this.d.tags.groups(),
      this.d.tags.customerTags(externalUserId, memberId),
    ]);
    return groups.map((g) => ({
      groupId: g.groupId,
      groupName: g.groupName,
      system: g.system !== null,
      tags: g.tags.flatMap((t) => {
        const source = has.get(t.tagId);
        return source ? [{ tagId: t.tagId, name: t.name, source }] : [];
      }),
      options: g.tags,
    }));
  }

  async editTags(
    consultantUserId: string,
    externalUserId: string,
    add: string[],
    remove: string[],
  ) {
    await this.d.relations.requireFollowing(consultantUserId, externalUserId);
    const memberId = await this.d.relations.memberOf(externalUserId);
    await this.d.tags.editCustomerTags(externalUserId, memberId, { add, remove });
    return { tagGroups: await this.tagGroups(externalUserId, memberId) };
  }

  inviteCard(): MiniprogramCard {
    return {
      appid: this.d.weappAppid,
      title: '加入会员中心，享专属权益',
      imgUrl: cardImageUrl(this.d.publicUrl),
      page: 'pages/index/index.html',
    };
  }

  perkCard(perkCode: string): MiniprogramCard {
    return {
      appid: this.d.weappAppid,
      title: '您有一份会员权益待领取',
      imgUrl: cardImageUrl(this.d.publicUrl),
      page: `pages/perks/index.html?perk=${encodeURIComponent(perkCode)}`,
    };
  }

  async redeem(consultantUserId: string, redemptionCode: string) {
    const used = await this.d.ports.perks.markUsed(
      redemptionCode,
      `consultant:${consultantUserId}`,
    );
    return {
      perkCode: used.perkCode,
      perkName: used.perkName,
      memberNo: used.memberNo,
      usedAt: used.usedAt,
    };
  }
}
