import { beijingDayNumberStart } from '@circles/shared';
import type { Types } from 'mongoose';
import type { RaiseAlert } from './alerts.service';
import type { EngagementPort, FollowUpsPort } from './value.ports';
import { WAKE_UP_PLAYBOOK } from './value.warnings';

/** Influence per member over `days` days up to the run day. */
export async function influenceScores(
  port: EngagementPort,
  asOfDay: number,
  days: number,
): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  const since = beijingDayNumberStart(asOfDay + 1 - days);
  for await (const c of port.influenceCounts(since)) {
    scores.set(String(c.memberId), c.shares + 3 * c.invites + 2 * c.attendances);
  }
  return scores;
}

/** A follow-up for the member's first consultant, keyed by the alert (idempotent). */
export async function followUp(
  port: FollowUpsPort,
  memberId: Types.ObjectId,
  a: RaiseAlert,
): Promise<void> {
  const [consultant] = await port.consultantsOf(memberId);
  if (!consultant) return;
  await port.createFollowUp({
    memberId,
    consultantUserId: consultant,
    kind: a.kind,
    title: a.title,
    playbook: WAKE_UP_PLAYBOOK,
    sourceKey: a.dedupeKey,
  });
}
