import { beijingDay } from '@circles/shared';
import type { Types } from 'mongoose';
import type { Core } from '../../core';
import type { MembersService } from '../members';
import type { TagsService } from '../tags';
import type { TiersService } from '../tiers';
import type { DurableQueue } from '../../platform/queue';
import type { WeComBackfill } from './backfill';
import type { RelationsService } from './relations.service';
import type { WelcomeMedia } from './welcome-media';
import type { ValuePort } from './wecom.events';

export const DAILY_KIND = 'wecom.daily';
export const SEGMENT_KIND = 'wecom.segments';

/**
 * The nightly pass: the relation backfill (batch/get_by_user), full corp tag library resync, then every followed member's tier and value
 * segment tags checked against the member's tier and latest finished value run (catching changes
 * no hook saw: the tier job, manual overrides, the nightly value job).
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
      /** Read at call time: the value engine may be wired after this is built. */
      ports: { value: ValuePort };
      backfill: WeComBackfill;
      /** Null when WeCom is off. */
      welcomeMedia: WelcomeMedia | null;
    },
  ) {
    queue.handle(DAILY_KIND, () => this.run().then(() => undefined), { leaseMs: 30 * 60_000 });
    queue.handle(SEGMENT_KIND, () => this.run({ tiers: false }).then(() => undefined), {
      leaseMs: 30 * 60_000,
    });
  }

  /** After a value run: queues one segment-tag pass for it (once per run, durably). */
  segmentsChanged(runId: string): Promise<boolean> {
    return this.queue.enqueue(SEGMENT_KIND, `wecom.segments:${runId}`, {});
  }

  /** Queues today's run unless it was queued already; returns true when it queued it. */
  schedule(): Promise<boolean> {
    const day = beijingDay(this.core.clock.now());
    return this.queue.enqueue(DAILY_KIND, `wecom.daily:${day}`, {});
  }

  async run(
    opts: { tiers?: boolean; backfill?: boolean } = {},
  ): Promise<{ checked: number; corrected: number }> {
    const tiers = opts.tiers !== false;
    if (opts.backfill ?? tiers) {
      // Callbacks WeCom gave up on, first: the tag pass below then covers those members too.
      // A run another instance holds (null) or one cut short resumes on the next pass.
      let report = await this.d.backfill.run();
      while (report && !report.done) report = await this.d.backfill.run();
    }
    if (tiers) {
      await this.d.tags.library.syncAll();
      // Keep the welcome picture's media id fresh even on days nobody adds a consultant.
      await this.d.welcomeMedia?.mediaId().catch((err: unknown) => {
        this.core.logger.warn({ err }, 'welcome picture refresh failed');
      });
    }
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
      const have = await this.d.tags.tagsOf(member._id);
      const want = names.get(member.tierCode) ?? member.tierCode;
      if (tiers && have.find((t) => t.group === 'tier')?.name !== want) {
        await this.d.tags.setSystemTag(member._id, 'tier', want);
        corrected++;
      }
      const segment = (await this.d.ports.value.memberValue(member._id))?.segment;
      if (segment && have.find((t) => t.group === 'segment')?.name !== segment) {
        await this.d.tags.setSystemTag(member._id, 'segment', segment);
        corrected++;
      }
    }
    return { checked, corrected };
  }
}
