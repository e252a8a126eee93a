// Answers shaped exactly like the @circles/shared contracts, for page tests.
import type { Me } from '../src/api/session';
import type { MemberEvent } from '../src/api/events';
import type { MemberPerk } from '../src/api/perks';
import type { PointsEntry, PointsSummary } from '../src/api/points';
import type { MemberTask } from '../src/api/tasks';
import type { WalletEntry, WalletSummary } from '../src/api/wallet';
import { silverMember } from './session';

export const meSilver: Me = {
  memberNo: silverMember.memberNo,
  nickname: silverMember.nickname,
  avatarUrl: null,
  phoneBound: true,
  birthday: null,
  tier: silverMember.tier,
  nextTier: { code: 'gold', name: '金卡', growthNeeded: 3800, spendNeeded: 380_000 },
  growth: 1200,
  tierValidUntil: '2026-12-31T15:59:59.999Z',
  tierAtRisk: null,
  tierHistory: [{ from: null, to: 'silver', reason: 'upgrade', at: '2025-06-01T02:00:00.000Z' }],
};

export function pointsEntry(over: Partial<PointsEntry> = {}): PointsEntry {
  return {
    id: 'e1',
    delta: 1200,
    reason: 'order',
    reasonText: '订单积分',
    note: null,
    sourceType: 'order',
    sourceId: 'T1',
    balanceAfter: 1200,
    shortfall: 0,
    expiresAt: '2026-12-31T15:59:59.999Z',
    expiresOn: '2026-12-31',
    createdAt: '2025-06-01T02:00:00.000Z',
    ...over,
  };
}

export function pointsSummary(over: Partial<PointsSummary> = {}): PointsSummary {
  const items = [pointsEntry()];
  return {
    balance: 1200,
    expiring: { amount: 300, on: '2025-12-31', at: '2025-12-31T15:59:59.999Z' },
    history: { items, total: items.length, page: 1, pageSize: 20 },
    ...over,
  };
}

export function walletSummary(over: Partial<WalletSummary> = {}): WalletSummary {
  const entry: WalletEntry = {
    id: 'w1',
    reason: 'topup',
    reasonText: '储值充值',
    delta: 110_000,
    principalDelta: 100_000,
    bonusDelta: 10_000,
    balanceAfter: 110_000,
    principalAfter: 100_000,
    bonusAfter: 10_000,
    note: null,
    sourceType: 'store',
    sourceId: 'TU1',
    createdAt: '2025-06-01T02:00:00.000Z',
  };
  return {
    balance: 110_000,
    principal: 100_000,
    bonus: 10_000,
    rules: [{ id: 'r1', threshold: 100_000, bonus: 10_000, label: '充1000送100', active: true }],
    history: { items: [entry], total: 1, page: 1, pageSize: 20 },
    ...over,
  };
}

export function memberPerk(over: Partial<MemberPerk> = {}): MemberPerk {
  return {
    code: 'free_coffee',
    name: '每月咖啡券',
    description: '门店任意咖啡一杯',
    kind: 'coupon',
    imageUrl: null,
    state: 'claimable',
    quotaText: '每月 1 次',
    period: 'month',
    limit: 1,
    remaining: 1,
    validityDays: 30,
    instance: null,
    unlockTier: null,
    unlockCircle: null,
    lockedText: null,
    ...over,
  };
}

export function memberTask(over: Partial<MemberTask> = {}): MemberTask {
  return {
    code: 'daily_signin',
    name: '每日签到',
    description: '',
    kind: 'signin',
    period: 'daily',
    periodKey: '2025-06-01',
    progress: 0,
    target: 1,
    state: 'in_progress',
    reward: { points: 10, growth: 0, perkCode: null },
    streak: 2,
    ...over,
  };
}

export function memberEvent(over: Partial<MemberEvent> = {}): MemberEvent {
  return {
    id: '665f00000000000000000001',
    title: '秋冬新品品鉴会',
    kind: 'tasting',
    kindText: '品鉴会',
    description: '',
    coverUrl: null,
    startAt: '2099-10-01T11:00:00.000Z',
    endAt: '2099-10-01T13:00:00.000Z',
    place: '上海静安旗舰店',
    liveUrl: null,
    signupDeadline: '2099-09-30T15:59:59.000Z',
    status: 'published',
    reward: { points: 50, growth: 0 },
    seatsLeft: 12,
    eligible: true,
    eligibleText: null,
    online: false,
    liveOpensAt: null,
    mySignup: null,
    ...over,
  };
}
