import type { AnyBulkWriteOperation, Model, QueryFilter, Types, UpdateQuery } from 'mongoose';
import { isDuplicateKey } from './mongo-errors';

/** What every entry of a sequenced ledger carries; the rest is the ledger's own business. */
export interface SequencedEntry {
  _id: Types.ObjectId;
  memberId: Types.ObjectId;
  seq: number;
  idempotencyKey: string;
}

/** The balance document: the ledger folded up to `seq`. */
export interface SequencedAccount {
  _id: Types.ObjectId; // the member id
  seq: number;
}

/** An entry as planned, before the database gives it an id and a timestamp. */
export type Planned<E> = Omit<E, '_id' | 'createdAt'> & Omit<SequencedEntry, '_id'>;
/** The account fields an entry changes (everything but the identity and the sequence). */
export type AccountState<A> = Omit<A, '_id' | 'seq'>;

/** An account moved forward by some entries, and the $set that moves it there. */
export interface Advanced<A extends SequencedAccount> {
  account: A;
  set: AccountState<A> & { seq: number };
}

export interface PostResult<E> {
  entry: E;
  created: boolean;
}

/** Test seam: lets a test "crash" between writing an entry and applying it. */
export interface LedgerFaults<E> {
  afterInsert?(entry: E): Promise<void>;
}

/** What a concrete ledger (points, wallet) tells the protocol about its documents. */
export interface LedgerSpec<A extends SequencedAccount, E extends SequencedEntry> {
  /** Named in the "planned against another state" error. */
  name: string;
  Entry: Model<E>;
  Account: Model<A>;
  /** The account of a member who has no entries yet (seq 0). */
  empty(memberId: Types.ObjectId): A;
  /**
   * Every state field of the account once `entry` is applied to `account`, the state it was
   * planned on; exactly these (and seq) are written, so the update never carries stale reads.
   */
  fold(account: A, entry: Planned<E>): AccountState<A>;
  /** Thrown when a write could not claim a sequence number after every attempt. */
  busy(): Error;
}

const MAX_ATTEMPTS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Mongoose cannot resolve its filter, create and lean types over an unresolved generic
// document, so queries state them explicitly; the fields named are fixed by the two bases.
type Creatable<E> = Parameters<Model<E>['create']>[0];
const byKeyFilter = <E>(idempotencyKey: string) => ({ idempotencyKey }) as QueryFilter<E>;
const atSeq = <E>(memberId: Types.ObjectId, seq: number) => ({ memberId, seq }) as QueryFilter<E>;
const accountAt = <A>(id: Types.ObjectId, seq: number) => ({ _id: id, seq }) as QueryFilter<A>;

/**
 * The ledger protocol shared by points and wallet. Every member's entries carry a gap-free
 * sequence number under a unique index {memberId, seq}, every entry a unique idempotency key,
 * and the account document remembers the last applied seq. Writing an entry is:
 *
 *   1. read the account at seq s;
 *   2. plan the entry against it and insert it with seq s + 1 — the unique indexes let exactly
 *      one writer claim s + 1, and one writer per idempotency key;
 *   3. apply it with ONE conditional update: {_id, seq: s} → $set the state after, seq s + 1.
 *
 * The entry is written before the balance moves and holds everything needed to apply it; its
 * apply only matches while the account is still at s, so it happens exactly once however many
 * processes try. If a process dies between 2 and 3, the next writer for that member collides
 * on s + 1 (or, refused, looks for it), completes the pending entry and carries on; a retry
 * with the same key finds the entry and completes it too. The seq condition is stronger than
 * `balance >= cost`: a debit was checked against the exact state it is applied to.
 */
