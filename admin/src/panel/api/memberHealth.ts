import {
  type MemberHealthDiagnosis,
  type MemberHealthOverview,
  type MemberHealthSettings,
  memberHealthRoutes,
} from '@circles/shared';
import { call } from './client';

export type { MemberHealthDiagnosis, MemberHealthOverview, MemberHealthSettings };

export const fetchMemberHealth = (signal?: AbortSignal): Promise<MemberHealthOverview> =>
  call(memberHealthRoutes.overview, { signal });

export const fetchDiagnosis = (
  week: string,
  signal?: AbortSignal,
): Promise<MemberHealthDiagnosis> =>
  call(memberHealthRoutes.diagnosis, { query: { week }, signal });

export const saveMemberHealthSettings = (
  body: MemberHealthSettings,
): Promise<MemberHealthSettings> => call(memberHealthRoutes.saveSettings, { body });
