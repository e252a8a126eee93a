import { randomUUID } from 'node:crypto';
import { type Connection, Schema } from 'mongoose';
import type { Clock } from '../lib/clock';
import { isDuplicateKey } from '../lib/mongo-errors';

interface LeaseDoc {
  _id: string;
  holder: string;
  until: Date;
  /** Resumable progress: the last key a run finished (jobs continue after it). */
  cursor: string | null;
  runId: string | null;
}

const schema = new Schema<LeaseDoc>(
  {
    _id: String,
    holder: String,
    until: Date,
    cursor: { type: String, default: null },
    runId: { type: String, default: null },
  },
  { collection: 'job_leases', versionKey: false },
);

/**
 * A lease document per job so two server instances never run the same job at once, plus a
 * cursor so a killed run resumes where it stopped. Exclusive inside one process too: a job
 * this instance holds (until its lease time, release or a lapsing checkpoint) is refused to a
 * second caller here, decided synchronously before any await so concurrent calls cannot both pass.
 */
export class JobLeases {
  private readonly Lease;
  readonly holder = randomUUID();
  /** Jobs this instance holds → the time their lease runs out. */
  private readonly held = new Map<string, number>();

  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.Lease = conn.models.JobLease ?? conn.model<LeaseDoc>('JobLease', schema);
  }

  /** Takes the lease if free or expired; returns the stored cursor, or null while it is held. */
  async acquire(job: string, ttlMs: number): Promise<{ cursor: string | null } | null> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + ttlMs);
    if ((this.held.get(job) ?? 0) > now.getTime()) return null;
    this.held.set(job, until.getTime());
    try {
      const doc = await this.Lease.findOneAndUpdate(
        { _id: job, until: { $lte: now } },
        { $set: { holder: this.holder, until } },
        { returnDocument: 'after', upsert: true },
      ).lean();
      if (!doc) this.held.delete(job);
      return doc ? { cursor: doc.cursor } : null;
    } catch (err) {
      this.held.delete(job);
      if (isDuplicateKey(err)) return null; // someone holds an unexpired lease
      throw err;
    }
  }

  async checkpoint(job: string, cursor: string | null, ttlMs: number): Promise<boolean> {
    const until = new Date(this.clock.now().getTime() + ttlMs);
    const r = await this.Lease.updateOne(
      { _id: job, holder: this.holder },
      { $set: { cursor, until } },
    );
    if (r.matchedCount === 1 && ttlMs > 0) this.held.set(job, until.getTime());
    else this.held.delete(job); // lapsed on purpose (ttl 0) or lost to another instance
    return r.matchedCount === 1;
  }

  async release(job: string): Promise<void> {
    this.held.delete(job);
    await this.Lease.updateOne(
      { _id: job, holder: this.holder },
      { $set: { until: new Date(0), cursor: null } },
    );
  }
}
