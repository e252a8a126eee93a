import { z } from 'zod';
import { tencentCode, text } from './common';
import { defineRoute } from './index-base';
import { tierBadge } from './session';

/**
 * The WeCom chat-toolbar sidebar (consultants). Every route but `session` needs
 * `Authorization: Bearer <consultant token>` from `POST /api/sidebar/session`.
 */

const externalUserId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'expected a WeCom external_userid');
export const externalUserParams = z.object({ externalUserId });

export const consultantView = z.object({
  userId: z.string(),
  name: z.string(),
  store: z.string().nullable(),
});
export type ConsultantView = z.infer<typeof consultantView>;

export const sidebarSessionBody = z.object({
  /** The WeCom OAuth2 code (snsapi_base); in sandbox mode from `POST /sandbox/wecom/oauth-code {userid}`. */
  code: tencentCode,
});
export const sidebarSessionResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  consultant: consultantView,
});
export type SidebarSessionResponse = z.infer<typeof sidebarSessionResponse>;

const signature = z.object({
  timestamp: z.number().int(),
  nonceStr: z.string(),
  signature: z.string(),
});
export const jssdkSignatureQuery = z.object({
  /** location.href without the `#…` fragment, exactly as the page sees it. */
  url: z.url().max(2048),
});
export const jssdkSignatureResponse = z.object({
  corpId: z.string(),
  agentId: z.string(),
  /** For `ww.register({getConfigSignature})` (corp jsapi ticket). */
  config: signature,
  /** For `ww.register({getAgentConfigSignature})` (agent_config ticket). */
  agentConfig: signature,
  /** True in sandbox mode: the page should use the JS-SDK stand-in, not `@wecom/jssdk`. */
  sandbox: z.boolean(),
});
export type JssdkSignatureResponse = z.infer<typeof jssdkSignatureResponse>;

export const sidebarTag = z.object({
  tagId: z.string(),
  name: z.string(),
  /** wecom = set by a consultant in WeCom or here; system = owned by Circles (tier, segment). */
  source: z.enum(['wecom', 'system', 'circles']),
});
export const tagGroupView = z.object({
  groupId: z.string(),
  groupName: z.string(),
  /** System groups (会员等级, 价值分层) are read-only in the sidebar. */
  system: z.boolean(),
  /** Tags of the group the customer has. */
  tags: z.array(sidebarTag),
  /** Every tag of the group (for the editor). */
  options: z.array(z.object({ tagId: z.string(), name: z.string() })),
});
export type TagGroupView = z.infer<typeof tagGroupView>;

export const noteView = z.object({
  id: z.string(),
  text: z.string(),
  consultantUserId: z.string(),
  consultantName: z.string(),
  createdAt: z.string(),
});
export type NoteView = z.infer<typeof noteView>;

export const followUpView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  playbook: z.array(z.string()),
  dueAt: z.string().nullable(),
  status: z.enum(['open', 'done']),
  /** Playbook tasks: the outcomes to pick from when marking done, and the one picked. */
  outcomes: z.array(z.string()),
  outcome: z.string().nullable(),
  consultantUserId: z.string(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});
export type FollowUpView = z.infer<typeof followUpView>;

export const wecomContactView = z.object({
  externalUserId: z.string(),
  name: z.string(),
  avatar: z.string().nullable(),
  /** 1 WeChat user, 2 WeCom user. */
  type: z.number().int(),
  corpName: z.string().nullable(),
  /** When this consultant added the customer. */
  addedAt: z.string().nullable(),
  remark: z.string().nullable(),
});

export const sidebarOrder = z.object({
  orderNo: z.string(),
  paidAt: z.string(),
  amount: z.number().int(),
  status: z.string(),
  storeName: z.string().nullable(),
});

