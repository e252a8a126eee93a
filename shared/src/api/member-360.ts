import { z } from 'zod';
import { defineRoute, idempotencyKey, pageQuery, paged } from './index-base';
import { membershipView } from './payments';
import { adjustBody, pointsEntryView, pointsExpiring } from './points';
import { memberValueView } from './value';
import { walletBalance, walletEntryView } from './wallet';

/**
 * Member 360 (会员 360): what the back office sees of one member beyond the detail page's
 * profile — balances, paid membership, value scores, tags, consultants, events, notes and
 * follow-ups — plus the merged timeline, paged orders with items, and manual adjustments.
 */

const WRITE_ROLES = ['admin', 'ops'] as const;
const memberNoParams = z.object({ memberNo: z.string().min(1).max(32) });

export const MEMBER_360_SIGNUP_STATES = [
  'pending',
  'registered',
  'waitlisted',
  'cancelled',
  'attended',
  'no_show',
] as const;

export const member360View = z.object({
  memberNo: z.string(),
  points: z.object({ balance: z.number().int(), expiring: pointsExpiring }),
  /** 储值: balance = principal (paid in) + bonus (given by the brand), fen. */
  wallet: walletBalance,
  /** 付费会员: active with its plan and end, or inactive. */
  membership: membershipView,
  /** RFM segment, CLV (fen) and P(alive) of the latest finished value run. */
  value: memberValueView.omit({ memberId: true }),
  tags: z.array(
    z.object({
      tagId: z.string(),
      name: z.string(),
      groupName: z.string(),
      source: z.enum(['wecom', 'system']),
    }),
  ),
  /** Consultants (专属顾问) the member is an active WeCom customer of. */
  consultants: z.array(z.object({ userId: z.string(), name: z.string() })),
  /** Event sign-ups, newest first. */
  events: z.array(
    z.object({
      eventId: z.string(),
      title: z.string(),
      kind: z.string(),
      startAt: z.string(),
      state: z.enum(MEMBER_360_SIGNUP_STATES),
      signedUpAt: z.string(),
      checkedInAt: z.string().nullable(),
    }),
  ),
  /** Consultants' notes, newest first. */
  notes: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      consultantUserId: z.string(),
      consultantName: z.string(),
      createdAt: z.string(),
    }),
  ),
  /** Follow-up tasks: open first, then the latest done. */
  followUps: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      title: z.string(),
      status: z.enum(['open', 'done']),
      dueAt: z.string().nullable(),
      outcome: z.string().nullable(),
      consultantUserId: z.string(),
      createdAt: z.string(),
      doneAt: z.string().nullable(),
    }),
  ),
});
export type Member360View = z.infer<typeof member360View>;

