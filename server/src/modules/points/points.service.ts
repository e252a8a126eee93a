import {
  DEFAULT_EXPIRY_RULE,
  type ExpiryRule,
  expiresAtFor,
  nextExpiring,
  type PointsEntryView,
  type PointsLot,
  type PointsReason,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import { type LedgerFaults, PointsLedger, type PostInput } from './ledger';
import { type PointsAccountDoc, type PointsModels, pointsModels } from './points.model';
import { entryView, expiringView } from './views';

export interface PointsMove {
  memberId: Types.ObjectId;
  /** A positive whole number. */
  points: number;
  reason: PointsReason;
  note?: string;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
}

export interface PointsSettings {
  expiry: ExpiryRule;
  pointsPerYuan: number;
  updatedAt: Date | null;
}

export const DEFAULT_POINTS_SETTINGS: PointsSettings = {
  expiry: DEFAULT_EXPIRY_RULE,
  pointsPerYuan: 1,
  updatedAt: null,
};

const SETTINGS_TTL_MS = 10_000;

const assertPoints = (n: number) => {
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new Error(`points must be a positive integer: ${n}`);
};

/**
 * The points (积分) ledger as other modules see it: credit, debit, balance. Every write is one
 * append-only entry under a unique idempotency key, applied with one conditional update of the
 * member's account (see ledger.ts); a replayed key returns the first entry.
 */
export class PointsService {
  readonly m: PointsModels;
  readonly ledger: PointsLedger;
  private cached: { value: PointsSettings; until: number } | null = null;

  constructor(
    private readonly core: Core,
    faults: LedgerFaults = {},
  ) {
    this.m = pointsModels(core.conn);
    this.ledger = new PointsLedger(this.m, core.clock, faults);
  }

  /** Read on every credit, so cached briefly; other instances see a change within the TTL. */
  async settings(): Promise<PointsSettings> {
    const now = Date.now();
    if (this.cached && this.cached.until > now) return this.cached.value;
    const doc = await this.m.Settings.findById('points').lean();
    const value = doc
      ? { expiry: doc.expiry, pointsPerYuan: doc.pointsPerYuan, updatedAt: doc.updatedAt }
      : DEFAULT_POINTS_SETTINGS;
    this.cached = { value, until: now + SETTINGS_TTL_MS };
    return value;
  }

  async saveSettings(s: Omit<PointsSettings, 'updatedAt'>): Promise<PointsSettings> {
    const updatedAt = this.core.clock.now();
    await this.m.Settings.updateOne(
      { _id: 'points' },
      { $set: { expiry: s.expiry, pointsPerYuan: s.pointsPerYuan, updatedAt } },
      { upsert: true },
    );
    this.cached = null;
    return { ...s, updatedAt };
  }

  /** Adds a lot; it expires by the configured rule counted from `earnedAt` (default now). */
  async credit(
    input: PointsMove & { earnedAt?: Date; expiresAt?: Date },
  ): Promise<PointsEntryView> {
    assertPoints(input.points);
    const expiresAt =
      input.expiresAt ??
      expiresAtFor(input.earnedAt ?? this.core.clock.now(), (await this.settings()).expiry);
    const { entry } = await this.ledger.post({
      ...this.base(input),
      delta: input.points,
      expiresAt,
    });
    return entryView(entry);
  }

  /** Spends the oldest-expiring usable points first; 409 POINTS_INSUFFICIENT when short. */
  async debit(input: PointsMove): Promise<PointsEntryView> {
    assertPoints(input.points);
    const { entry } = await this.ledger.post({ ...this.base(input), delta: -input.points });
    return entryView(entry);
  }

  /** Low-level post for reversals, expiry and merges (modes and lot filters). */
  async post(input: PostInput) {
    return this.ledger.post(input);
  }

  private base(input: PointsMove) {
    return {
      memberId: input.memberId,
      reason: input.reason,
      note: input.note ?? null,
      sourceType: input.sourceType,
      sourceId: input.sourceId,
      idempotencyKey: input.idempotencyKey,
    };
  }

  /** Usable points: lots past their expiry no longer count, even before the nightly job. */
  async balance(memberId: Types.ObjectId): Promise<{ balance: number }> {
    const account = await this.ledger.account(memberId);
    return { balance: this.usable(account).reduce((s, l) => s + l.remaining, 0) };
  }

  usable(account: PointsAccountDoc): PointsLot[] {
    const now = this.core.clock.now();
    return account.lots.filter((l) => l.remaining > 0 && l.expiresAt > now);
  }

  /** Balance, what expires next, the usable lots and one page of history, newest first. */
  async summary(memberId: Types.ObjectId, page: number, pageSize: number) {
    const account = await this.ledger.account(memberId);
    const lots = this.usable(account);
    const filter = { memberId, seq: { $lte: account.seq } };
    const [items, total] = await Promise.all([
      this.m.Entry.find(filter)
        .sort({ seq: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.m.Entry.countDocuments(filter),
    ]);
    return {
      balance: lots.reduce((s, l) => s + l.remaining, 0),
      ledgerBalance: account.balance,
      lots,
      expiring: expiringView(nextExpiring(lots)),
      history: { items: items.map(entryView), total, page, pageSize },
    };
  }

  /** The three numbers that must agree: the account balance, Σ its lots, Σ applied ledger deltas. */
  async reconcile(memberId: Types.ObjectId) {
    const account = await this.ledger.account(memberId);
    const [r] = await this.m.Entry.aggregate<{ total: number }>([
      { $match: { memberId, seq: { $lte: account.seq } } },
      { $group: { _id: null, total: { $sum: '$delta' } } },
    ]);
    return {
      balance: account.balance,
      lotSum: account.lots.reduce((s, l) => s + l.remaining, 0),
      ledgerSum: r?.total ?? 0,
    };
  }

  /** Up to `limit` applied entries written at or before `at`, newest first (timelines). */
  async entriesBefore(
    memberId: Types.ObjectId,
    at: Date | null,
    limit: number,
  ): Promise<PointsEntryView[]> {
    const account = await this.ledger.account(memberId);
    const filter = {
      memberId,
      seq: { $lte: account.seq },
      ...(at ? { createdAt: { $lte: at } } : {}),
    };
    const rows = await this.m.Entry.find(filter)
      .sort({ createdAt: -1, seq: -1 })
      .limit(limit)
      .lean();
    return rows.map(entryView);
  }

  async entryByKey(idempotencyKey: string) {
    return this.m.Entry.findOne({ idempotencyKey }).lean();
  }

  /** Every account's balance, streamed (accounts are keyed by member id). */
  async *streamBalances() {
    const cursor = this.m.Account.find({ balance: { $gt: 0 } }, { balance: 1 })
      .lean()
      .cursor({ batchSize: 10_000 });
    for await (const a of cursor) yield { memberId: a._id, balance: a.balance };
  }

  /** Accounts whose next lot expires in (now, until], with the points left in those lots. */
  async expiringBetween(now: Date, until: Date) {
    const rows = await this.m.Account.find(
      { nextExpiry: { $gt: now, $lte: until } },
      { nextExpiry: 1, lots: 1 },
    ).lean();
    return rows.flatMap((a) => {
      const at = a.nextExpiry!.getTime();
      const points = a.lots
        .filter((l) => l.remaining > 0 && l.expiresAt.getTime() === at)
        .reduce((sum, l) => sum + l.remaining, 0);
      return points > 0 ? [{ memberId: a._id, expiresAt: a.nextExpiry!, points }] : [];
    });
  }
}
