import { beijingInstant, beijingParts, DAY_MS } from '../time/beijing';
import type { PlaybookSettings } from './definition';

/** Is `at` inside the quiet hours (Beijing time; a start after the end wraps midnight)? */
export function inQuietHours(
  at: Date,
  s: Pick<PlaybookSettings, 'quietStartHour' | 'quietEndHour'>,
) {
  const { hour } = beijingParts(at);
  if (s.quietStartHour === s.quietEndHour) return false;
  return s.quietStartHour < s.quietEndHour
    ? hour >= s.quietStartHour && hour < s.quietEndHour
    : hour >= s.quietStartHour || hour < s.quietEndHour;
}

/** `at` itself outside the quiet hours, else the next quiet-hours end (Beijing time). */
export function afterQuietHours(
  at: Date,
  s: Pick<PlaybookSettings, 'quietStartHour' | 'quietEndHour'>,
): Date {
  if (!inQuietHours(at, s)) return at;
  const p = beijingParts(at);
  const today = beijingInstant(p.year, p.month, p.day, s.quietEndHour);
  return today.getTime() > at.getTime() ? today : new Date(today.getTime() + DAY_MS);
}

/** The first instant at or after `at` that is `hour`:00 on ISO `weekday` in Beijing. */
export function nextWeekdayHour(at: Date, weekday: number, hour: number): Date {
  const p = beijingParts(at);
  const start = beijingInstant(p.year, p.month, p.day, hour);
  const days = (weekday - p.weekday + 7) % 7;
  const candidate = new Date(start.getTime() + days * DAY_MS);
  return candidate.getTime() >= at.getTime()
    ? candidate
    : new Date(candidate.getTime() + 7 * DAY_MS);
}

/**
 * When the member may be touched again under the caps (at most `max7d` touches in any 7 days
 * and `max30d` in any 30), given the instants of earlier touches; `at` when allowed now.
 */
export function nextAllowedTouch(
  at: Date,
  touches: readonly Date[],
  s: Pick<PlaybookSettings, 'maxTouches7d' | 'maxTouches30d'>,
): Date {
  let allowed = at.getTime();
  for (const [days, max] of [
    [7, s.maxTouches7d],
    [30, s.maxTouches30d],
  ] as const) {
    const window = days * DAY_MS;
    const recent = touches
      .map((t) => t.getTime())
      .filter((t) => t > at.getTime() - window && t <= at.getTime())
      .sort((a, b) => a - b);
    if (recent.length < max) continue;
    // The window frees a slot when its oldest touches (enough of them) fall out of it.
    const freeing = recent[recent.length - max]!;
    allowed = Math.max(allowed, freeing + window + 1);
  }
  return new Date(allowed);
}
