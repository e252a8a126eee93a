import { randomUUID } from 'node:crypto';
import type { Core } from '../../core';
import type {
  ExternalContact,
  ExternalContactPage,
  WeComClient,
} from '../../integrations/wecom/wecom-client';
import { JobLeases } from '../../jobs/lease';
import type { DurableQueue } from '../../platform/queue';
import type { MembersService } from '../members';
import type { TagsService } from '../tags';
import type { RelationsService } from './relations.service';

export const BACKFILL_KIND = 'wecom.backfill';
const JOB = 'wecom-backfill';
const LEASE_MS = 10 * 60_000;
/** batch/get_by_user takes ≤ 100 userids and returns ≤ 100 rows a page. */
const USERS_PER_CALL = 100;
const PAGE = 100;

interface Progress {
  runId: string;
  startedAt: number;
  users: string[];
  chunk: number;
  cursor: string | null;
}

export interface BackfillReport {
  done: boolean;
  pages: number;
  seen: number;
  added: number;
  ended: number;
}

/**
 * Relations WeCom knows and we don't: customers who added a consultant before the callback URL
 * was set, and callbacks lost after WeCom's few retries. Pages every follow user's customers
 * (get_follow_user_list, then batch/get_by_user with cursors), records what is missing without
 * welcoming anyone, and ends active relations the run did not see (deleted upstream silently).
 * Holds a lease and checkpoints after every page, so a killed run resumes where it stopped.
 */
export class WeComBackfill {
  private readonly leases: JobLeases;

  constructor(
    private readonly core: Core,
    private readonly queue: DurableQueue,
    private readonly client: WeComClient | null,
    private readonly d: { relations: RelationsService; tags: TagsService; members: MembersService },
  ) {
    this.leases = new JobLeases(core.conn, core.clock);
    queue.handle(BACKFILL_KIND, () => this.run().then(() => undefined), {
      leaseMs: 30 * 60_000,
    });
  }

  /** Queues a run under `key` (once per key): `initial` on first connect. */
  schedule(key: string): Promise<boolean> {
    return this.queue.enqueue(BACKFILL_KIND, `wecom.backfill:${key}`, {});
  }

  /** One run (or its continuation); null when WeCom is off or another instance holds it. */
  async run(opts: { maxPages?: number } = {}): Promise<BackfillReport | null> {
    if (!this.client) return null;
    const lease = await this.leases.acquire(JOB, LEASE_MS);
    if (!lease) return null;
    const report: BackfillReport = { done: false, pages: 0, seen: 0, added: 0, ended: 0 };
    let p: Progress | null = lease.cursor ? (JSON.parse(lease.cursor) as Progress) : null;
    try {
      if (!p) {
        p = {
          runId: randomUUID(),
          startedAt: this.core.clock.now().getTime(),
          users: await this.client.listFollowUsers(),
          chunk: 0,
          cursor: null,
        };
        await this.leases.checkpoint(JOB, JSON.stringify(p), LEASE_MS);
      }
      while (p.chunk * USERS_PER_CALL < p.users.length) {
        if (opts.maxPages !== undefined && report.pages >= opts.maxPages) {
          // Stop here but keep the place: the next run continues from this cursor.
          await this.leases.checkpoint(JOB, JSON.stringify(p), 0);
          return report;
        }
        const userids = p.users.slice(p.chunk * USERS_PER_CALL, (p.chunk + 1) * USERS_PER_CALL);
        const page = await this.client.batchGetByUser({
          userids,
          ...(p.cursor ? { cursor: p.cursor } : {}),
          limit: PAGE,
        });
        await this.apply(page, p.runId, report);
        report.pages++;
        if (page.nextCursor) p.cursor = page.nextCursor;
        else p = { ...p, chunk: p.chunk + 1, cursor: null };
        await this.leases.checkpoint(JOB, JSON.stringify(p), LEASE_MS);
      }
      report.ended = await this.endUnseen(p);
      await this.leases.release(JOB);
      report.done = true;
      this.core.logger.info(report, 'wecom backfill finished');
      return report;
    } catch (err) {
      if (p) await this.leases.checkpoint(JOB, JSON.stringify(p), 0);
      throw err;
    }
  }

  private async apply(page: ExternalContactPage, runId: string, report: BackfillReport) {
    const { relations } = this.d;
    for (const { contact, follow } of page.items) {
      report.seen++;
      const pair = { consultantUserId: follow.userid, externalUserId: contact.externalUserId };
      const rel = await relations.relation(pair.consultantUserId, pair.externalUserId);
      // A customer who deleted the consultant stays listed upstream (one-sided): keep it ended.
      const revive = rel?.state === 'ended' && rel.endedBy !== 'customer';
      if (!rel || revive) {
        await relations.added({
          ...pair,
          channel: follow.state ?? null,
          at: follow.createdAt,
          via: 'backfilled',
        });
        report.added++;
      }
      await relations.m.Relation.updateOne(pair, { $set: { seenRun: runId } });
      await relations.saveSeenContact(contact, follow.userid, follow.remark);
      await linkByUnionid(this.d, contact);
    }
  }

  /** Active relations of the listed follow users that this run did not see upstream. */
  private async endUnseen(p: Progress): Promise<number> {
    const gone = await this.d.relations.m.Relation.find(
      {
        state: 'active',
        consultantUserId: { $in: p.users },
        seenRun: { $ne: p.runId },
        // Added after the run began: its page may have gone by already.
        addedAt: { $lt: new Date(p.startedAt) },
      },
      { consultantUserId: 1, externalUserId: 1 },
    ).lean();
    const at = this.core.clock.now();
    for (const r of gone) {
      await this.d.relations.ended({
        consultantUserId: r.consultantUserId,
        externalUserId: r.externalUserId,
        by: 'sync',
        at,
      });
    }
    return gone.length;
  }
}

/** Links the customer to a member by unionid (OneID), as the add callback does. */
export async function linkByUnionid(
  d: { relations: RelationsService; tags: TagsService; members: MembersService },
  contact: ExternalContact,
): Promise<void> {
  if (!contact.unionid || (await d.relations.memberOf(contact.externalUserId))) return;
  const member = await d.members.findByIdentity({ kind: 'unionid', value: contact.unionid });
  if (!member) return;
  await d.relations.linkMember(contact.externalUserId, member._id);
  await d.tags.linkMember(contact.externalUserId, member._id);
}
