import type {
  AdminEventView,
  adminEventRoutes,
  BodyOf,
  eventRoutes,
  ResponseOf,
} from '@circles/shared';
import { adminApi, adminDownload, sessionApi } from './client';

export type { AdminEventView };
export type EventInput = BodyOf<typeof adminEventRoutes.create>;
export type SignupRow = ResponseOf<typeof adminEventRoutes.signups>['items'][number];
export type CheckinResult = ResponseOf<typeof eventRoutes.checkin>;

const path = (id: string, rest = '') => `/events/${encodeURIComponent(id)}${rest}`;

export const listEvents = (signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof adminEventRoutes.list>>('/events', { signal });

export const createEvent = (body: EventInput) =>
  adminApi<AdminEventView>('/events', { method: 'POST', body });

export const updateEvent = (id: string, body: EventInput) =>
  adminApi<AdminEventView>(path(id), { method: 'PUT', body });

export const cancelEvent = (id: string) =>
  adminApi<AdminEventView>(path(id, '/cancel'), { method: 'POST' });

export const listSignups = (id: string, signal?: AbortSignal) =>
  adminApi<ResponseOf<typeof adminEventRoutes.signups>>(path(id, '/signups'), { signal });

export const exportSignups = (id: string, title: string) =>
  adminDownload(path(id, '/signups.csv'), `${title}-报名名单.csv`);

/** Check-in by the ticket token from the member's QR code (outside /api/admin). */
export const checkIn = (token: string) =>
  sessionApi<CheckinResult>('/api/events/checkins', { method: 'POST', body: { token } });
