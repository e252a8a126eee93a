import type { adminMemberRoutes, BodyOf, QueryOf, ResponseOf } from '@circles/shared';
import { adminApi } from './client';

export type MemberPage = ResponseOf<typeof adminMemberRoutes.search>;
export type MemberListItem = MemberPage['items'][number];
export type MemberDetail = ResponseOf<typeof adminMemberRoutes.detail>;
export type MemberSearch = QueryOf<typeof adminMemberRoutes.search>;
export type TierOverride = BodyOf<typeof adminMemberRoutes.overrideTier>;

export const searchMembers = (query: MemberSearch, signal?: AbortSignal) =>
  adminApi<MemberPage>('/members', { query: query as Record<string, string | number>, signal });

export const fetchMember = (memberNo: string, signal?: AbortSignal) =>
  adminApi<MemberDetail>(`/members/${encodeURIComponent(memberNo)}`, { signal });

export const overrideTier = (
  memberNo: string,
  body: { code: string; until: string; reason: string },
) =>
  adminApi<MemberDetail>(`/members/${encodeURIComponent(memberNo)}/tier`, {
    method: 'POST',
    body: body satisfies TierOverride,
  });
