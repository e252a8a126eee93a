import { baseTier, growthForSpend, windowStart } from '@circles/shared';
import { Types } from 'mongoose';
import type { Container } from '../../container';
import type { Ladder } from '../tiers';
import { BulkStore, inChunks } from './bulk-store';
import { RunCache } from './cache';
import { MemberResolver, type NewMember } from './members.bulk';
import type { PreparedOrder, Rejection } from './rows';
import { BulkTierEvaluator } from './tiers.bulk';
import { BulkTotals } from './totals.bulk';

type Id = Types.ObjectId;

export type ImportStep = 'members' | 'orders' | 'growth' | 'totals' | 'tiers';

export interface ApplyOptions {
  /** Orders a crashed attempt at this batch already inserted: count them as imported and redo their effects. */
  recovered?: ReadonlySet<string>;
  /** Called with the orderNos about to be inserted, before any write (the resume intent). */
  beforeWrite?: (newOrderNos: string[]) => Promise<void>;
  /** Test hook: runs before each write step (throw to simulate a crash there). */
  beforeStep?: (step: ImportStep) => void | Promise<void>;
}

export interface ApplyResult {
  imported: number;
  duplicate: number;
  rejected: Rejection[];
}

interface Effect {
  orderNo: string;
  memberId: Id;
  amount: number;
  paidAt: Date;
}

type Existing = Effect & { bodyHash: string };

/** A batch after its reads (existing orders, members): what `write` will insert. */
export interface ReadBatch {
  out: ApplyResult;
  ladder: Ladder;
  fresh: Map<string, PreparedOrder>;
  recovered?: ReadonlySet<string>;
  effects: Effect[];
  toInsert: Array<{ o: PreparedOrder; memberId: Id }>;
  creates: NewMember[];
}

const EXISTING = { orderNo: 1, bodyHash: 1, memberId: 1, amount: 1, paidAt: 1 };

const conflict = (o: PreparedOrder): Rejection => ({
  line: o.line,
  orderNo: o.body.orderNo,
  reason: `ORDER_CONFLICT: order ${o.body.orderNo} already exists with a different body`,
});

/**
 * OrdersService.create for a batch of orders, with the same rules and idempotency keys:
 * unique orderNo (same body = duplicate, different body = rejected as a conflict), members
 * found or created by identity, a growth entry keyed `order:<orderNo>`, member totals, the
 * onPaid hooks, then one tier evaluation per touched member. `read` only looks things up and
 * writes identity rows, so the importer runs it for the next batch while `write` runs.
 */
export class BulkOrderWriter {
  readonly store: BulkStore;
  readonly cache = new RunCache();
  readonly resolver: MemberResolver;
  private readonly tiers: BulkTierEvaluator;
  private readonly totals: BulkTotals;
  private readonly newOrder;
  private readonly newGrowth;

  constructor(private readonly c: Container) {
    this.store = new BulkStore(c);
    this.resolver = new MemberResolver(c, this.store, this.cache);
    this.tiers = new BulkTierEvaluator(c, this.store, this.cache);
    this.totals = new BulkTotals(c, this.store);
    this.newOrder = this.store.Order.make;
    this.newGrowth = this.store.GrowthEntry.make;
  }

  async apply(orders: PreparedOrder[], opts: ApplyOptions = {}): Promise<ApplyResult> {
    return this.write(await this.read(orders, opts.recovered), opts);
  }

  private settle(b: ReadBatch, existing: Existing): void {
    const o = b.fresh.get(existing.orderNo)!;
    b.fresh.delete(existing.orderNo);
    if (existing.bodyHash !== o.bodyHash) b.out.rejected.push(conflict(o));
    else if (b.recovered?.has(o.body.orderNo)) {
      b.out.imported++;
      b.effects.push(existing);
    } else b.out.duplicate++;
  }

  async read(orders: PreparedOrder[], recovered?: ReadonlySet<string>): Promise<ReadBatch> {
    const out: ApplyResult = { imported: 0, duplicate: 0, rejected: [] };
    const ladder = await this.c.services.tiers.ladder();
    const b: ReadBatch = {
      out,
      ladder,
      fresh: new Map(),
      recovered,
      effects: [],
      toInsert: [],
      creates: [],
    };
    for (const o of orders) {
      const seen = b.fresh.get(o.body.orderNo);
      if (!seen) b.fresh.set(o.body.orderNo, o);
      else if (seen.bodyHash === o.bodyHash) out.duplicate++;
      else out.rejected.push(conflict(o));
    }
    const found = await inChunks([...b.fresh.keys()], (nos) =>
      this.store.Order.find({ orderNo: { $in: nos } }, EXISTING).lean(),
    );
    for (const e of found) this.settle(b, e);

    const candidates = [...b.fresh.values()];
    const { ids, creates } = await this.resolver.resolve(
      candidates.map((o) => ({ ref: o.body.member, source: o.body.channel })),
    );
    b.creates = creates;
    for (const o of candidates) {
      const memberId = ids.get(this.resolver.refKey(o.body.member));
      if (memberId) b.toInsert.push({ o, memberId });
      else {
        b.fresh.delete(o.body.orderNo);
        out.rejected.push({
          line: o.line,
          orderNo: o.body.orderNo,
          reason: `MEMBER_NOT_FOUND: member.memberNo ${o.body.member.memberNo} does not exist`,
        });
      }
    }
    return b;
  }

