import { randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { beijingDateTime } from '@circles/shared';
import { type QueryFilter, Types } from 'mongoose';
import type { Core } from '../../core';
import { AppError } from '../../lib/errors';
import { isDuplicateKey } from '../../lib/mongo-errors';
import type { RewardPayer } from '../engagement';
import type { MembersService } from '../members';
import type { MergeParticipant } from '../members';
import type { EventDoc, SignupDoc } from './events.model';
import { checkinWindow, type EventsService, eligibleFor, inCircles } from './events.service';

/** How long a sign-up may stay half-done before another request of the member finishes it. */
const STALE_MS = 30_000;

/**
 * Sign-up, cancel with waitlist promotion, and check-in. Seats are taken and given back only by
 * conditional `$inc` on the event document, so concurrent sign-ups never overbook; each sign-up's
 * place in line comes from the same update that decides its seat.
 */
export class SignupsService {
  /** Called after a check-in (task progress); must be idempotent. */
  readonly onAttended: Array<(s: SignupDoc) => Promise<void>> = [];

  constructor(
    private readonly core: Core,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly rewards: RewardPayer,
  ) {}

  private get m() {
    return this.events.m;
  }

  /** The seat condition: capacity left and, when the tier has a quota, quota left. */
  private seatFilter(e: EventDoc, tierCode: string): QueryFilter<EventDoc> {
    const quota = e.tierQuotas.find((q) => q.tierCode === tierCode);
    return {
      _id: e._id,
      status: 'published',
      // Capacity as read: an edit in between makes this miss rather than overbook.
      capacity: e.capacity,
      registered: { $lt: e.capacity },
      ...(quota ? { [`tierTaken.${tierCode}`]: { $lt: quota.seats } } : {}),
    };
  }

  async signup(memberId: Types.ObjectId, eventId: string) {
    const e = await this.events.require(eventId);
    const member = await this.members.require(memberId);
    const now = this.core.clock.now();
    if (e.status !== 'published') throw AppError.of('EVENT_NOT_OPEN', '活动已取消');
    if (now > e.signupDeadline) throw AppError.of('EVENT_SIGNUP_CLOSED', '报名已截止');
    if (!inCircles(e, await this.events.circles.idsOf(member._id))) {
      throw AppError.of('EVENT_CIRCLE_LOCKED', '该活动为圈层专属，暂不能报名');
    }
    if (!eligibleFor(e, member.tierCode)) {
      throw AppError.of('EVENT_TIER_NOT_ELIGIBLE', '你的会员等级暂不能报名此活动');
    }
    const s =
      (await this.claimSlot(e._id, member._id, member.tierCode, now)) ??
      (await this.resumeStale(e._id, member._id, now));
    if (!s) return this.events.mySignup(await this.settled(e._id, member._id));

    const seat = await this.m.Event.findOneAndUpdate(
      this.seatFilter(e, member.tierCode),
      { $inc: { registered: 1, seq: 1, [`tierTaken.${member.tierCode}`]: 1 } },
      { returnDocument: 'after' },
    ).lean();
    const line =
      seat ??
      (await this.m.Event.findOneAndUpdate(
        { _id: e._id },
        { $inc: { seq: 1 } },
        { returnDocument: 'after' },
      ).lean())!;
    await this.m.Signup.updateOne(
      { _id: s._id },
      { $set: { state: seat ? 'registered' : 'waitlisted', seq: line.seq } },
    );
    return this.events.mySignup((await this.m.Signup.findById(s._id).lean())!);
  }

  /**
   * Writes this member's sign-up as `pending` (new, or a cancelled one re-opened). Null when
   * the member already has a live sign-up: a repeat or concurrent request answers with it.
   */
  private async claimSlot(
    eventId: Types.ObjectId,
    memberId: Types.ObjectId,
    tierCode: string,
    now: Date,
  ): Promise<SignupDoc | null> {
    const fresh = {
      tierCode,
      state: 'pending' as const,
      seq: 0,
      secret: randomBytes(18).toString('base64url'),
      signedUpAt: now,
      checkedInAt: null,
    };
    try {
      return (await this.m.Signup.create({ eventId, memberId, ...fresh })).toObject();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return this.m.Signup.findOneAndUpdate(
      { eventId, memberId, state: 'cancelled' },
      { $set: fresh },
      { returnDocument: 'after' },
    ).lean();
  }

  /**
   * A sign-up left `pending` by a request that died before taking its place in line: the next
   * request of the member takes it over (one taker, by the conditional update) and finishes it.
   */
  private async resumeStale(
    eventId: Types.ObjectId,
    memberId: Types.ObjectId,
    now: Date,
  ): Promise<SignupDoc | null> {
    return this.m.Signup.findOneAndUpdate(
      {
        eventId,
        memberId,
        state: 'pending',
        signedUpAt: { $lt: new Date(now.getTime() - STALE_MS) },
      },
      { $set: { signedUpAt: now } },
      { returnDocument: 'after' },
    ).lean();
  }

  /** A concurrent request of the same member is mid-way: wait for it to settle. */
  private async settled(eventId: Types.ObjectId, memberId: Types.ObjectId): Promise<SignupDoc> {
    for (let i = 0; ; i++) {
      const s = (await this.m.Signup.findOne({ eventId, memberId }).lean())!;
      if (s.state !== 'pending' || i >= 50) return s;
      await sleep(20);
    }
  }

  async cancel(memberId: Types.ObjectId, eventId: string) {
    const e = await this.events.require(eventId);
    const before = await this.m.Signup.findOneAndUpdate(
      { eventId: e._id, memberId, state: { $in: ['registered', 'waitlisted'] } },
      { $set: { state: 'cancelled' } },
      { returnDocument: 'before' },
    ).lean();
    if (!before) throw AppError.of('EVENT_SIGNUP_NOT_FOUND', '没有可取消的报名');
    if (before.state === 'registered') {
      await this.m.Event.updateOne(
        { _id: e._id },
        { $inc: { registered: -1, [`tierTaken.${before.tierCode}`]: -1 } },
      );
      await this.promote(e._id);
    }
    return this.events.mySignup((await this.m.Signup.findById(before._id).lean())!);
  }

  /** Gives free seats to the waitlist in sign-up order (skipping tiers whose quota is full). */
  async promote(eventId: Types.ObjectId): Promise<number> {
    let promoted = 0;
    for (;;) {
      const e = await this.events.require(eventId);
      if (e.status !== 'published' || e.registered >= e.capacity) return promoted;
      const line = await this.m.Signup.find({ eventId, state: 'waitlisted' })
        .sort({ seq: 1 })
        .lean();
      let moved = false;
      for (const c of line) {
        const seat = await this.m.Event.updateOne(this.seatFilter(e, c.tierCode), {
          $inc: { registered: 1, [`tierTaken.${c.tierCode}`]: 1 },
        });
        if (seat.modifiedCount === 0) continue; // quota full for this tier (or the event changed)
        const won = await this.m.Signup.updateOne(
          { _id: c._id, state: 'waitlisted' },
          { $set: { state: 'registered' } },
        );
        if (won.modifiedCount === 1) {
          promoted++;
          moved = true;
          break;
        }
        // The candidate cancelled meanwhile: give the seat back and try the next one.
        await this.m.Event.updateOne(
          { _id: eventId },
          { $inc: { registered: -1, [`tierTaken.${c.tierCode}`]: -1 } },
        );
      }
      if (!moved) return promoted;
    }
  }

  /**
   * Staff check-in at `eventId` with the ticket token; the reward and task progress are paid
   * once. A ticket of another event, a cancelled event or a scan outside the check-in window
   * changes nothing and pays nothing.
   */
  async checkin(eventId: string, token: string) {
    const target = await this.events.require(eventId);
    const [id, secret] = token.split('.');
    const s =
      id && secret && Types.ObjectId.isValid(id) ? await this.m.Signup.findById(id).lean() : null;
    if (!s || !safeEqual(s.secret, secret!)) {
      throw AppError.of('CHECKIN_TOKEN_INVALID', '签到码无效');
    }
    if (!s.eventId.equals(target._id)) {
      const own = await this.events.m.Event.findById(s.eventId, { title: 1 }).lean();
      const title = own?.title ?? '其他活动';
      throw new AppError(
        'conflict',
        'CHECKIN_WRONG_EVENT',
        `该签到码属于活动「${title}」，不是本场「${target.title}」的签到码`,
        { field: 'token', ticketEventId: String(s.eventId), ticketEventTitle: title },
      );
    }
    if (target.status !== 'published') throw AppError.of('EVENT_NOT_OPEN', '活动已取消');
    const now = this.core.clock.now();
    // An attended ticket may be rescanned any time (it only heals a reward); a first scan must
    // fall inside the window, so a ticket shown days early or after the end earns nothing.
    if (s.state !== 'attended' && s.state !== 'registered') {
      throw AppError.of('CHECKIN_NOT_REGISTERED', '该报名未获得席位或已取消');
    }
    if (s.state === 'registered') assertInWindow(target, now);
    const done = await this.m.Signup.findOneAndUpdate(
      { _id: s._id, state: 'registered' },
      { $set: { state: 'attended', checkedInAt: now } },
      { returnDocument: 'after' },
    ).lean();
    const current = done ?? (await this.m.Signup.findById(s._id).lean())!;
    if (current.state !== 'attended') {
      throw AppError.of('CHECKIN_NOT_REGISTERED', '该报名未获得席位或已取消');
    }
    const e = target;
    // Paid on every scan of an attended ticket: idempotent, so a crash before it heals on rescan.
    await this.rewards.pay(current.memberId, e.reward, {
      pointsReason: 'event',
      growthReason: 'event',
      sourceType: 'event',
      sourceId: String(e._id),
      key: `event:${current._id}`,
      note: e.title,
      at: current.checkedInAt ?? now,
    });
    for (const hook of this.onAttended) await hook(current);
    if (!done) throw AppError.of('CHECKIN_ALREADY', '已签到，请勿重复扫码');
    const member = await this.members.require(current.memberId);
    return {
      memberNo: member.memberNo,
      nickname: member.nickname || '微信用户',
      eventId: String(e._id),
      eventTitle: e.title,
      checkedInAt: (current.checkedInAt ?? now).toISOString(),
    };
  }

  /** Sign-ups follow merges unless the survivor signed up for the same event itself. */
  mergeParticipant(): MergeParticipant {
    const move = async (
      from: Types.ObjectId,
      to: Types.ObjectId,
      filter: object,
      undo: boolean,
    ) => {
      for (const s of await this.m.Signup.find({ memberId: from, ...filter }).lean()) {
        try {
          await this.m.Signup.updateOne(
            { _id: s._id },
            undo
              ? { $set: { memberId: to }, $pull: { mergedFrom: to } }
              : { $set: { memberId: to }, $addToSet: { mergedFrom: from } },
          );
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
      }
    };
    return {
      name: 'events',
      merge: (loser, survivor) => move(loser, survivor, {}, false),
      unmerge: (loser, survivor) => move(survivor, loser, { mergedFrom: loser }, true),
    };
  }
}

function assertInWindow(e: EventDoc, now: Date): void {
  const { opensAt, closesAt } = checkinWindow(e);
  if (now >= opensAt && now <= closesAt) return;
  const hm = (d: Date) => beijingDateTime(d).slice(5); // MM-DD HH:mm, Beijing time
  throw new AppError(
    'conflict',
    'CHECKIN_OUTSIDE_WINDOW',
    `不在签到时间内：本场签到时间为 ${hm(opensAt)} 至 ${hm(closesAt)}`,
    { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() },
  );
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
