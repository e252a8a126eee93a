import type { Commit } from '../commands/dispatch';
import type { ServerParams } from '../commands/context';
import type { Logger } from '../wire/server';
import { type Doc, typeOrder } from './compare';
import type { Engine } from './engine';

const DATE_ORDER = typeOrder(new Date(0));

/**
 * Deletes documents whose TTL-indexed date is older than `expireAfterSeconds`, on the
 * `ttlMonitorSleepSecs` schedule (settable with `setParameter`, like mongod).
 */
export class TtlMonitor {
  private timer?: NodeJS.Timeout;
  private lastRun = Date.now();

  constructor(
    private readonly engine: Engine,
    private readonly params: ServerParams,
    private readonly commit: Commit,
    private readonly logger: Logger,
  ) {}

  start(): void {
    // a 1 s tick re-reads the parameter, so a lowered interval applies promptly
    this.timer = setInterval(() => {
      if (Date.now() - this.lastRun < this.params.ttlMonitorSleepSecs * 1000) return;
      this.lastRun = Date.now();
      this.runOnce().catch((err) => this.logger.error(err, 'embedded-mongo: TTL pass failed'));
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One TTL pass; returns how many documents were deleted. */
  async runOnce(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const colls of this.engine.dbs.values()) {
      for (const coll of colls.values()) {
        for (const ix of coll.indexes.values()) {
          const secs = ix.spec.expireAfterSeconds;
          if (secs === undefined || ix.fields.length !== 1) continue;
          const cutoff = now - secs * 1000;
          const expired: Doc[] = [];
          const start = (e: { key: unknown[] }) => typeOrder(e.key[0]) - DATE_ORDER;
          for (const e of ix.entries.from(start)) {
            const k = e.key[0];
            if (!(k instanceof Date) || k.getTime() > cutoff) break;
            const doc = coll.get(e.id);
            if (doc) expired.push(doc);
          }
          for (const d of expired) this.engine.remove(coll, d);
          removed += expired.length;
        }
      }
    }
    const change = this.engine.takeChange();
    if (change.ops.length) await this.commit(change);
    return removed;
  }
}
