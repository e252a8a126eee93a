import {
  type AdminEventView,
  DEFAULT_CHECKIN_OPENS_MINUTES,
  EVENT_KIND_TEXT,
  type EventBody,
  type memberEventView,
} from '@circles/shared';
import { Types } from 'mongoose';
import type { z } from 'zod';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import type { MembersService } from '../members';
import type { TiersService } from '../tiers';
import { type EventDoc, type EventModels, eventModels, type SignupDoc } from './events.model';
import { eligibleText, liveFor, seatsLeftFor } from './member-view';

type MemberEventView = z.infer<typeof memberEventView>;

const common = (e: EventDoc) => ({
  id: String(e._id),
  title: e.title,
  kind: e.kind,
  kindText: EVENT_KIND_TEXT[e.kind],
  description: e.description,
  coverUrl: e.coverUrl,
  startAt: e.startAt.toISOString(),
  endAt: e.endAt.toISOString(),
  place: e.place,
  liveUrl: e.liveUrl,
  signupDeadline: e.signupDeadline.toISOString(),
  status: e.status,
  reward: { points: e.reward.points, growth: e.reward.growth },
});

export const eligibleFor = (e: EventDoc, tierCode: string) =>
  e.eligibleTiers.length === 0 || e.eligibleTiers.includes(tierCode);

/** When staff may check members in: from `opensMinutesBefore` the start until the end. */
export const checkinWindow = (e: EventDoc) => ({
  opensAt: new Date(
    e.startAt.getTime() - (e.checkinOpensMinutesBefore ?? DEFAULT_CHECKIN_OPENS_MINUTES) * 60_000,
  ),
  closesAt: e.endAt,
});

/** Circle-exclusive events are for members of one of their circles only. */
export const inCircles = (e: EventDoc, circles: ReadonlySet<string>) =>
  !e.circleIds?.length || e.circleIds.some((c) => circles.has(c));

/** Which circles a member is in. */
export interface EventCirclesPort {
  idsOf(memberId: Types.ObjectId): Promise<ReadonlySet<string>>;
}

/** Community events: admin CRUD, the member list, upcoming sign-ups and the no-show pass. */
export class EventsService {
  readonly m: EventModels;

  constructor(
    private readonly core: Core,
    private readonly members: MembersService,
    readonly circles: EventCirclesPort,
    private readonly tiers: Pick<TiersService, 'ladder'>,
  ) {
    this.m = eventModels(core.conn);
  }

  async require(id: string | Types.ObjectId): Promise<EventDoc> {
    const e = Types.ObjectId.isValid(id) ? await this.m.Event.findById(id).lean() : null;
    if (!e) throw AppError.of('NOT_FOUND', '活动不存在');
    return e;
  }

  /** Every tier with a quota starts at 0 taken, so the conditional seat update can compare it. */
  private static zeroTaken(body: EventBody, taken: Record<string, number> = {}) {
    const out = { ...taken };
    for (const q of body.tierQuotas) out[q.tierCode] ??= 0;
    return out;
  }

  async create(body: EventBody): Promise<EventDoc> {
    const doc = await this.m.Event.create({
      ...body,
      status: 'published',
      registered: 0,
      seq: 0,
      tierTaken: EventsService.zeroTaken(body),
    });
    return doc.toObject();
  }

  async update(id: string, body: EventBody): Promise<EventDoc> {
    const before = await this.require(id);
    const zero: Record<string, number> = {};
    for (const q of body.tierQuotas) {
      if (before.tierTaken[q.tierCode] === undefined) zero[`tierTaken.${q.tierCode}`] = 0;
    }
    await this.m.Event.updateOne({ _id: before._id }, { $set: { ...body, ...zero } });
    return this.require(id);
  }

  async cancel(id: string): Promise<EventDoc> {
    const e = await this.require(id);
    await this.m.Event.updateOne({ _id: e._id }, { $set: { status: 'cancelled' } });
    return this.require(id);
  }

  async list(): Promise<EventDoc[]> {
    return this.m.Event.find().sort({ startAt: -1 }).limit(500).lean();
  }

  async adminView(e: EventDoc): Promise<AdminEventView> {
    const counts = await this.m.Signup.aggregate<{ _id: string; n: number }>([
      { $match: { eventId: e._id } },
      { $group: { _id: '$state', n: { $sum: 1 } } },
    ]);
    const n = (s: string) => counts.find((c) => c._id === s)?.n ?? 0;
    return {
      ...common(e),
      capacity: e.capacity,
      tierQuotas: e.tierQuotas.map((q) => ({ tierCode: q.tierCode, seats: q.seats })),
      eligibleTiers: e.eligibleTiers,
      circleIds: e.circleIds ?? [],
      checkinOpensMinutesBefore: e.checkinOpensMinutesBefore ?? DEFAULT_CHECKIN_OPENS_MINUTES,
      registered: e.registered,
      waitlisted: n('waitlisted'),
      attended: n('attended'),
    };
  }

  async position(s: SignupDoc): Promise<number | null> {
    if (s.state !== 'waitlisted') return null;
    return (
      (await this.m.Signup.countDocuments({
        eventId: s.eventId,
        state: 'waitlisted',
        seq: { $lt: s.seq },
      })) + 1
    );
  }

