import type {
  BodyOf,
  MemberSummary,
  memberRoutes,
  ResponseOf,
  SessionResponse,
} from '@circles/shared';
import { request } from './request';

export type Me = ResponseOf<typeof memberRoutes.me>;
export type ProfileUpdate = BodyOf<typeof memberRoutes.updateProfile>;

export const sessionApi = {
  create: (code: string, scene?: string) =>
    request<SessionResponse>('/api/mp/session', {
      method: 'POST',
      body: scene ? { code, scene } : { code },
      auth: false,
    }),
  bindPhone: (code: string) =>
    request<{ member: MemberSummary }>('/api/mp/phone', { method: 'POST', body: { code } }),
};

export const meApi = {
  get: () => request<Me>('/api/mp/me'),
  update: (body: ProfileUpdate) => request<Me>('/api/mp/me', { method: 'PATCH', body }),
};
