import { beijingDay, type PlaybookTrigger } from '@circles/shared';
import type { Types } from 'mongoose';
import type { PlaybookPorts } from './ports';

type SignalTrigger = Extract<
  PlaybookTrigger,
  { type: 'circle_left' | 'event_no_show' | 'points_expiring' }
>;
export type SignalType = SignalTrigger['type'];
export const SIGNAL_TRIGGERS: readonly SignalType[] = [
  'circle_left',
  'event_no_show',
  'points_expiring',
];
export const isSignalTrigger = (t: PlaybookTrigger): t is SignalTrigger =>
  (SIGNAL_TRIGGERS as readonly string[]).includes(t.type);

export interface Entry {
  memberId: Types.ObjectId;
  episode: string;
  vars?: Record<string, string>;
}

const DAY_MS = 86_400_000;
/** Signals older than this are not looked at again (the tick runs every minute). */
const LOOKBACK_MS = 30 * DAY_MS;

/**
 * Who a signal trigger enters now. Each signal names its episode (the exit instant, the event,
 * the expiry instant), so reading the same signal on every tick enters each member once.
 */
export async function signalEntries(
  trigger: SignalTrigger,
  ports: Pick<PlaybookPorts, 'audience' | 'signals'>,
  activatedAt: Date,
  now: Date,
): Promise<Entry[]> {
  const since = new Date(Math.max(activatedAt.getTime(), now.getTime() - LOOKBACK_MS));
  if (trigger.type === 'circle_left') {
    const exits = await ports.signals.exitsSince(trigger.circleId, since);
    return exits.map((x) => ({ memberId: x.memberId, episode: `left:${x.at.getTime()}` }));
  }
  const inCircle = new Set(
    (await ports.audience.membersOf(trigger.circleId)).map((x) => String(x.memberId)),
  );
  if (trigger.type === 'event_no_show') {
    const rows = await ports.signals.noShowsSince(since);
    return rows
      .filter((x) => inCircle.has(String(x.memberId)))
      .map((x) => ({
        memberId: x.memberId,
        episode: `noshow:${x.eventId}`,
        vars: { event: x.title },
      }));
  }
  const until = new Date(now.getTime() + trigger.withinDays * DAY_MS);
  const rows = await ports.signals.pointsExpiring(now, until);
  return rows
    .filter((x) => inCircle.has(String(x.memberId)))
    .map((x) => ({
      memberId: x.memberId,
      episode: `expiry:${x.expiresAt.getTime()}`,
      vars: { points: String(x.points), expiresAt: beijingDay(x.expiresAt) },
    }));
}
