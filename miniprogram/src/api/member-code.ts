import type { memberCodeRoutes, ResponseOf } from '@circles/shared';
import { request } from './request';

export type MemberCode = ResponseOf<typeof memberCodeRoutes.issue>;

export const memberCodeApi = {
  issue: () => request<MemberCode>('/api/mp/member-code', { method: 'POST' }),
};
