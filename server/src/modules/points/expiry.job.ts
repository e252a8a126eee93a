import { Types } from 'mongoose';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { PointsService } from './points.service';

const JOB = 'points.expiry';
const LEASE_MS = 5 * 60_000;
const BATCH = 200;

export interface ExpiryJobResult {
  ran: boolean;
  accounts: number;
  /** Expiry entries written by this run (entries replayed after a crash are not counted). */
  entries: number;
  points: number;
}

export const expiryKey = (memberId: Types.ObjectId, lot: number) =>
  `points:expire:${memberId}:${lot}`;

/**
 * Nightly points expiry: one `expire` entry per lot whose expiry has come, keyed by member and
 * lot, so rerunning (after a kill, or on another instance once the lease lapses) never expires
 * a lot twice. Accounts are found through their indexed `nextExpiry`; progress is checkpointed
 * by member id under a lease.
 */
export class PointsExpiryJob {
  private readonly leases: JobLeases;

  constructor(
    private readonly core: Core,
    private readonly points: PointsService,
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
  }

  async run(): Promise<ExpiryJobResult> {
    const result: ExpiryJobResult = { ran: false, accounts: 0, entries: 0, points: 0 };
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    if (!lease) return result;
    result.ran = true;
    const now = this.core.clock.now();
    let cursor = lease.cursor;
    for (;;) {
      const filter: Record<string, unknown> = { nextExpiry: { $ne: null, $lte: now } };
      if (cursor) filter._id = { $gt: new Types.ObjectId(cursor) };
      const batch = await this.points.m.Account.find(filter, { _id: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean();
      if (batch.length === 0) break;
      for (const { _id } of batch) {
        await this.expireAccount(_id, now, result);
        result.accounts++;
      }
      cursor = String(batch[batch.length - 1]!._id);
      if (!(await this.leases.checkpoint(JOB, cursor, LEASE_MS))) return result; // lease lost
    }
    await this.leases.release(JOB);
    this.core.logger.info(
      { accounts: result.accounts, entries: result.entries, points: result.points },
      'points expiry finished',
    );
    return result;
  }

  /** Expires every due lot of one member, each in its own entry (lots only shrink once due). */
  async expireAccount(memberId: Types.ObjectId, now: Date, result?: ExpiryJobResult) {
    const account = await this.points.ledger.account(memberId);
    const due = account.lots.filter((l) => l.remaining > 0 && l.expiresAt <= now);
    for (const lot of due) {
      const { entry, created } = await this.points.post({
        memberId,
        delta: -lot.remaining,
        reason: 'expire',
        sourceType: 'expiry',
        sourceId: String(lot.lot),
        idempotencyKey: expiryKey(memberId, lot.lot),
        only: (l) => l.lot === lot.lot,
        // Expired lots are exactly what this entry may take; what a merge moved meanwhile
        // is recorded as shortfall rather than refused.
        spendableAt: null,
        mode: 'available',
      });
      if (created && result) {
        result.entries++;
        result.points -= entry.delta;
      }
    }
  }
}
