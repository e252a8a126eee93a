import type { Types } from 'mongoose';
import type { Core } from '../../container';
import type { MembersService } from '../members/members.service';
import type { TagsService } from '../tags/tags.service';
import type { TiersService } from '../tiers/tiers.service';
import type { DurableQueue } from './durable-queue';
import type { RelationsService } from './relations.service';

export const DAILY_KIND = 'wecom.daily';

/**
 * The nightly pass: full corp tag library resync, then every followed member's tier tag checked
 * against the member's tier (catching changes no hook saw: the tier job, manual overrides).
 * Queued once per UTC day under a unique key, so an hourly scheduler on every instance is fine;
 * each correction is itself a queued, idempotent system-tag run.
 */
export class WeComDailySync {
  constructor(
    private readonly core: Core,
    private readonly queue: DurableQueue,
    private readonly d: {
      relations: RelationsService;
      tags: TagsService;
      members: MembersService;
      tiers: TiersService;
    },
  ) {
    queue.handle(DAILY_KIND, () => this.run().then(() => undefined), { leaseMs: 30 * 60_000 });
  }

  /** Queues today's run unless it was queued already; returns true when it queued it. */
  schedule(): Promise<boolean> {
    const day = this.core.clock.now().toISOString().slice(0, 10);
    return this.queue.enqueue(DAILY_KIND, `wecom.daily:${day}`, {});
  }

  async run(): Promise<{ checked: number; corrected: number }> {
    await this.d.tags.library.syncAll();
    const names = new Map((await this.d.tiers.ladder()).tiers.map((t) => [t.code, t.name]));
    let checked = 0;
    let corrected = 0;
    let last = '';
    const cursor = this.d.relations.m.Relation.find(
      { state: 'active', memberId: { $ne: null } },
      { memberId: 1 },
    )
      .sort({ memberId: 1 })
      .lean()
      .cursor();
    for await (const row of cursor) {
      const id = row.memberId as Types.ObjectId;
      if (String(id) === last) continue;
      last = String(id);
      const member = await this.d.members.resolve(id);
      if (member?.status !== 'active') continue;
      checked++;
      const want = names.get(member.tierCode) ?? member.tierCode;
      const have = (await this.d.tags.tagsOf(member._id)).find((t) => t.group === 'tier');
      if (have?.name === want) continue;
      await this.d.tags.setSystemTag(member._id, 'tier', want);
      corrected++;
    }
    return { checked, corrected };
  }
}
