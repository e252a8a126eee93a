import { beijingDay, DAY_MS } from '@circles/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../lib/errors';
import type { CircleModels } from './circles.model';

type Id = Types.ObjectId;

export interface TrackInput {
  kind: 'page_view' | 'impression' | 'click';
  page: string;
  target?: string;
  topic?: string;
  at: Date;
}

const RAW_DAYS = 90;
const AGGREGATE_DAYS = 400;
/** Events one member may send per minute (a page sends batches of a few; a loop is refused). */
const PER_MINUTE = 240;
/** Events stamped further than this from the server clock keep the server's time. */
const MAX_SKEW_MS = 10 * 60_000;

/**
 * Member-center tracking (小程序埋点) and the interest scores it feeds. Raw events expire after
 * 90 days (TTL); clicks and impressions with a topic are also counted per member, topic and
 * Beijing day, which is what `interest` rules read (kept 400 days).
 */
export class InterestCounts {
  private readonly recent = new Map<string, { minute: number; n: number }>();

  constructor(
    private readonly m: CircleModels,
    private readonly now: () => Date,
  ) {}

  async track(memberId: Id, events: TrackInput[]): Promise<number> {
    const now = this.now();
    this.limit(String(memberId), events.length, now);
    const docs = events.map((e) => {
      // A client clock far off is not trusted for the day an interest counts on.
      const at = Math.abs(e.at.getTime() - now.getTime()) > MAX_SKEW_MS ? now : e.at;
      return {
        memberId,
        kind: e.kind,
        page: e.page,
        target: e.target ?? null,
        topic: e.topic ?? null,
        at,
        expireAt: new Date(at.getTime() + RAW_DAYS * DAY_MS),
      };
    });
    await this.m.Track.insertMany(docs, { ordered: false });
    const counts = new Map<string, { day: string; topic: string; clicks: number; views: number }>();
    for (const d of docs) {
      if (!d.topic || d.kind === 'page_view') continue;
      const day = beijingDay(d.at);
      const key = `${memberId}:${d.topic}:${day}`;
      const c = counts.get(key) ?? { day, topic: d.topic, clicks: 0, views: 0 };
      if (d.kind === 'click') c.clicks++;
      else c.views++;
      counts.set(key, c);
    }
    for (const [key, c] of counts) {
      await this.m.Interest.updateOne(
        { _id: key },
        {
          $inc: { clicks: c.clicks, impressions: c.views },
          $setOnInsert: {
            memberId,
            topic: c.topic,
            day: c.day,
            expireAt: new Date(now.getTime() + AGGREGATE_DAYS * DAY_MS),
          },
        },
        { upsert: true },
      );
    }
    return docs.length;
  }

  /** Per-process budget; each instance enforces its own, which bounds the total per member. */
  private limit(key: string, n: number, now: Date) {
    const minute = Math.floor(now.getTime() / 60_000);
    const r = this.recent.get(key);
    const used = r && r.minute === minute ? r.n : 0;
    if (used + n > PER_MINUTE) {
      throw AppError.of('RATE_LIMITED', '操作太频繁，请稍后再试', { retryAfterSeconds: 60 });
    }
    this.recent.set(key, { minute, n: used + n });
    if (this.recent.size > 50_000) this.recent.clear();
  }

  /** Clicks per member on a topic since a date. */
  clicksSince(topic: string, since: Date): Promise<Array<{ _id: Id; n: number }>> {
    return this.m.Interest.aggregate([
      { $match: { topic, day: { $gte: beijingDay(since) } } },
      { $group: { _id: '$memberId', n: { $sum: '$clicks' } } },
    ]);
  }

  /** One member's interest per topic over the last 30 days (clicks weigh 3, impressions 1). */
  async scoresOf(memberId: Id): Promise<Map<string, number>> {
    const since = beijingDay(this.now().getTime() - 30 * DAY_MS);
    const rows = await this.m.Interest.find({ memberId, day: { $gte: since } }).lean();
    const out = new Map<string, number>();
    for (const r of rows) out.set(r.topic, (out.get(r.topic) ?? 0) + 3 * r.clicks + r.impressions);
    return out;
  }
}
