import {
  type AdminEventView,
  adminEventRoutes,
  type BodyOf,
  eventRoutes,
  type ResponseOf,
} from '@circles/shared';
import { call, download } from './client';

export type { AdminEventView };
export type EventInput = BodyOf<typeof adminEventRoutes.create>;
export type SignupRow = ResponseOf<typeof adminEventRoutes.signups>['items'][number];
export type CheckinResult = ResponseOf<typeof eventRoutes.checkin>;

export const listEvents = (signal?: AbortSignal) => call(adminEventRoutes.list, { signal });

export const createEvent = (body: EventInput): Promise<AdminEventView> =>
  call(adminEventRoutes.create, { body });

export const updateEvent = (id: string, body: EventInput): Promise<AdminEventView> =>
  call(adminEventRoutes.update, { params: { id }, body });

export const cancelEvent = (id: string): Promise<AdminEventView> =>
  call(adminEventRoutes.cancel, { params: { id } });

export const listSignups = (id: string, signal?: AbortSignal) =>
  call(adminEventRoutes.signups, { params: { id }, signal });

export const exportSignups = (id: string, title: string) =>
  download(adminEventRoutes.exportCsv, `${title}-报名名单.csv`, { params: { id } });

/**
 * Check-in at one event by the ticket token from the member's QR code (outside /api/admin);
 * the server refuses a ticket of another event and scans outside the check-in window.
 */
export const checkIn = (eventId: string, token: string): Promise<CheckinResult> =>
  call(eventRoutes.checkin, { body: { eventId, token } });
