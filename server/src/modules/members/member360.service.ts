import type {
  Member360View,
  MemberOrderView,
  PointsAdjustBody,
  TimelinePage,
  WalletAdjustBody,
} from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import { requirePorts } from '../../lib/ports';
import type { AuditBy } from '../audit';
import type { OrderDoc } from '../orders';
import type { MemberDoc } from './member.model';
import { Member360Adjustments } from './member360.adjust';
import type { Member360Ports } from './member360.ports';
import { Member360Timeline, parseCursor } from './member360.timeline';

/** Sign-ups, notes and follow-ups shown in the overview (the timeline pages the rest). */
const SECTION_LIMIT = 20;

export const memberOrderView = (o: OrderDoc, storeName: string | null): MemberOrderView => ({
  orderNo: o.orderNo,
  channel: o.channel,
  storeCode: o.storeCode,
  storeName,
  paidAt: o.paidAt.toISOString(),
  amount: o.amount,
  refunded: o.amount - o.refundable,
  items: o.items.map((i) => ({
    sku: i.sku,
    name: i.name,
    category: i.category,
    quantity: i.quantity,
    unitPrice: i.unitPrice,
  })),
  refunds: o.refunds.map((r) => ({
    refundNo: r.refundNo,
    amount: r.amount,
    reason: r.reason,
    at: r.at.toISOString(),
  })),
});

/**
 * Member 360 for the back office, composed from other modules' services (ports): the overview
 * of balances, membership, value, tags, consultants, events, notes and follow-ups; the
 * timeline (member360.timeline.ts); paged orders; and manual points and wallet corrections
 * (member360.adjust.ts), which the owning modules apply on their ledgers.
 */
export class Member360Service {
  private readonly timeline: Member360Timeline;
  private readonly adjustments: Member360Adjustments;

  constructor(private readonly p: Member360Ports) {
    this.timeline = new Member360Timeline(p);
    this.adjustments = new Member360Adjustments(p);
  }

  private async byNo(memberNo: string): Promise<MemberDoc> {
    const m = await this.p.members.byMemberNo(memberNo);
    if (!m) throw AppError.of('MEMBER_NOT_FOUND', `会员 ${memberNo} 不存在`);
    return m;
  }

  async overview(memberNo: string): Promise<Member360View> {
    const m = await this.byNo(memberNo);
    const id = m._id;
    const [points, wallet, membership, value, tags, consultants, events, notes, followUps] =
      await Promise.all([
        this.p.points.summary(id, 1, 1),
        this.p.wallet.view(id),
        this.p.memberships.view(id),
        this.p.value.memberValue(id),
        this.p.tags.tagsOf(id),
        this.consultantsOf(id),
        this.p.signups(id, { limit: SECTION_LIMIT }),
        this.p.followUps.notesOfMember(id, { limit: SECTION_LIMIT }),
        this.p.followUps.ofMember(id, SECTION_LIMIT),
      ]);
    const { memberId: _internal, ...valueView } = value;
    return {
      memberNo: m.memberNo,
      points: { balance: points.balance, expiring: points.expiring },
      wallet,
      membership,
      value: valueView,
      tags: tags.map((t) => ({
        tagId: t.tagId,
        name: t.name,
        groupName: t.groupName,
        source: t.source,
      })),
      consultants,
      events,
      notes: notes.map((n) => ({
        id: String(n._id),
        text: n.text,
        consultantUserId: n.consultantUserId,
        consultantName: n.consultantName,
        createdAt: n.createdAt.toISOString(),
      })),
      followUps: followUps.map((f) => ({
        id: String(f._id),
        kind: f.kind,
        title: f.title,
        status: f.status,
        dueAt: f.dueAt?.toISOString() ?? null,
        outcome: f.outcome ?? null,
        consultantUserId: f.consultantUserId,
        createdAt: f.createdAt.toISOString(),
        doneAt: f.doneAt?.toISOString() ?? null,
      })),
    };
  }

  /** `before`: the previous page's `nextBefore` (validated by the contract). */
  async timelinePage(
    memberNo: string,
    before: string | undefined,
    limit: number,
  ): Promise<TimelinePage> {
    return this.timeline.page(await this.byNo(memberNo), parseCursor(before), limit);
  }

  async orders(memberNo: string, page: number, pageSize: number) {
    const m = await this.byNo(memberNo);
    const { rows, total } = await this.p.orders.pageOf(m._id, page, pageSize);
    const items = rows.map((o) =>
      memberOrderView(o, o.storeCode ? this.p.stores.nameOf(o.storeCode) : null),
    );
    return { items, total, page, pageSize };
  }

  async adjustPoints(memberNo: string, body: PointsAdjustBody, by: AuditBy) {
    return this.adjustments.points(await this.byNo(memberNo), body, by);
  }

  async adjustWallet(memberNo: string, body: WalletAdjustBody, by: AuditBy) {
    return this.adjustments.wallet(await this.byNo(memberNo), body, by);
  }

  /** Active WeCom relations, one per consultant, with the consultant's name when known. */
  private async consultantsOf(memberId: Types.ObjectId) {
    const pairs = await this.p.relations.activePairsOfMember(memberId);
    const ids = [...new Set(pairs.map((p) => p.consultantUserId))];
    const docs = await Promise.all(ids.map((u) => this.p.consultants.byUserId(u)));
    return ids.map((userId, i) => ({ userId, name: docs[i]?.name || userId }));
  }
}

/** The member 360 with its ports as constructor arguments; a missing one stops start-up. */
export function buildMember360(ports: Member360Ports): Member360Service {
  requirePorts('member360', ports, [
    'members',
    'orders',
    'points',
    'pointsAdjust',
    'wallet',
    'walletAdjust',
    'tiers',
    'perks',
    'memberships',
    'value',
    'tags',
    'relations',
    'consultants',
    'followUps',
    'signups',
    'stores',
    'audit',
  ]);
  return new Member360Service(ports);
}
