import { type Model, Schema } from 'mongoose';
import type { Logger } from '../lib/logger';
import type { DurableQueue } from './queue';

/** The named domain events; the table of subscribers is in `modules/README.md`. */
export type DomainEventName =
  | 'order.paid'
  | 'order.refunded'
  | 'tier.changed'
  | 'member.merged'
  | 'wallet.topped_up'
  | 'followup.done';

/**
 * An event waiting in the outbox of the document whose change it announces. It is written in
 * the same single-document update as the change, so the change and the event exist together
 * or not at all; `key` is unique per occurrence and makes every later step idempotent.
 */
export interface OutboxEntry {
  key: string;
  name: DomainEventName;
  payload: Record<string, string | number>;
  at: Date;
}

/** The outbox field a source document carries (absent or empty once relayed). */
export const outboxField = {
  type: [
    new Schema<OutboxEntry>(
      { key: String, name: String, payload: Schema.Types.Mixed, at: Date },
      { _id: false },
    ),
  ],
  default: undefined,
};

interface OutboxDoc {
  _id: unknown;
  outbox?: OutboxEntry[];
}

/** A collection whose documents carry outboxes; the sweeper relays what a crash left behind. */
export interface OutboxSource {
  name: string;
  model: Model<never>;
}

type Handler = (payload: OutboxEntry['payload']) => Promise<void>;

/** Test seam: lets a test "crash" between a change and the relay of its events. */
export interface EventFaults {
  /** After the change is written, before its events are fanned out. */
  beforeRelay?(entries: OutboxEntry[]): Promise<void>;
  /** After the fan-out into the queue, before the deliveries run. */
  beforeDeliver?(entries: OutboxEntry[]): Promise<void>;
}

const kindOf = (name: DomainEventName, subscriber: string) => `event:${name}:${subscriber}`;
/** A relay leaves entries younger than this to the writer that is relaying them right now. */
const SWEEP_GRACE_MS = 30_000;

/**
 * Domain events through one durable outbox. A change writes its events into its own document
 * (`outboxField`); `relay` then fans each event out into one durable queue item per subscriber
 * (keyed by event and subscriber, so a second relay adds nothing), removes the entries from
 * the document, and delivers the items in the caller's flow so the caller sees the effects.
 * Whatever a crash interrupts is finished without any client retry: entries still in a
 * document are relayed by `sweep` (a scheduled job), and queue items not done are retried by
 * the queue. Delivery is at least once, so every subscriber is idempotent.
 */
export class DomainEvents {
  private readonly subscribers = new Map<DomainEventName, string[]>();
  private readonly sources: OutboxSource[] = [];

  constructor(
    private readonly queue: DurableQueue,
    private readonly logger: Logger,
    private readonly now: () => Date,
    readonly faults: EventFaults = {},
  ) {}

  /** Registers an idempotent subscriber under a stable name (its queue items carry it). */
  subscribe(name: DomainEventName, subscriber: string, handler: Handler): void {
    const list = this.subscribers.get(name) ?? [];
    if (list.includes(subscriber)) throw new Error(`${subscriber} subscribes to ${name} twice`);
    this.subscribers.set(name, [...list, subscriber]);
    this.queue.handle(kindOf(name, subscriber), (p) => handler(p as OutboxEntry['payload']), {
      maxAttempts: 10,
    });
  }

  /**
   * Stops fanning `name` out to anyone (items already queued still run). For tests that need
   * orders without their effects, and for maintenance with every instance restarted after.
   */
  unsubscribeAll(name: DomainEventName): void {
    this.subscribers.delete(name);
  }

  subscribersOf(name: DomainEventName): string[] {
    return this.subscribers.get(name) ?? [];
  }

  /** Declares a collection with outboxes, for the sweeper. */
  source(source: OutboxSource): void {
    this.sources.push(source);
  }

  entry(name: DomainEventName, key: string, payload: OutboxEntry['payload']): OutboxEntry {
    return { key, name, payload, at: this.now() };
  }

  /**
   * Relays the events of one document (those still in its outbox, and `delivered` ones whose
   * deliveries may be unfinished, e.g. on a client's replay), then delivers them now.
   */
  async relay(source: OutboxSource, doc: OutboxDoc, delivered: OutboxEntry[] = []): Promise<void> {
    const pending = doc.outbox ?? [];
    if (pending.length > 0) {
      await this.faults.beforeRelay?.(pending);
      for (const e of pending) {
        for (const s of this.subscribersOf(e.name)) {
          await this.queue.enqueue(kindOf(e.name, s), `${e.key}|${s}`, e.payload, { kick: false });
        }
      }
      await source.model.updateOne(
        { _id: doc._id } as never,
        {
          $pull: { outbox: { key: { $in: pending.map((e) => e.key) } } },
        } as never,
      );
    }
    const all = [...pending, ...delivered];
    await this.faults.beforeDeliver?.(all);
    for (const e of all) {
      for (const s of this.subscribersOf(e.name)) {
        const r = await this.queue.runKey(`${e.key}|${s}`);
        if (r === 'failed')
          this.logger.warn({ event: e.key, subscriber: s }, 'event retried later');
      }
    }
  }

  /** Relays outboxes a crash left behind (older than the grace period). Returns how many. */
  async sweep(limit = 200): Promise<number> {
    const cutoff = new Date(this.now().getTime() - SWEEP_GRACE_MS);
    let relayed = 0;
    for (const source of this.sources) {
      const docs = (await source.model
        .find({ 'outbox.at': { $lte: cutoff } } as never, { outbox: 1 })
        .limit(limit)
        .lean()) as OutboxDoc[];
      for (const doc of docs) {
        await this.relay(source, doc);
        relayed++;
      }
    }
    if (relayed > 0) this.logger.info({ relayed }, 'outbox: relayed events left by a crash');
    return relayed;
  }
}
