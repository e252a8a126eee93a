import { lastUsableDay, type PointsEntryView } from '@circles/shared';
import type { PointsEntryDoc } from './points.model';

export function entryView(e: PointsEntryDoc): PointsEntryView {
  return {
    id: String(e._id),
    delta: e.delta,
    reason: e.reason,
    reasonText: e.reasonText,
    note: e.note,
    sourceType: e.sourceType,
    sourceId: e.sourceId,
    balanceAfter: e.balanceAfter,
    shortfall: e.shortfall,
    expiresAt: e.expiresAt?.toISOString() ?? null,
    expiresOn: e.expiresAt ? lastUsableDay(e.expiresAt) : null,
    createdAt: e.createdAt.toISOString(),
  };
}

/** What expires next, with the last usable day members read (null when nothing ever expires). */
export function expiringView(next: { amount: number; at: Date } | null) {
  if (!next) return null;
  const on = lastUsableDay(next.at);
  return on ? { amount: next.amount, on, at: next.at.toISOString() } : null;
}
