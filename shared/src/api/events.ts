import { z } from 'zod';
import { circleIds, defineRoute } from './index-base';

export const EVENT_KINDS = ['member_day', 'tasting', 'experience_day', 'live', 'salon'] as const;
export const EVENT_KIND_TEXT: Record<(typeof EVENT_KINDS)[number], string> = {
  member_day: '会员日',
  tasting: '品鉴会',
  experience_day: '线下体验日',
  live: '直播',
  salon: '沙龙',
};

export const SIGNUP_STATES = [
  'registered',
  'waitlisted',
  'cancelled',
  'attended',
  'no_show',
] as const;

/** Check-in opens this long before the start unless the event says otherwise; it closes at the end. */
export const DEFAULT_CHECKIN_OPENS_MINUTES = 120;

const tierCode = z.string().regex(/^[a-z][a-z0-9_]{1,23}$/);
const objectId = z.string().regex(/^[a-f0-9]{24}$/, 'expected an event id');

export const eventBody = z
  .object({
    title: z.string().trim().min(1).max(60),
    kind: z.enum(EVENT_KINDS),
    description: z.string().max(2000).default(''),
    coverUrl: z.url().max(512).nullable().default(null),
    startAt: z.coerce.date(),
    endAt: z.coerce.date(),
    place: z.string().max(200).nullable().default(null),
    liveUrl: z.url().max(512).nullable().default(null),
    capacity: z.number().int().min(1).max(100_000),
    /** Seats reserved per tier at most (a tier without a quota competes for the rest). */
    tierQuotas: z
      .array(z.object({ tierCode, seats: z.number().int().min(0) }))
      .max(12)
      .default([]),
    /** Empty: every tier may sign up. */
    eligibleTiers: z.array(tierCode).max(12).default([]),
    /** Circle-exclusive events: only members of one of these circles may sign up. */
    circleIds: circleIds.default([]),
    signupDeadline: z.coerce.date(),
    reward: z
      .object({ points: z.number().int().min(0), growth: z.number().int().min(0) })
      .default({ points: 0, growth: 0 }),
    /** Minutes before the start when staff may begin checking members in (until the end). */
    checkinOpensMinutesBefore: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(DEFAULT_CHECKIN_OPENS_MINUTES),
  })
  .refine((e) => e.endAt > e.startAt, { message: 'endAt must be after startAt', path: ['endAt'] })
  .refine((e) => e.signupDeadline <= e.startAt, {
    message: 'the sign-up deadline must not be after the start',
    path: ['signupDeadline'],
  })
  .refine((e) => e.tierQuotas.every((q) => q.seats <= e.capacity), {
    message: 'a tier quota cannot exceed the capacity',
    path: ['tierQuotas'],
  })
  .refine((e) => e.kind === 'live' || e.place, {
    message: 'an offline event needs a place',
    path: ['place'],
  });
export type EventBody = z.infer<typeof eventBody>;

const eventCommon = {
  id: z.string(),
  title: z.string(),
  kind: z.enum(EVENT_KINDS),
  kindText: z.string(),
  description: z.string(),
  coverUrl: z.string().nullable(),
  startAt: z.string(),
  endAt: z.string(),
  place: z.string().nullable(),
  liveUrl: z.string().nullable(),
  signupDeadline: z.string(),
  status: z.enum(['published', 'cancelled']),
  reward: z.object({ points: z.number(), growth: z.number() }),
};

export const adminEventView = z.object({
  ...eventCommon,
  capacity: z.number().int(),
  tierQuotas: z.array(z.object({ tierCode: z.string(), seats: z.number().int() })),
  eligibleTiers: z.array(z.string()),
  circleIds: z.array(z.string()),
  checkinOpensMinutesBefore: z.number().int(),
  registered: z.number().int(),
  waitlisted: z.number().int(),
  attended: z.number().int(),
});
export type AdminEventView = z.infer<typeof adminEventView>;

export const mySignup = z.object({
  state: z.enum(SIGNUP_STATES),
  /** 1-based place in the waitlist, when waitlisted. */
  position: z.number().int().nullable(),
  /** Check-in token for the QR code, when registered. */
  ticket: z.string().nullable(),
});

