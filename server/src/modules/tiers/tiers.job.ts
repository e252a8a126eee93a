import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { MembersService } from '../members';
import type { TiersService } from './tiers.service';

const JOB = 'tiers.nightly';
const LEASE_MS = 5 * 60_000;
const BATCH = 500;

export interface TierJobResult {
  ran: boolean;
  evaluated: number;
  changed: number;
}

/**
 * Nightly re-evaluation of members whose evaluation date or manual tier end has come. Each
 * evaluation is idempotent (the decision depends only on state and moves the due date), and
 * progress is checkpointed by member id so a killed run resumes.
 */
export class TierJob {
  private readonly leases: JobLeases;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly tiers: TiersService,
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
  }

  async run(): Promise<TierJobResult> {
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    if (!lease) return { ran: false, evaluated: 0, changed: 0 };
    const now = this.core.clock.now();
    let cursor = lease.cursor;
    let evaluated = 0;
    let changed = 0;
    for (;;) {
      const batch = await this.members.query.scan({ after: cursor, limit: BATCH, tierDueBy: now }, [
        'tierVersion',
      ]);
      if (batch.length === 0) break;
      for (const m of batch) {
        const after = await this.tiers.evaluate(m._id);
        evaluated++;
        if (after.tierVersion !== m.tierVersion) changed++;
      }
      cursor = String(batch[batch.length - 1]!._id);
      if (!(await this.leases.checkpoint(JOB, cursor, LEASE_MS))) break;
    }
    await this.leases.release(JOB);
    this.core.logger.info({ evaluated, changed }, 'tier job finished');
    return { ran: true, evaluated, changed };
  }
}