  async write(b: ReadBatch, opts: ApplyOptions = {}): Promise<ApplyResult> {
    const step = async (s: ImportStep) => opts.beforeStep?.(s);
    const { out, ladder, creates } = b;
    await opts.beforeWrite?.(b.toInsert.map((x) => x.o.body.orderNo));

    // New members are written with their totals and tier: all their orders are in this batch.
    await step('members');
    const now = this.c.clock.now();
    const isNew = new Map(creates.map((n) => [String(n._id), n]));
    const windowFrom = windowStart(now);
    const newGrowth = new Map<string, number>();
    for (const { o, memberId } of b.toInsert) {
      const n = isNew.get(String(memberId));
      if (!n || n.healed) continue;
      n.totalSpend = (n.totalSpend ?? 0) + o.body.amount;
      n.orderCount = (n.orderCount ?? 0) + 1;
      if (o.body.paidAt <= windowFrom) continue;
      const g = growthForSpend(o.body.amount, ladder.growthPerYuan);
      newGrowth.set(String(memberId), (newGrowth.get(String(memberId)) ?? 0) + g);
    }
    await this.tiers.upgradeNew(creates, newGrowth, ladder);
    await this.resolver.createMembers(creates, baseTier(ladder.tiers).code);

    await step('orders');
    const docs = b.toInsert.map(({ o, memberId }) =>
      this.newOrder({
        _id: new Types.ObjectId(),
        orderNo: o.body.orderNo,
        memberId,
        channel: o.body.channel,
        storeCode: o.body.storeCode ?? null,
        consultantUserId: o.body.consultantUserId ?? null,
        paidAt: o.body.paidAt,
        amount: o.body.amount,
        refundable: o.body.amount,
        items: o.body.items,
        bodyHash: o.bodyHash,
        createdAt: now,
      }),
    );
    const lost = await this.store.Order.insertNew(docs);
    // Members whose totals can't be taken from this batch alone are recomputed from the orders.
    const stale = new Map<string, Id>();
    for (const [i, d] of docs.entries()) {
      if (lost.has(i)) stale.set(String(d.memberId), d.memberId);
      else {
        out.imported++;
        b.effects.push(d);
      }
    }
    if (lost.size) {
      // Written by someone else between our check and insert: judge them like any replay.
      const raced = await inChunks(
        docs.filter((_, i) => lost.has(i)).map((d) => d.orderNo),
        (nos) => this.store.Order.find({ orderNo: { $in: nos } }, EXISTING).lean(),
      );
      for (const e of raced) this.settle(b, e);
    }

    await step('growth');
    const growthDocs = b.effects.map((e) =>
      this.newGrowth({
        _id: new Types.ObjectId(),
        memberId: e.memberId,
        delta: growthForSpend(e.amount, ladder.growthPerYuan),
        reason: 'order',
        sourceType: 'order',
        sourceId: e.orderNo,
        earnedAt: e.paidAt,
        idempotencyKey: `order:${e.orderNo}`,
        createdAt: now,
      }),
    );
    await this.store.GrowthEntry.insertNew(growthDocs);
    for (const g of growthDocs) {
      this.cache.members.get(String(g.memberId))?.growth.push(g.earnedAt.getTime(), g.delta);
    }

    await step('totals');
    // New members got theirs at insert; members whose orders may have been counted before (a
    // resumed batch, a healed member, a lost race) are recomputed from the orders; the rest
    // add this batch's orders with one $inc (MembersService.addSpend), which needs no read.
    for (const e of b.effects) {
      if (b.recovered?.has(e.orderNo)) stale.set(String(e.memberId), e.memberId);
    }
    for (const n of creates) if (n.healed) stale.set(String(n._id), n._id);
    const added = new Map<string, { id: Id; spend: number; n: number }>();
    for (const e of b.effects) {
      const key = String(e.memberId);
      if (stale.has(key) || isNew.has(key)) continue;
      const a = added.get(key) ?? { id: e.memberId, spend: 0, n: 0 };
      a.spend += e.amount;
      a.n++;
      added.set(key, a);
    }
    await this.totals.addSpend([...added.values()], now);
    await this.totals.recompute([...stale.values()], now);
    await this.totals.runPaidHooks(b.effects.map((e) => e.orderNo));

    await step('tiers');
    const touched = new Map<string, Id>(b.effects.map((e) => [String(e.memberId), e.memberId]));
    await this.tiers.evaluate([...touched.values()], ladder);
    return out;
  }
}
