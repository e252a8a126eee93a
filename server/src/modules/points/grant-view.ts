import type { GrantBody, GrantJobView } from '@circles/shared';
import type { GrantJobDoc } from './grants.model';

export const grantView = (j: GrantJobDoc): GrantJobView => ({
  id: String(j._id),
  kind: j.kind,
  segment: j.segment,
  points: j.points,
  reason: j.reason,
  status: j.status,
  total: j.total,
  totalPoints: j.totalPoints ?? null,
  done: j.done,
  failed: j.failed,
  failures: j.failures,
  error: j.error,
  createdBy: j.createdBy,
  createdAt: j.createdAt.toISOString(),
  finishedAt: j.finishedAt?.toISOString() ?? null,
  // Jobs written before the two-person rule have no approval field.
  approval: j.approval
    ? {
        status: j.approval.status,
        requestedBy: j.approval.requestedBy,
        decidedBy: j.approval.decidedBy,
        decidedAt: j.approval.decidedAt?.toISOString() ?? null,
        note: j.approval.note,
      }
    : null,
});

export const segmentOf = (s: GrantBody['segment']): GrantJobDoc['segment'] =>
  'tier' in s
    ? { type: 'tier', value: s.tier }
    : 'tagId' in s
      ? { type: 'tag', value: s.tagId }
      : { type: 'list', value: `${s.memberNos.length} 名会员` };
