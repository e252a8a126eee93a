import { z } from 'zod';
import { defineRoute } from './index-base';

/**
 * WeChat subscribe messages (订阅消息). A one-time subscription works like a ticket: each time
 * the member taps "accept" for a template in wx.requestSubscribeMessage, the mini-program may
 * send that member one message with that template. Templates are configured per purpose.
 */
export const SUBSCRIBE_PURPOSES = [
  'perk_granted',
  'event_reminder',
  'points_expiring',
  'care_message',
] as const;
export type SubscribePurpose = (typeof SUBSCRIBE_PURPOSES)[number];

/** Keyword types of a template (the prefix of a keyword such as `thing1`). */
export const SUBSCRIBE_KEYWORD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;
export type SubscribeKeywordType = (typeof SUBSCRIBE_KEYWORD_TYPES)[number];

export interface SubscribeField {
  label: string;
  /** Keyword types that can carry this field; the first one is the sandbox template's. */
  types: readonly SubscribeKeywordType[];
}

export interface SubscribePurposeSpec {
  title: string;
  /** The page a tap on the message opens, unless configured or given per send. */
  page: string;
  /** Named fields; config maps each to one keyword of the real template. */
  fields: Readonly<Record<string, SubscribeField>>;
}

const thing = (label: string): SubscribeField => ({ label, types: ['thing'] });
const when = (label: string, first: 'date' | 'time'): SubscribeField => ({
  label,
  types: first === 'date' ? ['date', 'time'] : ['time', 'date'],
});

/**
 * What each purpose says. Field order fixes the sandbox keywords (`perk` → thing1, `note` →
 * thing2, …), which is also what data keyed by keyword means in sandbox mode.
 */
export const SUBSCRIBE_PURPOSE_SPECS: Readonly<Record<SubscribePurpose, SubscribePurposeSpec>> = {
  perk_granted: {
    title: '权益到账提醒',
    page: 'pages/perks/index',
    fields: { perk: thing('权益名称'), note: thing('温馨提示') },
  },
  event_reminder: {
    title: '活动开始提醒',
    page: 'engage/events/index',
    fields: {
      event: thing('活动名称'),
      startAt: when('开始时间', 'time'),
      place: thing('活动地点'),
    },
  },
  points_expiring: {
    title: '积分过期提醒',
    page: 'finance/points/index',
    fields: {
      points: { label: '过期积分', types: ['number', 'character_string'] },
      expiresAt: when('过期时间', 'date'),
      note: thing('温馨提示'),
    },
  },
  care_message: {
    title: '会员关怀通知',
    page: 'pages/mine/index',
    fields: { title: thing('通知主题'), content: thing('通知内容') },
  },
};

/** Where the mini-program asks: right after these actions succeed. */
export const SUBSCRIBE_MOMENTS = ['perk_claim', 'event_signup', 'topup'] as const;
export type SubscribeMoment = (typeof SUBSCRIBE_MOMENTS)[number];

/** Purposes offered at each moment; at most 3 (older WeChat clients accept 3 ids per ask). */
export const SUBSCRIBE_MOMENT_PURPOSES: Readonly<Record<SubscribeMoment, SubscribePurpose[]>> = {
  perk_claim: ['perk_granted', 'points_expiring', 'care_message'],
  event_signup: ['event_reminder', 'care_message'],
  topup: ['perk_granted', 'points_expiring'],
};

/** What wx.requestSubscribeMessage answers per template id. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;

export const subscribeTemplateId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'a subscribe-message template id');

export const subscribeTemplateView = z.object({
  purpose: z.enum(SUBSCRIBE_PURPOSES),
  title: z.string(),
  templateId: z.string(),
});

export const subscribeQuotaView = subscribeTemplateView.extend({
  /** Sends left: one per accept not yet used. */
  quota: z.number().int(),
});
export type SubscribeQuotaView = z.infer<typeof subscribeQuotaView>;

export const SUBSCRIBE_SEND_STATUSES = ['sending', 'sent', 'no_quota', 'failed'] as const;

export const subscribeSendView = z.object({
  purpose: z.enum(SUBSCRIBE_PURPOSES),
  title: z.string(),
  templateId: z.string(),
  status: z.enum(SUBSCRIBE_SEND_STATUSES),
  /** WeChat's errcode when it refused (43101 no subscription, 47003 bad data, …). */
  errcode: z.number().int().nullable(),
  /** Keyword → value as sent. */
  data: z.record(z.string(), z.string()),
  page: z.string().nullable(),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type SubscribeSendView = z.infer<typeof subscribeSendView>;

export const subscriptionRoutes = {
  templates: defineRoute({
    method: 'get',
    path: '/api/mp/subscriptions/templates',
    summary: 'Template ids to ask for with wx.requestSubscribeMessage at a moment (≤ 3)',
    tag: 'mp',
    auth: 'member',
    query: z.object({ moment: z.enum(SUBSCRIBE_MOMENTS) }),
    response: z.object({
      moment: z.enum(SUBSCRIBE_MOMENTS),
      templates: z.array(subscribeTemplateView),
      /** True when the server runs on the fake WeChat platform (the H5 build stands in). */
      sandbox: z.boolean(),
    }),
  }),
  report: defineRoute({
    method: 'post',
    path: '/api/mp/subscriptions',
    summary: 'Report what the member chose: each accept allows one message with that template',
    tag: 'mp',
    auth: 'member',
    body: z.object({
      results: z
        .record(subscribeTemplateId, z.enum(SUBSCRIBE_RESULTS))
        .refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 5, {
          message: 'expected 1–5 template ids',
        }),
    }),
    response: z.object({ accepted: z.array(subscribeQuotaView) }),
  }),
};

export const adminSubscriptionRoutes = {
  member: defineRoute({
    method: 'get',
    path: '/api/admin/members/:memberNo/subscriptions',
    summary: "A member's subscribe-message quotas and recent sends",
    tag: 'admin',
    auth: 'admin',
    params: z.object({ memberNo: z.string().max(32) }),
    response: z.object({
      quotas: z.array(subscribeQuotaView),
      sends: z.array(subscribeSendView),
    }),
  }),
};