export const memberEventView = z.object({
  ...eventCommon,
  /** Seats this member can still take: capacity left, or their tier's quota left if lower. */
  seatsLeft: z.number().int(),
  eligible: z.boolean(),
  /** Who may sign up, in words ("金卡及以上可报名"); null when every tier may. */
  eligibleText: z.string().nullable(),
  /** An online event (no venue): no ticket QR; the live link opens at `liveOpensAt`. */
  online: z.boolean(),
  liveOpensAt: z.string().nullable(),
  mySignup: mySignup.nullable(),
});

export const signupRow = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  tierCode: z.string(),
  state: z.enum(SIGNUP_STATES),
  seq: z.number().int(),
  signedUpAt: z.string(),
  checkedInAt: z.string().nullable(),
});

export const checkinResponse = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  eventId: z.string(),
  eventTitle: z.string(),
  checkedInAt: z.string(),
});

const idParams = z.object({ id: objectId });
/** The scanner names the event it checks in, so a ticket of another event is refused. */
const checkinBody = z.object({ eventId: objectId, token: z.string().min(1).max(200) });
export type CheckinBody = z.infer<typeof checkinBody>;
const writers = ['admin', 'ops'] as const;

export const eventRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/mp/events',
    summary: 'Upcoming events, the ones my tier may join first, with seats left',
    tag: 'member',
    auth: 'member',
    response: z.object({ items: z.array(memberEventView) }),
  }),
  signup: defineRoute({
    method: 'post',
    path: '/api/mp/events/:id/signup',
    summary: 'Sign up; over capacity the answer says waitlisted (a repeat answers the same)',
    tag: 'member',
    auth: 'member',
    params: idParams,
    response: mySignup,
  }),
  cancel: defineRoute({
    method: 'post',
    path: '/api/mp/events/:id/cancel',
    summary: 'Cancel my sign-up; a freed seat goes to the first on the waitlist',
    tag: 'member',
    auth: 'member',
    params: idParams,
    response: mySignup,
  }),
  checkin: defineRoute({
    method: 'post',
    path: '/api/events/checkins',
    summary:
      "Staff scan a member's ticket at one event (within its check-in window): check-in and the attendance reward, once",
    tag: 'admin',
    auth: 'admin',
    roles: ['admin', 'ops', 'consultant-manager'],
    body: checkinBody,
    response: checkinResponse,
  }),
  /** The same check-in for consultants scanning from the WeCom sidebar (consultant session). */
  consultantCheckin: defineRoute({
    method: 'post',
    path: '/api/sidebar/events/checkins',
    summary: "A consultant scans a member's ticket from the WeCom sidebar",
    tag: 'sidebar',
    auth: 'consultant',
    body: checkinBody,
    response: checkinResponse,
  }),
};

export const adminEventRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/admin/events',
    summary: 'Every event, newest first',
    tag: 'admin',
    auth: 'admin',
    response: z.object({ items: z.array(adminEventView) }),
  }),
  create: defineRoute({
    method: 'post',
    path: '/api/admin/events',
    summary: 'Create (publish) a community event',
    tag: 'admin',
    auth: 'admin',
    roles: writers,
    body: eventBody,
    response: adminEventView,
    status: 201,
  }),
  update: defineRoute({
    method: 'put',
    path: '/api/admin/events/:id',
    summary: 'Edit an event; more seats promote the waitlist',
    tag: 'admin',
    auth: 'admin',
    roles: writers,
    params: idParams,
    body: eventBody,
    response: adminEventView,
  }),
  cancel: defineRoute({
    method: 'post',
    path: '/api/admin/events/:id/cancel',
    summary: 'Cancel an event',
    tag: 'admin',
    auth: 'admin',
    roles: writers,
    params: idParams,
    response: adminEventView,
  }),
  signups: defineRoute({
    method: 'get',
    path: '/api/admin/events/:id/signups',
    summary: 'Sign-ups of an event in sign-up order',
    tag: 'admin',
    auth: 'admin',
    params: idParams,
    response: z.object({ items: z.array(signupRow) }),
  }),
  exportCsv: defineRoute({
    method: 'get',
    path: '/api/admin/events/:id/signups.csv',
    summary: 'Sign-ups as CSV (UTF-8 with BOM, for Excel)',
    tag: 'admin',
    auth: 'admin',
    params: idParams,
    response: z.string(),
  }),
};