export const sidebarPerk = z.object({
  perkCode: z.string(),
  perkName: z.string(),
  status: z.enum(['available', 'claimed', 'used', 'expired']),
  redemptionCode: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export const memberCard = z.object({
  memberNo: z.string(),
  nickname: z.string(),
  avatarUrl: z.string().nullable(),
  tier: tierBadge,
  growth: z.number().int(),
  nextTier: z
    .object({ code: z.string(), name: z.string(), growthNeeded: z.number().int() })
    .nullable(),
  /** 0..1: share of the next tier's growth threshold reached (1 at the top tier). */
  progress: z.number().min(0).max(1),
  tierValidUntil: z.string().nullable(),
  totalSpend: z.number().int(),
  orderCount: z.number().int(),
  /** The circles (圈层) the customer is in, oldest membership first. */
  circles: z.array(z.object({ id: z.string(), name: z.string(), color: z.string() })).optional(),
  /** Present when the points module is installed. */
  points: z.object({ balance: z.number().int() }).optional(),
  /** Present when the wallet module is installed (fen). */
  wallet: z.object({ balance: z.number().int() }).optional(),
  /** Present when the value engine has scored the member. */
  value: z
    .object({
      segment: z.string(),
      segmentName: z.string().optional(),
      pAlive: z.number().optional(),
      clv12m: z.number().optional(),
      riskFlags: z.array(z.object({ kind: z.string(), title: z.string(), severity: z.string() })),
    })
    .optional(),
});
export type MemberCard = z.infer<typeof memberCard>;

export const sidebarCustomerResponse = z.object({
  externalUserId: z.string(),
  linked: z.boolean(),
  contact: wecomContactView,
  /** Null when the customer is not linked to a member yet. */
  member: memberCard.nullable(),
  recentOrders: z.array(sidebarOrder),
  perks: z.array(sidebarPerk).optional(),
  upcomingEvents: z
    .array(z.object({ eventId: z.string(), title: z.string(), startsAt: z.string() }))
    .optional(),
  tagGroups: z.array(tagGroupView),
  notes: z.array(noteView),
  followUps: z.array(followUpView),
  /** Set when not linked: how to invite the customer to the member center. */
  invite: z
    .object({ appid: z.string(), page: z.string(), title: z.string(), imgUrl: z.string() })
    .nullable(),
});
export type SidebarCustomerResponse = z.infer<typeof sidebarCustomerResponse>;

export const tagEditBody = z
  .object({
    add: z.array(text(1, 64)).max(50).default([]),
    remove: z.array(text(1, 64)).max(50).default([]),
  })
  .refine((b) => b.add.length + b.remove.length > 0, { message: 'nothing to change' });
export const tagEditResponse = z.object({ tagGroups: z.array(tagGroupView) });

export const noteBody = z.object({ text: z.string().trim().min(1).max(1000) });
export const followUpBody = z.object({
  title: z.string().trim().min(1).max(120),
  dueAt: z.coerce.date().optional(),
});

export const sidebarRedeemBody = z.object({ redemptionCode: z.string().min(4).max(64) });
export const redeemResponse = z.object({
  perkCode: z.string(),
  perkName: z.string(),
  memberNo: z.string(),
  usedAt: z.string(),
});

export const perkCardQuery = z.object({ perkCode: z.string().min(1).max(64) });
/** The `miniprogram` payload of `ww.sendChatMessage` (page ends in `.html`). */
export const miniprogramCard = z.object({
  appid: z.string(),
  title: z.string(),
  imgUrl: z.string(),
  page: z.string(),
});
export type MiniprogramCard = z.infer<typeof miniprogramCard>;

const base = { tag: 'sidebar', auth: 'consultant' } as const;
const customerPath = '/api/sidebar/customers/:externalUserId';

export const sidebarRoutes = {
  session: defineRoute({
    method: 'post',
    path: '/api/sidebar/session',
    summary: 'Exchange a WeCom OAuth2 code for a consultant session token',
    tag: 'sidebar',
    auth: 'none',
    body: sidebarSessionBody,
    response: sidebarSessionResponse,
  }),
  jssdkSignature: defineRoute({
    ...base,
    method: 'get',
    path: '/api/sidebar/jssdk-signature',
    summary: 'JS-SDK config and agentConfig signatures for a page URL',
    query: jssdkSignatureQuery,
    response: jssdkSignatureResponse,
  }),
  customer: defineRoute({
    ...base,
    method: 'get',
    path: customerPath,
    summary: 'The customer card for an external contact this consultant follows',
    params: externalUserParams,
    response: sidebarCustomerResponse,
  }),
  editTags: defineRoute({
    ...base,
    method: 'put',
    path: `${customerPath}/tags`,
    summary: 'Add/remove corp tags on the customer (WeCom mark_tag + member tags)',
    params: externalUserParams,
    body: tagEditBody,
    response: tagEditResponse,
  }),
  addNote: defineRoute({
    ...base,
    method: 'post',
    path: `${customerPath}/notes`,
    summary: 'Add a note on the customer',
    params: externalUserParams,
    body: noteBody,
    response: noteView,
    status: 201,
  }),
  addFollowUp: defineRoute({
    ...base,
    method: 'post',
    path: `${customerPath}/follow-ups`,
    summary: 'Add a follow-up for the customer',
    params: externalUserParams,
    body: followUpBody,
    response: followUpView,
    status: 201,
  }),
  followUpDone: defineRoute({
    ...base,
    method: 'post',
    path: '/api/sidebar/follow-ups/:id/done',
    summary: 'Mark a follow-up done',
    params: z.object({ id: z.string().regex(/^[a-f0-9]{24}$/, 'expected an id') }),
    // Optional for hand-made follow-ups; playbook tasks require one of their outcomes.
    body: z.object({ outcome: z.string().trim().min(1).max(12).optional() }).default({}),
    response: followUpView,
  }),
  redeemPerk: defineRoute({
    ...base,
    method: 'post',
    path: '/api/sidebar/perks/redeem',
    summary: 'Mark a claimed perk used by its redemption code (in store)',
    body: sidebarRedeemBody,
    response: redeemResponse,
  }),
  perkCard: defineRoute({
    ...base,
    method: 'get',
    path: '/api/sidebar/perk-card',
    summary: 'Mini-program card payload for sending a perk in the chat',
    query: perkCardQuery,
    response: miniprogramCard,
  }),
};
