import {
  beijingDay,
  beijingInstant,
  beijingIsoWeek,
  beijingWeekStart,
  DAY_MS,
  type MemberHealthDiagnosis,
  type MemberHealthOverview,
  type MemberHealthSettings,
  type MemberHealthWeek,
  memberHealthSettings,
} from '@circles/shared';
import type { Types } from 'mongoose';
import type { Clock } from '../../lib/clock';
import type { HealthWeekDoc, MemberHealthModels } from './member-health.model';
import type { MemberHealthPorts } from './ports';

export const DEFAULT_MEMBER_HEALTH: MemberHealthSettings = {
  churnRateMax: 0.05,
  consecutiveWeeks: 2,
  segments: ['重要价值', '重要发展', '重要保持', '重要挽留'],
};

const WEEK_MS = 7 * DAY_MS;
/** A diagnosis reads at most this many of the week's churned members (per-member lookups). */
const EXAMINE_MAX = 500;
const SAMPLE = 50;

/** 00:00 Beijing time of the Monday of an ISO week (`2026-W49`). */
export function isoWeekStart(week: string): Date {
  const [year, w] = week.split('-W').map(Number);
  // 4 January is always in week 1.
  return new Date(beijingWeekStart(beijingInstant(year, 1, 4)).getTime() + (w - 1) * WEEK_MS);
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

/**
 * 会员健康度: the share of high-value members who crossed the churn rule in a Beijing week,
 * measured after every value run; when it stays above the threshold for the configured number
 * of weeks running, one alert per week opens the diagnosis.
 */
export class MemberHealthService {
  private settingsCache: MemberHealthSettings | null = null;

  constructor(
    private readonly m: MemberHealthModels,
    private readonly clock: Clock,
    private readonly ports: MemberHealthPorts,
  ) {}

  async settings(): Promise<MemberHealthSettings> {
    if (this.settingsCache) return this.settingsCache;
    const doc = await this.m.Settings.findById('settings').lean();
    this.settingsCache = doc
      ? memberHealthSettings.parse({
          churnRateMax: doc.churnRateMax,
          consecutiveWeeks: doc.consecutiveWeeks,
          segments: doc.segments,
        })
      : DEFAULT_MEMBER_HEALTH;
    return this.settingsCache;
  }

  async saveSettings(s: MemberHealthSettings): Promise<MemberHealthSettings> {
    await this.m.Settings.updateOne(
      { _id: 'settings' },
      { $set: { ...s, updatedAt: this.clock.now() } },
      { upsert: true },
    );
    this.settingsCache = null;
    return this.settings();
  }

  /** The week's figure after a value run, and the alert when the streak is long enough. */
  async measure(): Promise<HealthWeekDoc | null> {
    const run = await this.ports.value.latestRun();
    if (!run) return null;
    const s = await this.settings();
    const now = this.clock.now();
    const from = beijingWeekStart(now);
    const [churned, base] = await Promise.all([
      this.ports.alerts.churnedBetween(from, new Date(from.getTime() + WEEK_MS)),
      this.ports.value.countInSegments(run.runId, s.segments),
    ]);
    const rate = base > 0 ? churned.length / base : 0;
    const week = beijingIsoWeek(now);
    const doc: HealthWeekDoc = {
      _id: week,
      day: beijingDay(now),
      runId: run.runId,
      churned: churned.length,
      base,
      rate,
      unhealthy: rate > s.churnRateMax,
      measuredAt: now,
    };
    await this.m.Week.updateOne({ _id: week }, { $set: doc }, { upsert: true });
    await this.alertOnStreak(now, s);
    return doc;
  }

  private async alertOnStreak(now: Date, s: MemberHealthSettings): Promise<void> {
    const weeks = Array.from({ length: s.consecutiveWeeks }, (_, i) =>
      beijingIsoWeek(now.getTime() - i * WEEK_MS),
    );
    const docs = await this.m.Week.find({ _id: { $in: weeks } }).lean();
    if (docs.length < weeks.length || !docs.every((d) => d.unhealthy)) return;
    const ordered = [...docs].sort((a, b) => a._id.localeCompare(b._id));
    await this.ports.alerts.raise({
      kind: 'member_health',
      severity: 'critical',
      title: `会员健康度预警：高价值会员流失率连续 ${s.consecutiveWeeks} 周高于 ${pct(s.churnRateMax)}`,
      detail: `${ordered.map((d) => `${d._id} 流失 ${d.churned}/${d.base}（${pct(d.rate)}）`).join('；')}。请查看会员健康度诊断。`,
      dedupeKey: `member_health:${weeks[0]}`,
    });
  }

  async overview(): Promise<MemberHealthOverview> {
    const [settings, docs, open] = await Promise.all([
      this.settings(),
      this.m.Week.find({}).sort({ _id: -1 }).limit(12).lean(),
      this.ports.alerts.latestOpenHealth(),
    ]);
    return {
      settings,
      weeks: docs.reverse().map(weekView),
      alert: open
        ? { id: open.id, week: open.dedupeKey.replace('member_health:', ''), title: open.title }
        : null,
    };
  }

  /** Where one week's high-value churn comes from. */
  async diagnosis(week = beijingIsoWeek(this.clock.now())): Promise<MemberHealthDiagnosis> {
    const from = isoWeekStart(week);
    const [ids, figure, run] = await Promise.all([
      this.ports.alerts.churnedBetween(from, new Date(from.getTime() + WEEK_MS)),
      this.m.Week.findById(week).lean(),
      this.ports.value.latestRun(),
    ]);
    const examined = ids.slice(0, EXAMINE_MAX);
    const circles = new Map<string, number>();
    const stores = new Map<string, number>();
    const consultants = new Map<string, number>();
    const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const id of examined) {
      const [inCircles, store, staff] = await Promise.all([
        this.ports.circles.idsOf(id),
        this.ports.orders.lastStoreOf(id),
        this.ports.consultants.consultantsOf(id),
      ]);
      for (const c of inCircles) bump(circles, c);
      bump(stores, store ?? '');
      for (const u of staff.length ? staff : ['']) bump(consultants, u);
    }
    const now = this.clock.now();
    const [circleNames, staffNames, perkUsers, sample] = await Promise.all([
      this.ports.circles.names([...circles.keys()]),
      this.ports.consultants.names(),
      this.ports.perks.usersSince(new Date(now.getTime() - 90 * DAY_MS)),
      this.sample(examined.slice(0, SAMPLE), run?.runId ?? null),
    ]);
    const used = new Set(perkUsers.map(String));
    const usedIn90d = examined.filter((id) => used.has(String(id))).length;
    return {
      week,
      churned: ids.length,
      base: figure?.base ?? 0,
      rate: figure?.rate ?? 0,
      examined: examined.length,
      byCircle: ranked(circles, (k) => circleNames.get(k) ?? k),
      byStore: ranked(stores, (k) => k || '无消费门店'),
      byConsultant: ranked(consultants, (k) => (k ? (staffNames.get(k) ?? k) : '未添加导购')),
      perkUsage: { usedIn90d, share: examined.length ? usedIn90d / examined.length : 0 },
      members: sample,
    };
  }

  private async sample(ids: Types.ObjectId[], runId: string | null) {
    const [profiles, segments, touches] = await Promise.all([
      this.ports.members.profilesOf(ids),
      runId ? this.ports.value.segmentsOf(runId, ids) : new Map<string, string>(),
      this.ports.touches.lastOf(ids),
    ]);
    return ids.map((id) => {
      const key = String(id);
      const touch = touches.get(key);
      return {
        memberId: key,
        memberNo: profiles.get(key)?.memberNo ?? '',
        nickname: profiles.get(key)?.nickname ?? '',
        segment: segments.get(key) ?? '',
        lastTouch: touch
          ? { at: touch.at.toISOString(), kind: touch.kind, playbookId: touch.playbookId }
          : null,
      };
    });
  }
}

function ranked(counts: Map<string, number>, label: (key: string) => string) {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 20)
    .map(([key, members]) => ({ key, label: label(key), members }));
}

function weekView(d: HealthWeekDoc): MemberHealthWeek {
  return {
    week: d._id,
    day: d.day,
    churned: d.churned,
    base: d.base,
    rate: d.rate,
    unhealthy: d.unhealthy,
  };
}
