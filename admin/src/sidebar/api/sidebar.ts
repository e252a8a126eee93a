import type {
  FollowUpView,
  JssdkSignatureResponse,
  MiniprogramCard,
  NoteView,
  SidebarCustomerResponse,
  SidebarSessionResponse,
  TagGroupView,
} from '@circles/shared';
import { call } from './client';

// Types only from @circles/shared: a value import would pull zod into the sidebar bundle.

const BASE = '/api/sidebar';
const customerPath = (id: string) => `${BASE}/customers/${encodeURIComponent(id)}`;

export interface RedeemResult {
  perkCode: string;
  perkName: string;
  memberNo: string;
  usedAt: string;
}

export const sidebarApi = {
  /** GET /healthz: whether the server runs in sandbox mode (503 = degraded, still an answer). */
  health: (signal?: AbortSignal) =>
    call<{ status: string; sandbox?: boolean }>('/healthz', {
      auth: false,
      okStatuses: [503],
      signal,
    }),
  session: (code: string) =>
    call<SidebarSessionResponse>(`${BASE}/session`, {
      method: 'POST',
      body: { code },
      auth: false,
    }),
  jssdkSignature: (url: string) =>
    call<JssdkSignatureResponse>(`${BASE}/jssdk-signature`, { query: { url } }),
  customer: (externalUserId: string, signal?: AbortSignal) =>
    call<SidebarCustomerResponse>(customerPath(externalUserId), { signal }),
  editTags: (externalUserId: string, add: string[], remove: string[]) =>
    call<{ tagGroups: TagGroupView[] }>(`${customerPath(externalUserId)}/tags`, {
      method: 'PUT',
      body: { add, remove },
    }),
  addNote: (externalUserId: string, text: string) =>
    call<NoteView>(`${customerPath(externalUserId)}/notes`, { method: 'POST', body: { text } }),
  addFollowUp: (externalUserId: string, title: string, dueAt?: string) =>
    call<FollowUpView>(`${customerPath(externalUserId)}/follow-ups`, {
      method: 'POST',
      body: dueAt ? { title, dueAt } : { title },
    }),
  /** Playbook tasks need one of their `outcomes`; hand-made follow-ups take none. */
  followUpDone: (id: string, outcome?: string) =>
    call<FollowUpView>(`${BASE}/follow-ups/${encodeURIComponent(id)}/done`, {
      method: 'POST',
      body: outcome === undefined ? undefined : { outcome },
    }),
  redeemPerk: (redemptionCode: string) =>
    call<RedeemResult>(`${BASE}/perks/redeem`, { method: 'POST', body: { redemptionCode } }),
  perkCard: (perkCode: string) =>
    call<MiniprogramCard>(`${BASE}/perk-card`, { query: { perkCode } }),
  /** Sandbox only: the fake WeCom's stand-in for the OAuth2 redirect. */
  sandboxOAuthCode: (userid: string) =>
    call<{ code: string }>('/sandbox/wecom/oauth-code', {
      method: 'POST',
      body: { userid },
      auth: false,
    }),
  sandboxCustomers: (userid: string) =>
    call<{ customers: { externalUserId: string; name: string }[] }>(
      `/sandbox/wecom/consultants/${encodeURIComponent(userid)}/customers`,
      { auth: false },
    ),
  sandboxConsultants: () =>
    call<{ consultants: { userid: string; name: string }[] }>('/sandbox/wecom/consultants', {
      auth: false,
    }),
};
