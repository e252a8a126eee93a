import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { RelationsPort } from '../engagement';
import type { RewardPayer } from '../engagement';
import type { MemberDoc } from '../members';
import type { MergeParticipant } from '../members';
import type { OrderDoc } from '../orders';
import type { ReferralDoc } from './referral.model';
import type { ReferralService } from './referral.service';

const DAY = 86_400_000;
const JOB = 'referral-qualify';
const LEASE_MS = 5 * 60_000;

/**
 * Qualification: the invitee's first paid order of at least the minimum starts a cooling-off
 * period; a refund inside it voids the referral; the job rewards both sides once it has passed.
 * Every step is one conditional update on the referral's state, so hooks and the job can run
 * again (or concurrently) without a double reward.
 */
export class ReferralQualifier {
  private readonly leases: JobLeases;
  /** Called once a referral qualified (e.g. invite task progress); must be idempotent. */
  readonly onQualified: Array<(r: ReferralDoc) => Promise<void>> = [];

  constructor(
    private readonly core: Core,
    private readonly referral: ReferralService,
    private readonly rewards: RewardPayer,
    private readonly relations: RelationsPort,
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
  }

  /** orders.onPaid */
  async onPaid(order: OrderDoc, _member: MemberDoc): Promise<void> {
    const { Referral } = this.referral.m;
    const r = await Referral.findOne({ inviteeId: order.memberId, state: 'bound' }).lean();
    if (!r || order.amount < r.minOrderAmount) return;
    const { coolingOffDays } = await this.referral.settings();
    await Referral.updateOne(
      { _id: r._id, state: 'bound' },
      {
        $set: {
          state: 'pending',
          orderNo: order.orderNo,
          qualifyAt: new Date(order.paidAt.getTime() + coolingOffDays * DAY),
        },
      },
    );
  }

  /** orders.onRefund: a refund inside the cooling-off that takes the order under the minimum. */
  async onRefund(order: OrderDoc): Promise<void> {
    const now = this.core.clock.now();
    const { Referral } = this.referral.m;
    const r = await Referral.findOne({ orderNo: order.orderNo, state: 'pending' }).lean();
    if (!r || order.refundable >= r.minOrderAmount) return;
    await Referral.updateOne(
      { _id: r._id, state: 'pending', qualifyAt: { $gt: now } },
      { $set: { state: 'void', voidReason: 'refunded' } },
    );
  }

  /** Qualifies every referral whose cooling-off has passed; leased and resumable. */
  async run(): Promise<{ qualified: number; rewarded: number } | null> {
    if (!(await this.leases.acquire(JOB, LEASE_MS))) return null;
    const { Referral } = this.referral.m;
    let qualified = 0;
    let rewarded = 0;
    try {
      const now = this.core.clock.now();
      for (const r of await Referral.find({ state: 'pending', qualifyAt: { $lte: now } }).lean()) {
        const u = await Referral.updateOne(
          { _id: r._id, state: 'pending', qualifyAt: { $lte: now } },
          { $set: { state: 'qualified', qualifiedAt: now } },
        );
        qualified += u.modifiedCount;
      }
      // Includes any qualified referral a crashed run left unpaid.
      for (const r of await Referral.find({ state: 'qualified', rewardedAt: null }).lean()) {
        await this.reward(r);
        rewarded++;
        await this.leases.checkpoint(JOB, String(r._id), LEASE_MS);
      }
    } finally {
      await this.leases.release(JOB);
    }
    return { qualified, rewarded };
  }

  private async reward(r: ReferralDoc): Promise<void> {
    const at = this.core.clock.now();
    const consultant = (await this.relations.consultantsOf(r.inviterId))[0] ?? null;
    const base = { sourceType: 'referral', sourceId: String(r._id), at };
    await this.rewards.pay(r.inviterId, r.inviterReward, {
      ...base,
      pointsReason: 'referral' as const,
      growthReason: 'task' as const,
      key: `referral:${r._id}:inviter`,
      note: '邀请好友奖励',
    });
    await this.rewards.pay(r.inviteeId, r.inviteeReward, {
      ...base,
      pointsReason: 'referral' as const,
      growthReason: 'task' as const,
      key: `referral:${r._id}:invitee`,
      note: '受邀首单奖励',
    });
    for (const hook of this.onQualified) await hook(r);
    await this.referral.m.Referral.updateOne(
      { _id: r._id, rewardedAt: null },
      { $set: { rewardedAt: at, consultantUserId: consultant } },
    );
  }

  /**
   * An invitee merged into an older member was not new: its phone/unionid was already known,
   * so the referral is void. Its invitations move with it. Undoing the merge restores both.
   */
  mergeParticipant(): MergeParticipant {
    const { Referral } = this.referral.m;
    const move = (from: Types.ObjectId, to: Types.ObjectId) =>
      Referral.updateMany({ inviterId: from }, { $set: { inviterId: to } });
    return {
      name: 'referral',
      merge: async (loser, survivor, key) => {
        for (const state of ['bound', 'pending'] as const) {
          await Referral.updateOne(
            { inviteeId: loser, state },
            {
              $set: {
                state: 'void',
                voidReason: 'identity_seen',
                voidedFrom: { state, mergeKey: key },
              },
            },
          );
        }
        await move(loser, survivor);
      },
      unmerge: async (loser, survivor, key) => {
        const r = await Referral.findOne({ inviteeId: loser, 'voidedFrom.mergeKey': key }).lean();
        if (r?.voidedFrom) {
          await Referral.updateOne(
            { _id: r._id, state: 'void' },
            { $set: { state: r.voidedFrom.state, voidReason: null, voidedFrom: null } },
          );
        }
        // Invitations the loser made before the merge are the ones whose invitee it owns.
        await Referral.updateMany(
          { inviterId: survivor, code: { $in: await this.codesOf(loser) } },
          { $set: { inviterId: loser } },
        );
      },
    };
  }

  private async codesOf(memberId: Types.ObjectId): Promise<string[]> {
    const c = await this.referral.m.InviteCode.findOne({ memberId }).lean();
    return c ? [c.code] : [];
  }
}
