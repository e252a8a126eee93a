import type { Types } from 'mongoose';
import type { Container } from '../../container';
import { type BulkStore, ID_CHUNK, inChunks } from './bulk-store';

type Id = Types.ObjectId;
type PaidHookFn = Container['services']['orders']['paidHooks'][number]['hook'];
type PaidHook = PaidHookFn & {
  bulk?: (
    pairs: Array<{ order: Parameters<PaidHookFn>[0]; member: Parameters<PaidHookFn>[1] }>,
  ) => Promise<unknown>;
};

/** Member totals and order hooks for many members at once. */
export class BulkTotals {
  constructor(
    private readonly c: Container,
    private readonly store: BulkStore,
  ) {}

  /** MembersService.addSpend for many members: one $inc each, no read. */
  async addSpend(rows: Array<{ id: Id; spend: number; n: number }>, now: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.store.Member.bulkWrite(
      rows.map((r) => ({
        updateOne: {
          filter: { _id: r.id },
          update: { $inc: { totalSpend: r.spend, orderCount: r.n }, $set: { updatedAt: now } },
        },
      })),
    );
  }

  /** OrdersService.recomputeTotals for many members: totals come from the orders, never drift. */
  async recompute(ids: Id[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    const rows = await inChunks(
      ids,
      (chunk) =>
        this.store.Order.aggregate<{ _id: Id; spend: number; n: number }>([
          { $match: { memberId: { $in: chunk } } },
          { $group: { _id: '$memberId', spend: { $sum: '$refundable' }, n: { $sum: 1 } } },
        ]),
      ID_CHUNK,
    );
    const by = new Map(rows.map((r) => [String(r._id), r]));
    await this.store.Member.bulkWrite(
      ids.map((id) => {
        const t = by.get(String(id));
        const totals = { totalSpend: t?.spend ?? 0, orderCount: t?.n ?? 0, updatedAt: now };
        return { updateOne: { filter: { _id: id }, update: { $set: totals } } };
      }),
    );
  }

  /** Other modules' order hooks (points, tasks…) see imported orders like API ones. */
  async runPaidHooks(orderNos: string[]): Promise<void> {
    const hooks = this.c.services.orders.paidHooks.map((h) => h.hook);
    if (hooks.length === 0 || orderNos.length === 0) return;
    const orders = await inChunks(orderNos, (nos) =>
      this.store.Order.find({ orderNo: { $in: nos } }).lean(),
    );
    const members = await inChunks(
      [...new Set(orders.map((o) => String(o.memberId)))],
      (ids) => this.store.Member.find({ _id: { $in: ids } }).lean(),
      ID_CHUNK,
    );
    const byId = new Map(members.map((m) => [String(m._id), m]));
    const pairs = orders.flatMap((o) => {
      const member = byId.get(String(o.memberId));
      return member ? [{ order: o, member }] : [];
    });
    for (const hook of hooks as PaidHook[]) {
      // A hook with a bulk form (points: one write per member, not per order) takes the batch.
      if (hook.bulk) await hook.bulk(pairs);
      else for (const p of pairs) await hook(p.order, p.member);
    }
  }
}
