import { beijingDay, beijingMonth, beijingParts } from '@circles/shared';
import type { Core } from '../../core';
import { JobLeases } from '../../jobs/lease';
import type { MembersService } from '../members';
import type { PerksService } from './perks.service';

const JOB = 'perks.birthday';
const LEASE_MS = 5 * 60_000;
const BATCH = 500;

export interface BirthdayJobResult {
  /** False when another instance holds the lease, or today's run is done already. */
  ran: boolean;
  /** Members born this month whose tier has a birthday perk. */
  eligible: number;
  /** Instances this run created (a rerun creates none). */
  issued: number;
}

/**
 * Daily: issues each active birthday-gift perk to members whose birthday (YYYY-MM-DD) falls in
 * the current China-time month and whose tier has the perk. One instance per member, perk and
 * year (the issue key), so reruns, restarts and a second instance never issue twice. Progress
 * is checkpointed as `<year-month>|<memberId>`: a killed run resumes within the same month and
 * a checkpoint from an earlier month is ignored. A finished run leaves `<day>|done`, so the
 * hourly scheduler does the scan once a day (`force` scans again, still without double issue).
 */
export class BirthdayPerkJob {
  private readonly leases: JobLeases;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    private readonly perks: PerksService,
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
  }

  async run(opts: { force?: boolean } = {}): Promise<BirthdayJobResult> {
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    if (!lease) return { ran: false, eligible: 0, issued: 0 };
    const now = this.core.clock.now();
    const { year } = beijingParts(now);
    const month = beijingMonth(now);
    const mm = month.slice(5);
    const done = `${beijingDay(now)}|done`;
    if (lease.cursor === done && !opts.force) {
      await this.leases.checkpoint(JOB, done, 0);
      return { ran: false, eligible: 0, issued: 0 };
    }
    const gifts = (
      await this.perks.catalog.list({ status: 'active', kind: 'birthday_gift' })
    ).filter((p) => p.tierCodes.length > 0);
    let cursor = lease.cursor?.startsWith(`${month}|`)
      ? lease.cursor.slice(month.length + 1)
      : null;
    let eligible = 0;
    let issued = 0;
    while (gifts.length > 0) {
      const batch = await this.members.query.scan(
        {
          after: cursor,
          limit: BATCH,
          tierCodes: [...new Set(gifts.flatMap((g) => g.tierCodes))],
          birthdayMonth: mm,
        },
        ['tierCode'],
      );
      if (batch.length === 0) break;
      for (const m of batch) {
        eligible++;
        for (const gift of gifts) {
          if (!gift.tierCodes.includes(m.tierCode)) continue;
          const r = await this.perks.issueDoc(m._id, gift, {
            idempotencyKey: `birthday:${gift._id}:${year}`,
            sourceType: 'birthday',
            sourceId: String(year),
          });
          if (r.created) issued++;
        }
      }
      cursor = String(batch[batch.length - 1]!._id);
      if (!(await this.leases.checkpoint(JOB, `${month}|${cursor}`, LEASE_MS))) {
        // Lost the lease (another instance took over after a stall): it finishes the scan.
        return { ran: true, eligible, issued };
      }
    }
    // Keeps "done today" as the cursor and lets the lease lapse at once.
    await this.leases.checkpoint(JOB, done, 0);
    this.core.logger.info({ eligible, issued, month }, 'birthday perk job finished');
    return { ran: true, eligible, issued };
  }
}
