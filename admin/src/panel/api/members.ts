import { adminMemberRoutes, type BodyOf, type QueryOf, type ResponseOf } from '@circles/shared';
import { call } from './client';

export type MemberPage = ResponseOf<typeof adminMemberRoutes.search>;
export type MemberListItem = MemberPage['items'][number];
export type MemberDetail = ResponseOf<typeof adminMemberRoutes.detail>;
export type MemberSearch = QueryOf<typeof adminMemberRoutes.search>;
export type TierOverride = BodyOf<typeof adminMemberRoutes.overrideTier>;

export const searchMembers = (query: MemberSearch, signal?: AbortSignal): Promise<MemberPage> =>
  call(adminMemberRoutes.search, { query, signal });

export const fetchMember = (memberNo: string, signal?: AbortSignal): Promise<MemberDetail> =>
  call(adminMemberRoutes.detail, { params: { memberNo }, signal });

export const overrideTier = (
  memberNo: string,
  body: { code: string; until: string; reason: string },
): Promise<MemberDetail> =>
  call(adminMemberRoutes.overrideTier, { params: { memberNo }, body: body satisfies TierOverride });
