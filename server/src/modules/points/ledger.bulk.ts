import type { Types } from 'mongoose';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { Advanced, Planned } from '../../lib/sequenced-ledger';
import type { PointsLedger, PostInput } from './ledger';
import type { PointsAccountDoc, PointsEntryDoc, PointsModels } from './points.model';

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
    ledger.protocol.accounts(ids),
  ]);
  const seen = new Set(found.map((e) => e.idempotencyKey));
  const byId = new Map(accounts.map((a) => [String(a._id), a]));
  const plans = new Map<string, { from: PointsAccountDoc; to: Advanced<PointsAccountDoc> }>();
  const docs: Planned<PointsEntryDoc>[] = [];
  for (const input of inputs) {
    if (seen.has(input.idempotencyKey)) continue;
    seen.add(input.idempotencyKey);
    const key = String(input.memberId);
    const from = byId.get(key)!;
    const at = plans.get(key)?.to.account ?? from;
    const e = ledger.plan(input, at);
    docs.push(e);
    plans.set(key, { from, to: ledger.protocol.advance(at, [e]) });
  }
  if (docs.length === 0) return 0;
  const fallback = async () => {
    for (const id of ids) await perMember(ledger, id, inputs);
  };
  try {
    await m.Entry.insertMany(docs, { ordered: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await fallback();
    return docs.length; // at most; the per-member path wrote what was missing
  }
  const ops = [...plans.values()].map((p) => ledger.protocol.moveOp(p.from, p.to));
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

function perMember(ledger: PointsLedger, id: Types.ObjectId, inputs: PostInput[]) {
  return ledger.creditMany(
    id,
    inputs.filter((i) => String(i.memberId) === String(id)),
  );
}
