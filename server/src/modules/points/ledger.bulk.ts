import { applyToState, nextExpiry, type PointsState } from '@circles/shared';
import type { AnyBulkWriteOperation } from 'mongoose';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { PointsLedger, PostInput } from './ledger';
import type { PointsAccountDoc, PointsEntryDoc, PointsModels } from './points.model';

type Planned = Omit<PointsEntryDoc, '_id' | 'createdAt'>;

/**
 * Credits for many members in a few round trips (a batch of imported orders): read every
 * account and key at once, insert all entries, then one conditional update per account in one
 * bulk write. The same seq protocol as PointsLedger.post, so a concurrent writer makes a
 * member's insert or update miss; then every member of the batch goes through the per-member
 * path, which skips keys already written and completes pending entries. Returns new entries.
 */
export async function creditAcross(
  ledger: PointsLedger,
  m: PointsModels,
  inputs: PostInput[],
): Promise<number> {
  if (inputs.length === 0) return 0;
  const ids = [...new Map(inputs.map((i) => [String(i.memberId), i.memberId])).values()];
  const [found, accounts] = await Promise.all([
    m.Entry.find(
      { idempotencyKey: { $in: inputs.map((i) => i.idempotencyKey) } },
      { idempotencyKey: 1 },
    ).lean(),
    m.Account.find({ _id: { $in: ids } }).lean(),
  ]);
  const seen = new Set(found.map((e) => e.idempotencyKey));
  const byId = new Map(accounts.map((a) => [String(a._id), a]));
  const plans = new Map<string, { from: PointsAccountDoc; state: PointsState; seq: number }>();
  const docs: Planned[] = [];
  for (const input of inputs) {
    if (seen.has(input.idempotencyKey)) continue;
    seen.add(input.idempotencyKey);
    const key = String(input.memberId);
    const from = byId.get(key) ?? {
      _id: input.memberId,
      seq: 0,
      balance: 0,
      lots: [],
      nextExpiry: null,
    };
    const p = plans.get(key) ?? { from, state: from, seq: from.seq };
    const e = ledger.plan(input, { ...from, seq: p.seq, balance: p.state.balance });
    docs.push(e);
    plans.set(key, { from, state: applyToState(p.state, e), seq: e.seq });
  }
  if (docs.length === 0) return 0;
  const fallback = async () => {
    let created = 0;
    for (const id of ids) {
      const mine = inputs.filter((i) => String(i.memberId) === String(id));
      created += await ledger.creditMany(id, mine);
    }
    return created;
  };
  try {
    await m.Entry.insertMany(docs, { ordered: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await fallback();
    return docs.length; // at most; the per-member path wrote what was missing
  }
  const ops: AnyBulkWriteOperation<PointsAccountDoc>[] = [...plans.values()].map((p) => ({
    updateOne: {
      filter: { _id: p.from._id, seq: p.from.seq },
      update: {
        $set: {
          seq: p.seq,
          balance: p.state.balance,
          lots: p.state.lots,
          nextExpiry: nextExpiry(p.state.lots),
        },
      },
      upsert: p.from.seq === 0,
    },
  }));
  let matched = 0;
  try {
    const r = await m.Account.bulkWrite(ops, { ordered: false });
    matched = r.matchedCount + r.upsertedCount;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // A miss means someone else moved an account: the per-member path finishes our entries.
  if (matched !== ops.length) await fallback();
  return docs.length;
}
