import { Types } from 'mongoose';
import type { Core } from '../../core';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { ConsultantModels, FollowUpDoc, NoteDoc } from './consultants.model';

export interface NewFollowUp {
  memberId: Types.ObjectId | null;
  externalUserId?: string | null;
  consultantUserId: string;
  kind: string;
  title: string;
  playbook: string[];
  dueAt?: Date | null;
  /** Idempotency: the same key returns the first follow-up. */
  sourceKey: string;
}

export const followUpViewOf = (f: FollowUpDoc) => ({
  id: String(f._id),
  kind: f.kind,
  title: f.title,
  playbook: f.playbook,
  dueAt: f.dueAt?.toISOString() ?? null,
  status: f.status,
  consultantUserId: f.consultantUserId,
  createdAt: f.createdAt.toISOString(),
  doneAt: f.doneAt?.toISOString() ?? null,
});

export const noteViewOf = (n: NoteDoc) => ({
  id: String(n._id),
  text: n.text,
  consultantUserId: n.consultantUserId,
  consultantName: n.consultantName,
  createdAt: n.createdAt.toISOString(),
});

/** Follow-ups (from playbooks or by hand) and notes on customers. */
export class FollowUpsService {
  constructor(
    private readonly core: Core,
    private readonly m: ConsultantModels,
  ) {}

  async create(input: NewFollowUp): Promise<FollowUpDoc> {
    const existing = await this.m.FollowUp.findOne({ sourceKey: input.sourceKey }).lean();
    if (existing) return existing;
    try {
      const doc = await this.m.FollowUp.create({
        ...input,
        externalUserId: input.externalUserId ?? null,
        dueAt: input.dueAt ?? null,
        status: 'open',
        createdAt: this.core.clock.now(),
        doneAt: null,
      });
      return doc.toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return (await this.m.FollowUp.findOne({ sourceKey: input.sourceKey }).lean())!;
    }
  }

  /** Open first, then the latest done; for one customer (by contact or by member). */
  async forCustomer(externalUserId: string, memberId: Types.ObjectId | null, limit = 20) {
    const or: Record<string, unknown>[] = [{ externalUserId }];
    if (memberId) or.push({ memberId });
    return this.m.FollowUp.find({ $or: or })
      .sort({ status: -1, createdAt: -1 })
      .limit(limit)
      .lean();
  }

  /** Marks done; only a follow-up of this consultant. Null when there is none. */
  async done(id: string, consultantUserId: string): Promise<FollowUpDoc | null> {
    const _id = new Types.ObjectId(id);
    await this.m.FollowUp.updateOne(
      { _id, consultantUserId, status: 'open' },
      { $set: { status: 'done', doneAt: this.core.clock.now() } },
    );
    return this.m.FollowUp.findOne({ _id, consultantUserId }).lean();
  }

  async addNote(input: Omit<NoteDoc, '_id' | 'createdAt'>): Promise<NoteDoc> {
    const doc = await this.m.Note.create({ ...input, createdAt: this.core.clock.now() });
    return doc.toObject();
  }

  async notes(externalUserId: string, limit = 20): Promise<NoteDoc[]> {
    return this.m.Note.find({ externalUserId }).sort({ createdAt: -1 }).limit(limit).lean();
  }
}
