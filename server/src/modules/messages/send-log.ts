import type { SubscribePurpose } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { MessageModels, SendDoc } from './messages.model';

/** A claim lives this long; a call that has not finished by then is taken to have crashed. */
const LEASE_MS = 2 * 60_000;

export interface SendIntent {
  key: string;
  memberId: Types.ObjectId;
  purpose: SubscribePurpose;
  templateId: string;
  data: Record<string, string>;
  page: string | null;
}

export type Claim =
  /** This call owns the key now and may send. */
  | { kind: 'claimed'; doc: SendDoc }
  /** Another call holds the key right now. */
  | { kind: 'busy'; doc: SendDoc }
  /** The key has its outcome already (sent, no quota, final failure). */
  | { kind: 'done'; doc: SendDoc };

export type Outcome =
  | { status: 'sent'; msgid: string }
  | { status: 'no_quota'; errcode?: number; errmsg?: string }
  | { status: 'failed'; errcode: number; errmsg: string; retryable: boolean };

/**
 * The send log: one entry per idempotency key, so the same key can never send twice. See
 * `SendDoc` for its states.
 */
export class SendLog {
  constructor(
    private readonly m: MessageModels,
    private readonly clock: Clock,
  ) {}

  private lease(): Date {
    return new Date(this.clock.now().getTime() + LEASE_MS);
  }

  async claim(intent: SendIntent): Promise<Claim> {
    try {
      const doc = await this.m.Send.create({
        ...intent,
        status: 'sending',
        phase: 'claimed',
        leaseUntil: this.lease(),
        attempts: 1,
      });
      return { kind: 'claimed', doc: doc.toObject() };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    const now = this.clock.now();
    // A failure worth retrying, or a claim whose caller died before asking WeChat: take over.
    const retaken = await this.m.Send.findOneAndUpdate(
      {
        key: intent.key,
        $or: [
          { status: 'failed', retryable: true },
          { status: 'sending', phase: 'claimed', leaseUntil: { $lt: now } },
        ],
      },
      {
        $set: { status: 'sending', phase: 'claimed', leaseUntil: this.lease(), retryable: false },
        $inc: { attempts: 1 },
      },
      { returnDocument: 'after' },
    ).lean();
    if (retaken) return { kind: 'claimed', doc: retaken };
    // A caller that died while WeChat had the request: it may have been delivered, and
    // sending again could deliver twice, so the outcome is recorded as unknown for good.
    const lost = await this.m.Send.findOneAndUpdate(
      { key: intent.key, status: 'sending', phase: 'calling', leaseUntil: { $lt: now } },
      {
        $set: {
          status: 'failed',
          phase: null,
          leaseUntil: null,
          errcode: -1,
          errmsg: 'interrupted while sending: delivery unknown',
        },
      },
      { returnDocument: 'after' },
    ).lean();
    if (lost) return { kind: 'done', doc: lost };
    const doc = await this.m.Send.findOne({ key: intent.key }).lean();
    if (!doc) throw new Error(`send ${intent.key} vanished`);
    return { kind: doc.status === 'sending' ? 'busy' : 'done', doc };
  }

  /** Marks that WeChat is being asked: from here a crash leaves the delivery unknown. */
  async calling(doc: SendDoc): Promise<void> {
    await this.m.Send.updateOne(
      { _id: doc._id, status: 'sending' },
      { $set: { phase: 'calling', leaseUntil: this.lease() } },
    );
  }

  async finish(doc: SendDoc, outcome: Outcome): Promise<void> {
    const set =
      outcome.status === 'sent'
        ? { msgid: outcome.msgid, sentAt: this.clock.now(), errcode: null, errmsg: null }
        : {
            errcode: outcome.errcode ?? null,
            errmsg: outcome.errmsg?.slice(0, 200) ?? null,
            retryable: outcome.status === 'failed' && outcome.retryable,
          };
    await this.m.Send.updateOne(
      { _id: doc._id, status: 'sending' },
      { $set: { status: outcome.status, phase: null, leaseUntil: null, ...set } },
    );
  }

  recent(memberId: Types.ObjectId, limit: number): Promise<SendDoc[]> {
    return this.m.Send.find({ memberId }).sort({ createdAt: -1, _id: -1 }).limit(limit).lean();
  }
}
