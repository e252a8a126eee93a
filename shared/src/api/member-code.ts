import { z } from 'zod';
import { defineRoute, stableId } from './index-base';
import { walletBalance } from './wallet';

/**
 * 会员码: 20 digits (a 12-digit random id and an 8-digit signature), so a till can read it from
 * the QR, from a barcode scanner or typed in by hand.
 */
export const MEMBER_CODE_RE = /^\d{20}$/;
/** The member center shows a new code this often. */
export const MEMBER_CODE_REFRESH_SECONDS = 60;

export const memberCodeResponse = z.object({
  code: z.string(),
  /** After this instant the code no longer resolves (one refresh of slack for a slow scan). */
  expiresAt: z.string(),
  refreshAfterSeconds: z.number().int(),
});
export type MemberCodeResponse = z.infer<typeof memberCodeResponse>;

export const memberCodeResolveBody = z.object({
  code: z.string().trim().regex(MEMBER_CODE_RE, 'expected the 20-digit member code'),
  storeCode: stableId.optional(),
});
export type MemberCodeResolveBody = z.infer<typeof memberCodeResolveBody>;

/** Who the code belongs to: enough for the till to greet, earn points and charge the wallet. */
export const memberCodeResolveResponse = z.object({
  memberNo: z.string(),
  nickname: z.string().nullable(),
  tier: z.object({ code: z.string(), name: z.string() }),
  points: z.object({ balance: z.number().int() }),
  wallet: walletBalance,
  resolvedAt: z.string(),
});
export type MemberCodeResolveResponse = z.infer<typeof memberCodeResolveResponse>;

export const memberCodeRoutes = {
  issue: defineRoute({
    method: 'post',
    path: '/api/mp/member-code',
    summary: 'A fresh single-use member code for the till (shown as a QR, refreshed every 60 s)',
    tag: 'member',
    auth: 'member',
    response: memberCodeResponse,
  }),
  resolve: defineRoute({
    method: 'post',
    path: '/api/integrations/member-code/resolve',
    summary:
      'Identify the member behind a scanned member code (single use; a retry by the same key answers again)',
    tag: 'integrations',
    auth: 'integration',
    body: memberCodeResolveBody,
    response: memberCodeResolveResponse,
  }),
};