  async mySignup(s: SignupDoc) {
    return {
      state: s.state === 'pending' ? ('waitlisted' as const) : s.state,
      position: await this.position(s),
      ticket: s.state === 'registered' ? `${s._id}.${s.secret}` : null,
    };
  }

  /** Upcoming, published events; those the member's tier may join first. */
  async forMember(memberId: Types.ObjectId): Promise<MemberEventView[]> {
    const member = await this.members.require(memberId);
    const now = this.core.clock.now();
    const events = await this.m.Event.find({ status: 'published', endAt: { $gt: now } })
      .sort({ startAt: 1 })
      .limit(100)
      .lean();
    const [mine, circles, { tiers }] = await Promise.all([
      this.m.Signup.find({ memberId, eventId: { $in: events.map((e) => e._id) } }).lean(),
      this.circles.idsOf(member._id),
      this.tiers.ladder(),
    ]);
    const out: MemberEventView[] = [];
    for (const e of events) {
      if (!inCircles(e, circles)) continue;
      const s = mine.find((x) => x.eventId.equals(e._id));
      const signedUp = s?.state === 'registered' || s?.state === 'attended';
      out.push({
        ...common(e),
        ...liveFor(e, signedUp, now),
        seatsLeft: seatsLeftFor(e, member.tierCode),
        eligible: eligibleFor(e, member.tierCode),
        eligibleText: eligibleText(e.eligibleTiers, tiers),
        mySignup: s ? await this.mySignup(s) : null,
      });
    }
    return out.sort((a, b) => Number(b.eligible) - Number(a.eligible));
  }

  /** Events the member is registered or waitlisted for that haven't started (sidebar, home). */
  async upcomingFor(memberId: Types.ObjectId) {
    const now = this.core.clock.now();
    const signups = await this.m.Signup.find({
      memberId,
      state: { $in: ['registered', 'waitlisted'] },
    }).lean();
    if (signups.length === 0) return [];
    const events = await this.m.Event.find({
      _id: { $in: signups.map((s) => s.eventId) },
      status: 'published',
      startAt: { $gt: now },
    })
      .sort({ startAt: 1 })
      .lean();
    return events.map((e) => ({
      eventId: String(e._id),
      title: e.title,
      kind: e.kind,
      startAt: e.startAt.toISOString(),
      state: signups.find((s) => s.eventId.equals(e._id))!.state as 'registered' | 'waitlisted',
    }));
  }

  /** Sign-ups in sign-up order, for the admin list and the CSV export. */
  async signupRows(id: string) {
    const e = await this.require(id);
    const rows = await this.m.Signup.find({ eventId: e._id, state: { $ne: 'pending' } })
      .sort({ seq: 1 })
      .lean();
    const out = [];
    for (const s of rows) {
      const m = await this.members.resolve(s.memberId);
      out.push({
        memberNo: m?.memberNo ?? '?',
        nickname: m?.nickname || '微信用户',
        tierCode: s.tierCode,
        state: s.state as Exclude<typeof s.state, 'pending'>,
        seq: s.seq,
        signedUpAt: s.signedUpAt.toISOString(),
        checkedInAt: s.checkedInAt?.toISOString() ?? null,
      });
    }
    return out;
  }

  /** After an event ends, registered members who never checked in are no-shows. Rerunnable. */
  async finishEnded(): Promise<number> {
    const now = this.core.clock.now();
    let marked = 0;
    for (const e of await this.m.Event.find({ endAt: { $lte: now }, finishedAt: null }).lean()) {
      const r = await this.m.Signup.updateMany(
        { eventId: e._id, state: 'registered' },
        { $set: { state: 'no_show' } },
      );
      marked += r.modifiedCount;
      await this.m.Event.updateOne({ _id: e._id }, { $set: { finishedAt: now } });
    }
    return marked;
  }

  /** Seat holders marked no-show by events that ended (were finished) since `since`. */
  async noShowsSince(since: Date) {
    const ended = await this.m.Event.find(
      { finishedAt: { $gte: since } },
      { title: 1, finishedAt: 1 },
    ).lean();
    if (ended.length === 0) return [];
    const byId = new Map(ended.map((e) => [String(e._id), e]));
    const rows = await this.m.Signup.find(
      { eventId: { $in: ended.map((e) => e._id) }, state: 'no_show' },
      { memberId: 1, eventId: 1 },
    ).lean();
    return rows.map((r) => {
      const e = byId.get(String(r.eventId))!;
      return {
        memberId: r.memberId,
        eventId: String(r.eventId),
        title: e.title,
        at: e.finishedAt!,
      };
    });
  }

  /** Check-ins per member since a date (influence signal). */
  attendancesSince(since: Date): Promise<Array<{ _id: Types.ObjectId; n: number }>> {
    return this.m.Signup.aggregate([
      { $match: { state: 'attended', checkedInAt: { $gte: since } } },
      { $group: { _id: '$memberId', n: { $sum: 1 } } },
    ]);
  }
}