export class SequencedLedger<A extends SequencedAccount, E extends SequencedEntry> {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly spec: LedgerSpec<A, E>,
    /** Read at every write (not copied), so a test can set and clear a fault in place. */
    readonly faults: LedgerFaults<E> = {},
  ) {}

  async account(memberId: Types.ObjectId): Promise<A> {
    const found = await this.spec.Account.findById(memberId).lean<A>();
    return found ?? this.spec.empty(memberId);
  }

  /** Several members' accounts in one read, in the order of `ids`. */
  async accounts(ids: Types.ObjectId[]): Promise<A[]> {
    const found = await this.spec.Account.find({ _id: { $in: ids } } as QueryFilter<A>).lean<A[]>();
    const byId = new Map(found.map((a) => [String(a._id), a]));
    return ids.map((id) => byId.get(String(id)) ?? this.spec.empty(id));
  }

  /** The entry written under a key, completed first so the account reflects it. */
  async byKey(idempotencyKey: string): Promise<E | null> {
    const entry = await this.entryByKey(idempotencyKey);
    if (entry) await this.complete(entry);
    return entry;
  }

  /**
   * Writes one entry once per idempotency key; a replay completes and returns the first.
   * `plan` runs against the exact account state the entry will be applied to and may throw to
   * refuse; it runs again whenever another writer got to the next seq first.
   */
  post(
    memberId: Types.ObjectId,
    idempotencyKey: string,
    plan: (account: A) => Planned<E> | Promise<Planned<E>>,
  ): Promise<PostResult<E>> {
    return this.serial(String(memberId), () => this.write(memberId, idempotencyKey, plan));
  }

  private async write(
    memberId: Types.ObjectId,
    idempotencyKey: string,
    plan: (account: A) => Planned<E> | Promise<Planned<E>>,
  ): Promise<PostResult<E>> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Key, then account, not both at once: on the embedded engine two reads in flight per
      // writer measured slower under many concurrent writers (bench:wallet), and a replay
      // needs no account read.
      const first = await this.entryByKey(idempotencyKey);
      if (first) {
        await this.complete(first);
        return { entry: first, created: false };
      }
      const account = await this.account(memberId);
      let planned: Planned<E>;
      try {
        planned = await plan(account);
      } catch (err) {
        // A refusal must be judged on the latest state: a crashed writer may have left the
        // next entry written but unapplied (a credit this debit could spend). Finish it first.
        if (!(await this.completePending(memberId, account.seq))) throw err;
        continue;
      }
      this.expectNext(account, planned);
      try {
        const doc = (await this.spec.Entry.create(planned as Creatable<E>)).toObject() as E;
        await this.faults.afterInsert?.(doc);
        await this.apply(doc, account);
        return { entry: doc, created: true };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Either the key was used meanwhile (next round replays it) or another writer holds
        // seq s + 1: finish its entry so the account moves on, then plan again.
        await this.completePending(memberId, account.seq);
        if (attempt > 2) await sleep(Math.random() * Math.min(2 ** attempt, 25));
      }
    }
    throw this.spec.busy();
  }

  /**
   * Writes several entries for one member with one insert and one account update (imports):
   * `plan` runs for each item whose key is not written yet (a key given twice counts once, as
   * its first item) against the account as the items before it leave it, giving s+1…s+k; one
   * conditional update then moves the account from s to s+k. If the insert is cut short, the
   * next writer completes the inserted entries one by one. Returns how many entries were new.
   */
  postMany<I extends { idempotencyKey: string }>(
    memberId: Types.ObjectId,
    items: I[],
    plan: (account: A, item: I) => Planned<E>,
  ): Promise<number> {
    const keys = items.map((i) => i.idempotencyKey);
    return this.serial(String(memberId), async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const [found, account] = await Promise.all([
          this.spec.Entry.find({ idempotencyKey: { $in: keys } } as QueryFilter<E>, {
            idempotencyKey: 1,
            seq: 1,
          }).lean<Pick<E, 'idempotencyKey' | 'seq'>[]>(),
          this.account(memberId),
        ]);
        // One of ours is written but unapplied: apply the pending entries before planning.
        if (found.some((e) => e.seq > account.seq)) {
          await this.completePending(memberId, account.seq);
          continue;
        }
        const seen = new Set(found.map((e) => e.idempotencyKey));
        const docs: Planned<E>[] = [];
        let at: Advanced<A> | null = null;
        for (const item of items) {
          if (seen.has(item.idempotencyKey)) continue;
          seen.add(item.idempotencyKey);
          const doc = plan(at?.account ?? account, item);
          at = this.advance(at?.account ?? account, [doc]);
          docs.push(doc);
        }
        if (!at) return 0;
        try {
          await this.spec.Entry.insertMany(docs, { ordered: true });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
          await this.completePending(memberId, account.seq);
          continue;
        }
        await this.move(account, at);
        return docs.length;
      }
      throw this.spec.busy();
    });
  }

  /** Applies an entry unless the account has already moved past it. */
  async complete(entry: E): Promise<void> {
    const account = await this.account(entry.memberId);
    if (account.seq >= entry.seq) return;
    await this.apply(entry, account);
  }

  /**
   * The account after `entries` (s+1, s+2, …) are applied in order to `account` (at s), and
   * the fields that move it there.
   */
  advance(account: A, entries: Planned<E>[]): Advanced<A> {
    let at = account;
    let set: Advanced<A>['set'] | null = null;
    for (const e of entries) {
      this.expectNext(at, e);
      set = { ...this.spec.fold(at, e), seq: e.seq };
      at = { ...at, ...set };
    }
    if (!set) throw new Error(`${this.spec.name}: nothing to apply`);
    return { account: at, set };
  }

  /** The one conditional update that moves an account from `from.seq` on, as a bulk op. */
  moveOp(from: A, to: Advanced<A>): AnyBulkWriteOperation<A> {
    return {
      updateOne: {
        filter: accountAt<A>(from._id, from.seq),
        update: { $set: to.set } as UpdateQuery<A>,
        upsert: from.seq === 0,
      },
    } as AnyBulkWriteOperation<A>;
  }

  /**
   * One writer per member at a time within this process. Correctness never depends on it (the
   * unique seq does that across instances); it only spares a hot member's concurrent requests
   * the collide-and-retry rounds, which otherwise cost more than the writes themselves.
   */
  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private async entryByKey(idempotencyKey: string): Promise<E | null> {
    return this.spec.Entry.findOne(byKeyFilter<E>(idempotencyKey)).lean<E>();
  }

  /** Applies the entry after `seq` if one was written; false when there is none. */
  private async completePending(memberId: Types.ObjectId, seq: number): Promise<boolean> {
    const pending = await this.spec.Entry.findOne(atSeq<E>(memberId, seq + 1)).lean<E>();
    if (pending) await this.complete(pending);
    return pending !== null;
  }

  private async apply(entry: E, account: A): Promise<void> {
    await this.move(account, this.advance(account, [entry]));
  }

  private expectNext(account: A, entry: Planned<E>): void {
    if (entry.seq !== account.seq + 1) {
      throw new Error(`${this.spec.name} entry ${entry.seq} planned against another account state`);
    }
  }

  private async move(from: A, to: Advanced<A>): Promise<void> {
    try {
      await this.spec.Account.updateOne(
        accountAt<A>(from._id, from.seq),
        { $set: to.set } as UpdateQuery<A>,
        { upsert: from.seq === 0 },
      );
    } catch (err) {
      // Upserting seq 1 raced with another completer that created the account: applied.
      if (!isDuplicateKey(err)) throw err;
    }
  }
}
