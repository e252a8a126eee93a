import type { AlertKind, AlertSeverity, AlertView } from '@circles/shared';
import { type Connection, Schema, type Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';

export interface AlertDoc {
  _id: Types.ObjectId;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  detail: string;
  memberId: Types.ObjectId | null;
  tierCode: string | null;
  perkCode: string | null;
  dedupeKey: string;
  status: 'open' | 'acknowledged';
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

const schema = new Schema<AlertDoc>(
  {
    kind: { type: String, required: true },
    severity: { type: String, required: true },
    title: String,
    detail: String,
    memberId: { type: Schema.Types.ObjectId, default: null },
    tierCode: { type: String, default: null },
    perkCode: { type: String, default: null },
    dedupeKey: { type: String, required: true },
    status: { type: String, default: 'open' },
    createdAt: Date,
    acknowledgedAt: { type: Date, default: null },
    acknowledgedBy: { type: String, default: null },
  },
  { collection: 'alerts', versionKey: false },
);
// The index, not application code, makes raise() idempotent across retries and instances.
schema.index({ dedupeKey: 1 }, { unique: true });
schema.index({ status: 1, createdAt: -1 });
schema.index({ memberId: 1, status: 1 });
schema.index({ kind: 1, createdAt: 1 });

export interface RaiseAlert {
  kind: AlertKind;
  memberId?: Types.ObjectId;
  tierCode?: string;
  perkCode?: string;
  severity: AlertSeverity;
  title: string;
  detail: string;
  dedupeKey: string;
}

export interface AlertFilter {
  status?: 'open' | 'acknowledged';
  kind?: AlertKind;
  memberId?: Types.ObjectId;
}

/** Alerts for ops and consultants, one per dedupe key however often a condition is seen. */
export class AlertsService {
  readonly Alert;
  /** Resolves member numbers for views; set by the module builder. */
  memberNoOf: (ids: Types.ObjectId[]) => Promise<Map<string, string>> = async () => new Map();

  constructor(
    conn: Connection,
    private readonly clock: Clock,
  ) {
    this.Alert = conn.model<AlertDoc>('Alert', schema);
  }

  /** Idempotent by dedupeKey: the first call stores the alert, later calls return it unchanged. */
  async raise(input: RaiseAlert): Promise<{ created: boolean; alert: AlertDoc }> {
    const doc = {
      kind: input.kind,
      severity: input.severity,
      title: input.title,
      detail: input.detail,
      memberId: input.memberId ?? null,
      tierCode: input.tierCode ?? null,
      perkCode: input.perkCode ?? null,
      dedupeKey: input.dedupeKey,
    };
    try {
      const created = await this.Alert.create({
        ...doc,
        status: 'open',
        createdAt: this.clock.now(),
        acknowledgedAt: null,
        acknowledgedBy: null,
      });
      return { created: true, alert: created.toObject() };
    } catch (err) {
      // The key exists (an earlier run, a retry or a concurrent instance): return that alert.
      if (!isDuplicateKey(err)) throw err;
    }
    const existing = await this.Alert.findOne({ dedupeKey: input.dedupeKey }).lean();
    if (!existing) throw new Error(`alert ${input.dedupeKey} vanished after a duplicate key`);
    return { created: false, alert: existing };
  }

  async acknowledge(id: string, by: string): Promise<{ before: AlertDoc; after: AlertDoc }> {
    const before = await this.Alert.findById(id).lean();
    if (!before) throw AppError.of('NOT_FOUND', '预警不存在');
    if (before.status === 'acknowledged') return { before, after: before };
    const after = await this.Alert.findOneAndUpdate(
      { _id: before._id, status: 'open' },
      { $set: { status: 'acknowledged', acknowledgedAt: this.clock.now(), acknowledgedBy: by } },
      { returnDocument: 'after' },
    ).lean();
    return { before, after: after ?? ((await this.Alert.findById(id).lean()) as AlertDoc) };
  }

  async list(
    filter: AlertFilter,
    page: number,
    pageSize: number,
  ): Promise<{ items: AlertDoc[]; total: number }> {
    const q: Record<string, unknown> = {};
    if (filter.status) q.status = filter.status;
    if (filter.kind) q.kind = filter.kind;
    if (filter.memberId) q.memberId = filter.memberId;
    const [items, total] = await Promise.all([
      this.Alert.find(q)
        .sort({ createdAt: -1, _id: -1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.Alert.countDocuments(q),
    ]);
    return { items, total };
  }

  /** Open alerts about a member (the warnings shown in the sidebar and member detail). */
  openFor(memberId: Types.ObjectId): Promise<AlertDoc[]> {
    return this.Alert.find({ memberId, status: 'open' }).sort({ createdAt: -1 }).lean();
  }

  /** The members an alert of this kind was raised about in [from, to). */
  membersRaised(kind: AlertKind, from: Date, to: Date): Promise<Types.ObjectId[]> {
    return this.Alert.distinct('memberId', {
      kind,
      createdAt: { $gte: from, $lt: to },
      memberId: { $ne: null },
    }).exec();
  }

  /** The newest open alert of a kind (the member-health check's current state). */
  latestOpen(kind: AlertKind): Promise<AlertDoc | null> {
    return this.Alert.findOne({ kind, status: 'open' }).sort({ createdAt: -1 }).lean().exec();
  }

  async openCounts(): Promise<Record<string, number>> {
    const rows = await this.Alert.aggregate<{ _id: string; n: number }>([
      { $match: { status: 'open' } },
      { $group: { _id: '$kind', n: { $sum: 1 } } },
    ]);
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }

  async views(docs: AlertDoc[]): Promise<AlertView[]> {
    const ids = docs.flatMap((d) => (d.memberId ? [d.memberId] : []));
    const numbers = ids.length > 0 ? await this.memberNoOf(ids) : new Map<string, string>();
    return docs.map((d) => ({
      id: String(d._id),
      kind: d.kind,
      severity: d.severity,
      title: d.title,
      detail: d.detail,
      memberId: d.memberId ? String(d.memberId) : null,
      memberNo: d.memberId ? (numbers.get(String(d.memberId)) ?? null) : null,
      tierCode: d.tierCode,
      perkCode: d.perkCode,
      status: d.status,
      createdAt: d.createdAt.toISOString(),
      acknowledgedAt: d.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: d.acknowledgedBy,
    }));
  }
}
