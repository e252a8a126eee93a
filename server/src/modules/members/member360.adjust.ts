import type { PointsAdjustBody, WalletAdjustBody } from '@circles/shared';
import type { AuditBy } from '../audit';
import type { PointsAdjustResult } from '../points';
import type { WalletAdjustResult } from '../wallet';
import type { MemberDoc } from './member.model';
import type { Member360Ports } from './member360.ports';

/**
 * The member 360's manual corrections (人工调整). The owning modules apply them on their
 * append-only ledgers, once per idempotency key; the audit record is written only by the call
 * that applied the entry, so a retried dialog is applied and audited exactly once and answers
 * the same entry again. (Recorded after the change, as every audit record is: a crash between
 * the two leaves a change without its record, never a record without a change.)
 */
export class Member360Adjustments {
  constructor(
    private readonly p: Pick<Member360Ports, 'pointsAdjust' | 'walletAdjust' | 'audit'>,
  ) {}

  async points(m: MemberDoc, body: PointsAdjustBody, by: AuditBy): Promise<PointsAdjustResult> {
    const r = await this.p.pointsAdjust.adjust({ memberId: m._id, ...body, by: by.actor.name });
    if (!r.replayed) {
      const e = r.entry;
      await this.p.audit.record(
        by,
        'points.adjust',
        { type: 'member', id: m.memberNo },
        { balance: e.balanceAfter - e.delta },
        { balance: e.balanceAfter, delta: e.delta, reason: body.reason, entryId: e.id },
      );
    }
    return r;
  }

  async wallet(m: MemberDoc, body: WalletAdjustBody, by: AuditBy): Promise<WalletAdjustResult> {
    const r = await this.p.walletAdjust.adjust({ memberId: m._id, ...body, by: by.actor.name });
    if (!r.replayed) {
      const e = r.entry;
      await this.p.audit.record(
        by,
        'wallet.adjust',
        { type: 'member', id: m.memberNo },
        {
          balance: e.balanceAfter - e.delta,
          principal: e.principalAfter - e.principalDelta,
          bonus: e.bonusAfter - e.bonusDelta,
        },
        {
          balance: e.balanceAfter,
          principal: e.principalAfter,
          bonus: e.bonusAfter,
          bucket: body.bucket,
          delta: body.delta,
          reason: body.reason,
          entryId: e.id,
        },
      );
    }
    return r;
  }
}
