import type { Types } from 'mongoose';
import type { TestApp } from './helpers/app';

/** The wallet's invariant: both buckets and the balance equal the sums of the ledger. */
export async function expectLedgerMatches(t: TestApp, memberId: Types.ObjectId | string) {
  const { wallet } = t.container.services;
  const id = typeof memberId === 'string' ? memberId : String(memberId);
  const entries = await wallet.m.Entry.find({ memberId: id }).sort({ seq: 1 }).lean();
  const acc = await wallet.ledger.account(entries[0]?.memberId ?? (memberId as Types.ObjectId));
  const sum = (f: (e: (typeof entries)[number]) => number) => entries.reduce((s, e) => s + f(e), 0);
  const fromLedger = {
    balance: sum((e) => e.delta),
    principal: sum((e) => e.principalDelta),
    bonus: sum((e) => e.bonusDelta),
    seq: entries.length,
  };
  expect({
    balance: acc.balance,
    principal: acc.principal,
    bonus: acc.bonus,
    seq: acc.seq,
  }).toEqual(fromLedger);
  expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  expect(Math.min(acc.principal, acc.bonus)).toBeGreaterThanOrEqual(0);
  return acc;
}
