import { randomUUID } from 'node:crypto';
import { type Connection, Schema, Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { isDuplicateKey } from '../../lib/mongo-errors';
import { insertIgnoringDuplicates } from './bulk-store';
import type { Rejection } from './rows';

export interface ImportCounts {
  imported: number;
  duplicate: number;
  rejected: number;
  records: number;
}

/** One document per file (keyed by its sha256): where the last fully applied batch ended. */
export interface ImportRunDoc {
  _id: string;
  file: string;
  size: number;
  status: 'running' | 'done';
  /** Byte offset and line number where the next batch starts (0 = right after the header). */
  offset: number;
  line: number;
  counts: ImportCounts;
  /** The batch being applied: its start and the orderNos it found new, for a crash-resume. */
  pending: { offset: number; orderNos: string[] } | null;
  holder: string;
  heldUntil: Date;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

interface RejectionDoc extends Rejection {
  _id: Types.ObjectId;
  importId: string;
}

const runSchema = new Schema<ImportRunDoc>(
  {
    _id: String,
    file: String,
    size: Number,
    status: String,
    offset: Number,
    line: Number,
    counts: { imported: Number, duplicate: Number, rejected: Number, records: Number },
    pending: { type: Schema.Types.Mixed, default: null },
    holder: String,
    heldUntil: Date,
    startedAt: Date,
    updatedAt: Date,
    finishedAt: { type: Date, default: null },
  },
  { collection: 'import_runs', versionKey: false },
);

const rejectionSchema = new Schema<RejectionDoc>(
  { importId: String, line: Number, orderNo: String, reason: String },
  { collection: 'import_rejections', versionKey: false },
);
rejectionSchema.index({ importId: 1, line: 1 }, { unique: true });

export class ImportBusyError extends Error {}

const LEASE_MS = 2 * 60_000;
const ZERO: ImportCounts = { imported: 0, duplicate: 0, rejected: 0, records: 0 };

/**
 * Checkpoints and a lease for file imports: a batch's intent is written before its first
 * write and the checkpoint moves past it only once everything it does is applied, so a
 * killed import resumes at the first batch not fully applied. A rerun of a finished file
 * starts over (and finds every order already there).
 */
export class ImportCheckpoints {
  readonly Run;
  readonly Rejection;
  readonly holder = randomUUID();

  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.Run = conn.models.ImportRun ?? conn.model<ImportRunDoc>('ImportRun', runSchema);
    this.Rejection =
      conn.models.ImportRejection ?? conn.model<RejectionDoc>('ImportRejection', rejectionSchema);
  }

  private lease() {
    return new Date(this.clock.now().getTime() + LEASE_MS);
  }

  /** Takes the file's lease and returns where to continue (a fresh state after a finished run). */
  async begin(
    id: string,
    file: string,
    size: number,
    takeover = false,
  ): Promise<{ run: ImportRunDoc; resumed: boolean }> {
    const now = this.clock.now();
    const free = takeover ? {} : { $or: [{ heldUntil: { $lte: now } }, { holder: this.holder }] };
    let run: ImportRunDoc | null;
    try {
      run = await this.Run.findOneAndUpdate(
        { _id: id, ...free },
        {
          $set: { holder: this.holder, heldUntil: this.lease(), file, size },
          $setOnInsert: { status: 'done', offset: 0, line: 0, counts: ZERO, pending: null },
        },
        { upsert: true, returnDocument: 'after' },
      ).lean();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      run = null;
    }
    if (!run) {
      const held = await this.Run.findById(id).lean();
      throw new ImportBusyError(
        `another import of this file holds it until ${held?.heldUntil.toISOString()}; ` +
          'wait for it, or pass --takeover if that process is gone',
      );
    }
    if (run.status === 'running') return { run, resumed: run.offset > 0 || run.pending !== null };
    await this.Rejection.deleteMany({ importId: id });
    const fresh = { status: 'running' as const, offset: 0, line: 0, counts: ZERO, pending: null };
    const reset = { ...fresh, startedAt: now, updatedAt: now, finishedAt: null };
    await this.Run.updateOne({ _id: id, holder: this.holder }, { $set: reset });
    return { run: { ...run, ...reset }, resumed: false };
  }

  async intent(id: string, offset: number, orderNos: string[]): Promise<void> {
    await this.held(id, { pending: { offset, orderNos } });
  }

  /** Records the batch's rejections, then moves the checkpoint past it (one atomic update). */
  async advance(
    id: string,
    at: { offset: number; line: number },
    delta: ImportCounts,
    rejected: Rejection[],
  ): Promise<void> {
    const docs = rejected.map((r) => ({ _id: new Types.ObjectId(), importId: id, ...r }));
    await insertIgnoringDuplicates(this.Rejection.collection, docs);
    await this.held(id, { ...at, pending: null }, { $inc: incOf(delta) });
  }

  async finish(id: string): Promise<ImportRunDoc> {
    const now = this.clock.now();
    await this.held(id, { status: 'done', finishedAt: now, heldUntil: new Date(0) });
    return (await this.Run.findById(id).lean())!;
  }

  /** Lets the next run start at once (the checkpoint stays: it resumes from there). */
  async release(id: string): Promise<void> {
    await this.Run.updateOne(
      { _id: id, holder: this.holder },
      { $set: { heldUntil: new Date(0) } },
    );
  }

  rejections(id: string) {
    return this.Rejection.find({ importId: id }, { _id: 0, line: 1, orderNo: 1, reason: 1 })
      .sort({ line: 1 })
      .lean()
      .cursor();
  }

  private async held(id: string, set: Partial<ImportRunDoc>, extra: object = {}): Promise<void> {
    const r = await this.Run.updateOne(
      { _id: id, holder: this.holder },
      { $set: { heldUntil: this.lease(), updatedAt: this.clock.now(), ...set }, ...extra },
    );
    if (r.matchedCount !== 1) throw new ImportBusyError('lost the import lease to another process');
  }
}

const incOf = (d: ImportCounts) =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [`counts.${k}`, v]));
