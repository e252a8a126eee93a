import type { Types } from 'mongoose';
import type { RaiseAlert } from './alerts.service';
import type { EngagementPort, FollowUpsPort } from './value.ports';
import { WAKE_UP_PLAYBOOK } from './value.warnings';

/** Influence per member over `days` days up to the run day; empty without the engagement port. */
export async function influenceScores(
  port: EngagementPort | undefined,
  asOfDay: number,
  days: number,
): Promise<Map<string, number>> {
  const scores = new Map<string, number>();
  if (!port) return scores;
  const since = new Date((asOfDay + 1 - days) * 86_400_000);
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
