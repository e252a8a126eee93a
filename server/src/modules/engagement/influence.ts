import type { Types } from 'mongoose';
import type { EventsService } from '../events';
import type { ReferralService } from '../referral';
import type { TasksService } from '../tasks';

export interface InfluenceCount {
  memberId: Types.ObjectId;
  /** Shares someone else opened (counted shares). */
  shares: number;
  /** Friends bound through the member's invite code (void ones excluded). */
  invites: number;
  /** Events checked in at. */
  attendances: number;
}

/** Engagement signals per member since a date, for the value engine's influence score. */
export class EngagementService {
  constructor(
    private readonly tasks: TasksService,
    private readonly referral: ReferralService,
    private readonly events: EventsService,
  ) {}

  async *influenceCounts(since: Date): AsyncIterable<InfluenceCount> {
    const [shares, invites, attendances] = await Promise.all([
      this.tasks.countedSharesSince(since),
      this.referral.invitesSince(since),
      this.events.attendancesSince(since),
    ]);
    const byMember = new Map<string, InfluenceCount>();
    const at = (id: Types.ObjectId) => {
      const key = String(id);
      let c = byMember.get(key);
      if (!c) {
        c = { memberId: id, shares: 0, invites: 0, attendances: 0 };
        byMember.set(key, c);
      }
      return c;
    };
    for (const r of shares) at(r._id).shares = r.n;
    for (const r of invites) at(r._id).invites = r.n;
    for (const r of attendances) at(r._id).attendances = r.n;
    yield* byMember.values();
  }
}
