import type { Types } from 'mongoose';
import type { SignupDoc } from './events.model';
import type { EventsService } from './events.service';

export interface MemberSignupView {
  eventId: string;
  title: string;
  kind: string;
  startAt: string;
  state: SignupDoc['state'];
  signedUpAt: string;
  checkedInAt: string | null;
}

/**
 * A member's sign-ups (registrations, waitlist places, attendance), newest first, with their
 * events' titles; `at` bounds the sign-up time (inclusive) for timelines. Read-only.
 */
export async function memberSignups(
  events: EventsService,
  memberId: Types.ObjectId,
  opts: { at?: Date | null; limit: number },
): Promise<MemberSignupView[]> {
  const filter = opts.at ? { memberId, signedUpAt: { $lte: opts.at } } : { memberId };
  const signups = await events.m.Signup.find(filter)
    .sort({ signedUpAt: -1, _id: -1 })
    .limit(opts.limit)
    .lean();
  if (signups.length === 0) return [];
  const docs = await events.m.Event.find(
    { _id: { $in: signups.map((s) => s.eventId) } },
    { title: 1, kind: 1, startAt: 1 },
  ).lean();
  const byId = new Map(docs.map((e) => [String(e._id), e]));
  return signups.flatMap((s) => {
    const e = byId.get(String(s.eventId));
    if (!e) return [];
    return [
      {
        eventId: String(e._id),
        title: e.title,
        kind: e.kind,
        startAt: e.startAt.toISOString(),
        state: s.state,
        signedUpAt: s.signedUpAt.toISOString(),
        checkedInAt: s.checkedInAt?.toISOString() ?? null,
      },
    ];
  });
}
