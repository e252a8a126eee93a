import { Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { DomainEvents, OutboxSource } from '../../platform/events';
import type { ConsultantModels, FollowUpDoc, NoteDoc } from './consultants.model';

export interface NewFollowUp {
  memberId: Types.ObjectId | null;
  externalUserId?: string | null;
  consultantUserId: string;
  kind: string;
  title: string;
  playbook: string[];
  outcomes?: string[];
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
  outcomes: f.outcomes ?? [],
  outcome: f.outcome ?? null,
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
  private readonly outbox: OutboxSource;

  constructor(
    private readonly core: Core,
    private readonly m: ConsultantModels,
    private readonly events: DomainEvents,
  ) {
    this.outbox = { name: 'follow_ups', model: m.FollowUp as never };
    events.source(this.outbox);
  }

  /** Idempotent by sourceKey: insert first (the common case), read the first one on a dup. */
  async create(input: NewFollowUp): Promise<FollowUpDoc> {
    try {
      const doc = await this.m.FollowUp.create({
        ...input,
        outcomes: input.outcomes ?? [],
        outcome: null,
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

  /**
   * Marks done, with an outcome when the task offers outcomes (playbook tasks; 400 naming
   * `outcome` otherwise); only a follow-up of this consultant. Null when there is none.
   * Publishes `followup.done` with the change, so a playbook waiting on it always resumes.
   */
  async done(id: string, consultantUserId: string, outcome?: string): Promise<FollowUpDoc | null> {
    const _id = new Types.ObjectId(id);
    const current = await this.m.FollowUp.findOne({ _id, consultantUserId }).lean();
    if (!current) return null;
    const outcomes = current.outcomes ?? [];
    if (outcomes.length > 0 && (!outcome || !outcomes.includes(outcome))) {
      const message = `请选择跟进结果：${outcomes.join(' / ')}`;
      throw AppError.of('VALIDATION_FAILED', message, {
        fields: [{ path: 'body.outcome', message }],
      });
    }
    const picked = outcomes.length > 0 ? outcome! : (outcome ?? null);
    const event = this.events.entry('followup.done', `followup.done:${id}`, {
      followUpId: id,
      outcome: picked ?? '',
    });
    const done = await this.m.FollowUp.findOneAndUpdate(
      { _id, consultantUserId, status: 'open' },
      {
        $set: { status: 'done', doneAt: this.core.clock.now(), outcome: picked },
        $push: { outbox: event },
      },
      { returnDocument: 'after' },
    ).lean();
    if (done) await this.events.relay(this.outbox, done);
    return this.m.FollowUp.findOne({ _id, consultantUserId }).lean();
  }

  async addNote(input: Omit<NoteDoc, '_id' | 'createdAt'>): Promise<NoteDoc> {
    const doc = await this.m.Note.create({ ...input, createdAt: this.core.clock.now() });
    return doc.toObject();
  }

  async notes(externalUserId: string, limit = 20): Promise<NoteDoc[]> {
    return this.m.Note.find({ externalUserId }).sort({ createdAt: -1 }).limit(limit).lean();
  }

  /** Notes on a member (any consultant), written at or before `at`, newest first. Read-only. */
  async notesOfMember(
    memberId: Types.ObjectId,
    opts: { at?: Date | null; limit: number },
  ): Promise<NoteDoc[]> {
    const filter = opts.at ? { memberId, createdAt: { $lte: opts.at } } : { memberId };
    return this.m.Note.find(filter).sort({ createdAt: -1, _id: -1 }).limit(opts.limit).lean();
  }

  /** A member's follow-ups: open first, then the latest done. Read-only. */
  async ofMember(memberId: Types.ObjectId, limit = 20): Promise<FollowUpDoc[]> {
    return this.m.FollowUp.find({ memberId })
      .sort({ status: -1, createdAt: -1 })
      .limit(limit)
      .lean();
  }
}
