// The behaviour every sequenced ledger (points, wallet) must show, as one jest suite that each
// ledger's test file runs against its own adapter. Test-only: imported by *.test.ts files.
import { type Connection, Types } from 'mongoose';
import { testConfig } from '../config';
import { type Database, openDatabase } from '../db';
import { createLogger } from './logger';
import type { LedgerFaults, SequencedEntry } from './sequenced-ledger';

export interface PostOutcome {
  id: string;
  created: boolean;
  delta: number;
}

/** What the suite needs of one ledger; amounts are in the ledger's own unit. */
export interface LedgerHandle {
  credit(memberId: Types.ObjectId, amount: number, key: string): Promise<PostOutcome>;
  /** Refuses with `insufficientCode` when the balance does not cover `amount`. */
  debit(memberId: Types.ObjectId, amount: number, key: string): Promise<PostOutcome>;
  faults: LedgerFaults<SequencedEntry>;
}

/** One ledger's models registered on the suite's connection. */
export interface BoundLedger {
  /** A new ledger over the same models; each one stands for one server instance. */
  open(): LedgerHandle;
  /** The account (balance, seq) and every entry written for the member, applied or not. */
  snapshot(
    memberId: Types.ObjectId,
  ): Promise<{ balance: number; seq: number; entries: { seq: number; delta: number }[] }>;
  /** The ledger's own invariant beyond balance == Σ deltas (Σ lots, principal + bonus). */
  expectOwnInvariant(memberId: Types.ObjectId): Promise<void>;
}

export interface LedgerSubject {
  insufficientCode: string;
  bind(conn: Connection): BoundLedger;
}

/** Runs the shared ledger protocol suite against one ledger. */
export function describeLedgerContract(name: string, subject: LedgerSubject): void {
  describe(`${name}: the sequenced ledger protocol`, () => {
    let db: Database;
    let bound: BoundLedger;
    let ledger: LedgerHandle;
    beforeAll(async () => {
      const config = testConfig({ mongodbUri: process.env.MONGODB_URI });
      db = await openDatabase(config, createLogger({ level: 'silent' }));
      if (!db.connection) throw new Error(db.message);
      bound = subject.bind(db.connection);
      ledger = bound.open();
      // The unique indexes are the protocol's locks: they must exist before the first race.
      await Promise.all(Object.values(db.connection.models).map((m) => m.init()));
    });
    afterAll(() => db.close());
    afterEach(() => {
      ledger.faults.afterInsert = undefined;
    });

    /** Every entry applied, gap-free, and the balance equals their sum. */
    async function expectSettled(memberId: Types.ObjectId, balance: number) {
      const s = await bound.snapshot(memberId);
      expect(s.entries.map((e) => e.seq)).toEqual(s.entries.map((_, i) => i + 1));
      expect(s.seq).toBe(s.entries.length);
      expect(s.balance).toBe(s.entries.reduce((sum, e) => sum + e.delta, 0));
      expect(s.balance).toBe(balance);
      await bound.expectOwnInvariant(memberId);
    }
    const crashOnce = () => {
      ledger.faults.afterInsert = async () => {
        ledger.faults.afterInsert = undefined;
        throw new Error('crashed after insert');
      };
    };

    it('keeps balance equal to the sum of its entries after every operation', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 100, `${id}:c1`);
      await expectSettled(id, 100);
      expect(await ledger.debit(id, 30, `${id}:d1`)).toMatchObject({ created: true, delta: -30 });
      await expectSettled(id, 70);
      await ledger.credit(id, 5, `${id}:c2`);
      await expectSettled(id, 75);
      await ledger.debit(id, 75, `${id}:d2`);
      await expectSettled(id, 0);
    });

    it('answers a replayed key with the first entry and writes nothing new', async () => {
      const id = new Types.ObjectId();
      const first = await ledger.credit(id, 10, `${id}:once`);
      const again = await ledger.credit(id, 999, `${id}:once`);
      expect(again).toEqual({ ...first, created: false });
      const debit = await ledger.debit(id, 4, `${id}:d`);
      expect(await ledger.debit(id, 4, `${id}:d`)).toEqual({ ...debit, created: false });
      await expectSettled(id, 6);
    });

    it('refuses a debit above the balance and changes nothing', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 10, `${id}:c`);
      await expect(ledger.debit(id, 11, `${id}:d`)).rejects.toMatchObject({
        code: subject.insufficientCode,
      });
      await expectSettled(id, 10);
      // The refused key stays free: the same key succeeds once the balance covers it.
      await ledger.credit(id, 1, `${id}:c2`);
      expect(await ledger.debit(id, 11, `${id}:d`)).toMatchObject({ created: true });
      await expectSettled(id, 0);
    });

    it('totals 50 concurrent credits and debits on one account exactly', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 1_000, `${id}:float`);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 2 ? ledger.debit(id, 7, `${id}:d${i}`) : ledger.credit(id, 11, `${id}:c${i}`),
        ),
      );
      expect(results.every((r) => r.created)).toBe(true);
      await expectSettled(id, 1_000 + 25 * 11 - 25 * 7);
    });

    it('lets exactly one of 40 concurrent debits through when the balance covers one', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 50, `${id}:c`);
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => ledger.debit(id, 50, `${id}:d${i}`)),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason.code).toBe(subject.insufficientCode);
      }
      await expectSettled(id, 0);
    });

    it('stays exact when several instances race on one account (no shared queue)', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 100, `${id}:c`);
      const instances = Array.from({ length: 4 }, () => bound.open());
      const results = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => {
          const l = instances[i % 4]!;
          return i % 4 === 0 ? l.credit(id, 5, `${id}:c${i}`) : l.debit(id, 5, `${id}:d${i}`);
        }),
      );
      let expected = 100;
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason.code).toBe(subject.insufficientCode);
        else expected += r.value.delta;
      }
      await expectSettled(id, expected);
    });

    it('has the next writer finish an entry a crashed writer left unapplied', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 10, `${id}:c1`);
      crashOnce();
      await expect(ledger.credit(id, 5, `${id}:c2`)).rejects.toThrow('crashed');
      const pending = await bound.snapshot(id);
      expect({ balance: pending.balance, seq: pending.seq }).toEqual({ balance: 10, seq: 1 });
      expect(pending.entries).toHaveLength(2); // written, not yet applied
      // Only the pending credit covers this debit: refusing it on the stale state would be wrong.
      await ledger.debit(id, 15, `${id}:d`);
      await expectSettled(id, 0);
    });

    it('has a retry with the same key finish its own unapplied entry, once', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 20, `${id}:c1`);
      crashOnce();
      await expect(ledger.debit(id, 8, `${id}:d`)).rejects.toThrow('crashed');
      const retry = await ledger.debit(id, 8, `${id}:d`);
      expect(retry).toMatchObject({ created: false, delta: -8 });
      expect(await ledger.debit(id, 8, `${id}:d`)).toEqual(retry);
      await expectSettled(id, 12);
    });

    it('repairs a crash while other writers pile onto the same account', async () => {
      const id = new Types.ObjectId();
      await ledger.credit(id, 10, `${id}:c0`);
      crashOnce();
      await expect(ledger.credit(id, 30, `${id}:c1`)).rejects.toThrow('crashed');
      const other = bound.open();
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => other.debit(id, 4, `${id}:d${i}`)),
        ledger.credit(id, 30, `${id}:c1`),
      ]);
      await expectSettled(id, 0);
    });
  });
}