export const TIMELINE_KINDS = [
  'order',
  'points',
  'wallet',
  'tier',
  'perk',
  'event',
  'note',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const timelineItem = z.object({
  /** Unique within the member's timeline, e.g. `order:T123`. */
  id: z.string(),
  kind: z.enum(TIMELINE_KINDS),
  at: z.string(),
  /** What it is about: an order number, a reason text, "银卡 → 金卡", a perk or event name. */
  title: z.string(),
  /**
   * A stable code the panel labels: the points/wallet reason, the tier-change reason, the
   * sign-up state, the perk step (`claim` / `issue` / `used`), the order's refund status
   * (`paid` / `partly_refunded` / `refunded`).
   */
  code: z.string().nullable(),
  /** Free text of the entry: a note, an adjustment's reason, an order's items. */
  text: z.string().nullable(),
  /** Signed points change (points entries). */
  points: z.number().int().nullable(),
  /** Fen: an order's amount, a wallet entry's signed change. */
  fen: z.number().int().nullable(),
});
export type TimelineItem = z.infer<typeof timelineItem>;

/**
 * A timeline cursor: `nextBefore` of the previous page (`<ISO instant>~<n>`: at or before that
 * instant, skipping the first n items at exactly it), or a plain ISO instant (strictly before).
 */
export const TIMELINE_CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z(~\d{1,4})?$/;

export const timelineQuery = z.object({
  before: z
    .string()
    // One check, so a bad cursor is reported once (a regex and a refine would both fire).
    .refine(
      (s) => TIMELINE_CURSOR.test(s) && !Number.isNaN(Date.parse(s.split('~')[0] ?? '')),
      'expected an ISO instant or the nextBefore of a page',
    )
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const timelinePage = z.object({
  items: z.array(timelineItem),
  /** Pass as `before` for the next (older) page; null when there is nothing older. */
  nextBefore: z.string().nullable(),
});
export type TimelinePage = z.infer<typeof timelinePage>;

export const memberOrderView = z.object({
  orderNo: z.string(),
  channel: z.string(),
  storeCode: z.string().nullable(),
  /** The store's name when the store directory knows the code (else null: show the code). */
  storeName: z.string().nullable(),
  paidAt: z.string(),
  amount: z.number().int(),
  refunded: z.number().int(),
  items: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      category: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number().int(),
    }),
  ),
  refunds: z.array(
    z.object({
      refundNo: z.string(),
      amount: z.number().int(),
      reason: z.string(),
      at: z.string(),
    }),
  ),
});
export type MemberOrderView = z.infer<typeof memberOrderView>;

export const memberOrdersQuery = pageQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

export const pointsAdjustBody = adjustBody;
export type PointsAdjustBody = z.infer<typeof pointsAdjustBody>;

export const WALLET_BUCKETS = ['principal', 'bonus'] as const;
const walletDelta = z
  .number()
  .int()
  .min(-1_000_000_000_00)
  .max(1_000_000_000_00)
  .refine((d) => d !== 0, 'must not be 0');

/** A manual wallet correction: one bucket, a signed amount in fen, a reason for the audit log. */
export const walletAdjustBody = z.object({
  /** principal = 本金 (money the member paid in), bonus = 赠送金 (given by the brand). */
  bucket: z.enum(WALLET_BUCKETS),
  delta: walletDelta,
  reason: z.string().trim().min(1).max(200),
  idempotencyKey,
});
export type WalletAdjustBody = z.infer<typeof walletAdjustBody>;

export const pointsAdjustResult = z.object({
  entry: pointsEntryView,
  /** True when the idempotency key had been applied before (nothing changed this time). */
  replayed: z.boolean(),
});
export const walletAdjustResult = z.object({
  entry: walletEntryView,
  replayed: z.boolean(),
});

export const member360Routes = {
  overview: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo/360',
    summary: 'Member 360: balances, membership, value, tags, consultants, events, notes',
    tag: 'admin',
    auth: 'admin',
    params: memberNoParams,
    response: member360View,
  }),
  timeline: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo/timeline',
    summary: 'Everything that happened to the member, newest first, paged by cursor',
    tag: 'admin',
    auth: 'admin',
    params: memberNoParams,
    query: timelineQuery,
    response: timelinePage,
  }),
  orders: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo/orders',
    summary: "The member's orders with items and refunds, newest first",
    tag: 'admin',
    auth: 'admin',
    params: memberNoParams,
    query: memberOrdersQuery,
    response: paged(memberOrderView),
  }),
  adjustPoints: defineRoute({
    method: 'post',
    path: '/api/admin/members/:memberNo/adjustments/points',
    summary: 'Credit or debit points with a reason (audited once, idempotent by key)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: memberNoParams,
    body: pointsAdjustBody,
    response: pointsAdjustResult,
  }),
  adjustWallet: defineRoute({
    method: 'post',
    path: '/api/admin/members/:memberNo/adjustments/wallet',
    summary: 'Correct the wallet principal or bonus with a reason; never below zero (409)',
    tag: 'admin',
    auth: 'admin',
    roles: WRITE_ROLES,
    params: memberNoParams,
    body: walletAdjustBody,
    response: walletAdjustResult,
  }),
};
