/**
 * Warning rules over a member's snapshot and their snapshot of the previous run. Pure: the job
 * raises what these return, and every dedupe key names the episode, so reruns add nothing.
 */
import type { Types } from 'mongoose';
import type { RaiseAlert } from './alerts.service';
import type { PerkMetrics } from './value.ports';

export interface WarningSettings {
  /** P(alive) below this for a valuable member raises a churn warning. */
  churnPAlive: number;
  /** Days past the member's usual purchase interval before they count as overdue. */
  overdueGraceDays: number;
  /** Tier perk penetration below this raises a perk_penetration alert. */
  perkPenetrationMin: number;
  /** A perk's usage rate below this raises a perk_usage alert. */
  perkUsageMin: number;
}

export const DEFAULT_WARNINGS: WarningSettings = {
  churnPAlive: 0.3,
  overdueGraceDays: 30,
  perkPenetrationMin: 0.4,
  perkUsageMin: 0.3,
};

export interface SnapshotFacts {
  memberId: Types.ObjectId;
  segment: string;
  recencyDays: number;
  firstPurchaseDay: number;
  lastPurchaseDay: number;
  purchaseDays: number;
  pAlive: number | null;
}

/** Recent, high-spending segments: leaving them is a value slide. */
const RECENT_HIGH = new Set(['重要价值', '重要发展']);
const isValuable = (segment: string) => segment.startsWith('重要');

export const WAKE_UP_PLAYBOOK = [
  '1对1联系，附赠新品试用装',
  '邀请抢先体验新品',
  '邀请参加近期会员活动',
];

const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p * 100)}%`);

export function memberWarnings(
  prev: SnapshotFacts | null,
  cur: SnapshotFacts,
  runs: { runId: string; previousRunId: string | null },
  settings: WarningSettings,
): RaiseAlert[] {
  const out: RaiseAlert[] = [];
  const id = String(cur.memberId);
  if (
    prev &&
    runs.previousRunId &&
    RECENT_HIGH.has(prev.segment) &&
    !RECENT_HIGH.has(cur.segment)
  ) {
    const deep = !isValuable(cur.segment) || cur.segment === '重要挽留';
    out.push({
      kind: 'value_slide',
      memberId: cur.memberId,
      severity: deep ? 'critical' : 'warning',
      title: `价值滑落：${prev.segment} → ${cur.segment}`,
      detail: `距上次购买 ${cur.recencyDays} 天，存活概率 ${pct(cur.pAlive)}。建议唤醒三板斧：${WAKE_UP_PLAYBOOK.join('；')}。`,
      dedupeKey: `value_slide:${id}:${runs.previousRunId}>${runs.runId}`,
    });
  }
  const valuable = isValuable(cur.segment) || (prev !== null && isValuable(prev.segment));
  const lowAlive =
    cur.pAlive !== null && cur.purchaseDays >= 2 && cur.pAlive < settings.churnPAlive;
  const usualInterval =
    cur.purchaseDays >= 3
      ? (cur.lastPurchaseDay - cur.firstPurchaseDay) / (cur.purchaseDays - 1)
      : null;
  const overdue =
    usualInterval !== null && cur.recencyDays > usualInterval + settings.overdueGraceDays;
  if (valuable && (lowAlive || overdue)) {
    const reasons = [
      lowAlive ? `存活概率降至 ${pct(cur.pAlive)}` : null,
      overdue
        ? `已超出平时购买间隔（约 ${Math.round(usualInterval ?? 0)} 天）${Math.round(cur.recencyDays - (usualInterval ?? 0))} 天`
        : null,
    ].filter((r): r is string => r !== null);
    out.push({
      kind: 'churn_risk',
      memberId: cur.memberId,
      severity: lowAlive && overdue ? 'critical' : 'warning',
      title: `流失预警：${cur.segment}会员`,
      detail: `${reasons.join('，')}。建议唤醒三板斧：${WAKE_UP_PLAYBOOK.join('；')}。`,
      // One warning per lapse: a new purchase starts a new episode.
      dedupeKey: `churn_risk:${id}:${cur.lastPurchaseDay}`,
    });
  }
  return out;
}

/** Perk alerts, one per tier / perk per week (weekStart: a YYYY-MM-DD Monday). */
export function perkWarnings(
  metrics: PerkMetrics,
  weekStart: string,
  settings: WarningSettings,
): RaiseAlert[] {
  const out: RaiseAlert[] = [];
  for (const t of metrics.tiers) {
    if (t.eligibleMembers === 0 || t.penetration >= settings.perkPenetrationMin) continue;
    out.push({
      kind: 'perk_penetration',
      tierCode: t.tierCode,
      severity: 'warning',
      title: `权益渗透率偏低：${t.tierCode}`,
      detail: `${t.eligibleMembers} 名会员中仅 ${t.membersUsedAny} 人使用过权益（${pct(t.penetration)}，阈值 ${pct(settings.perkPenetrationMin)}）。`,
      dedupeKey: `perk_penetration:${t.tierCode}:${weekStart}`,
    });
  }
  for (const p of metrics.perks) {
    if (p.eligibleMembers === 0 || p.usageRate >= settings.perkUsageMin) continue;
    out.push({
      kind: 'perk_usage',
      tierCode: p.tierCode,
      perkCode: p.perkCode,
      severity: 'info',
      title: `权益使用率偏低：${p.perkName}`,
      detail: `领取 ${p.membersClaimed} 人，使用 ${p.membersUsed} 人（使用率 ${pct(p.usageRate)}，阈值 ${pct(settings.perkUsageMin)}）。`,
      dedupeKey: `perk_usage:${p.perkCode}:${weekStart}`,
    });
  }
  return out;
}
