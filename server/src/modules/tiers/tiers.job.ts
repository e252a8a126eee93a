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
  /** A saved ladder this run applied to every member (its save time), if any. */
  appliedLadder?: string;
}

/** The lease cursor: which pass it belongs to, and the last member id done. */
function parseCursor(raw: string | null, pass: string): string | null {
  if (!raw) return null;
  const i = raw.lastIndexOf('|');
  // A plain id is a due-pass cursor written before passes had names.
  const [of, id] = i < 0 ? ['due', raw] : [raw.slice(0, i), raw.slice(i + 1)];
  return of === pass ? id || null : null;
}

/**
 * The periodic tier run (hourly, see `TIER_JOB_CRON`). Normally it re-evaluates members whose
 * evaluation date or manual tier end has come. After a ladder save it re-evaluates every active
 * member with the saved ladder instead (the pass the ladder preview counts), then marks that
 * ladder applied. Each evaluation is idempotent (the decision depends only on state and moves
 * the due date), and progress is checkpointed per pass so a killed run resumes; a newer save
 * starts the full pass over.
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
    const ladder = await this.tiers.pendingLadder();
    const pass = ladder ? `ladder:${ladder.updatedAt.getTime()}` : 'due';
    let cursor = parseCursor(lease.cursor, pass);
    let evaluated = 0;
    let changed = 0;
    let complete = true;
    for (;;) {
      const scan = { after: cursor, limit: BATCH, ...(ladder ? {} : { tierDueBy: now }) };
      const batch = await this.members.query.scan(scan, ['tierVersion']);
      if (batch.length === 0) break;
      for (const m of batch) {
        const after = await this.tiers.evaluate(m._id, ladder?.tiers);
        evaluated++;
        if (after.tierVersion !== m.tierVersion) changed++;
      }
      cursor = String(batch[batch.length - 1]!._id);
      if (!(await this.leases.checkpoint(JOB, `${pass}|${cursor}`, LEASE_MS))) {
        complete = false;
        break;
      }
    }
    const applied = ladder && complete && (await this.tiers.markLadderApplied(ladder.updatedAt));
    await this.leases.release(JOB);
    this.core.logger.info({ evaluated, changed, pass }, 'tier job finished');
    return {
      ran: true,
      evaluated,
      changed,
      ...(applied ? { appliedLadder: ladder.updatedAt.toISOString() } : {}),
    };
  }
}
