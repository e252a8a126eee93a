import { beijingDateTime, beijingDay } from '@circles/shared/src/domain/time/beijing';
import type { TimelineItem } from '../../api/member360';

/**
 * Chinese labels for the codes the member 360 answers with, and times on Beijing time (the
 * business calendar), never the browser's zone. Local copies of the server's codes: type-only
 * imports keep zod out of the page chunk.
 */

/** `YYYY-MM-DD HH:mm` Beijing time; '—' for none. */
export function bjTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : beijingDateTime(d);
}

/** `YYYY-MM-DD` Beijing day; '—' for none. */
export function bjDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : beijingDay(d);
}

export const TIMELINE_KIND_TEXT: Record<TimelineItem['kind'], string> = {
  order: '订单',
  points: '积分',
  wallet: '储值',
  tier: '等级',
  perk: '权益',
  event: '活动',
  note: '顾问备注',
};

export const TIMELINE_KIND_COLOR: Record<TimelineItem['kind'], string> = {
  order: 'blue',
  points: 'gold',
  wallet: 'cyan',
  tier: 'purple',
  perk: 'magenta',
  event: 'green',
  note: 'gray',
};

export const ORDER_STATUS_TEXT: Record<string, string> = {
  paid: '已支付',
  partly_refunded: '部分退款',
  refunded: '已退款',
};

export const TIER_REASON_TEXT: Record<string, string> = {
  initial: '入会',
  upgrade: '升级',
  downgrade: '降级',
  manual: '手动调整',
  manual_expired: '手动调整到期',
};

export const SIGNUP_STATE_TEXT: Record<string, string> = {
  pending: '处理中',
  registered: '已报名',
  waitlisted: '候补',
  cancelled: '已取消',
  attended: '已签到',
  no_show: '未到场',
};

export const PERK_STEP_TEXT: Record<string, string> = {
  claim: '领取',
  issue: '发放',
  used: '核销',
};

export const CHANNEL_TEXT: Record<string, string> = {
  store: '门店',
  miniprogram: '小程序',
  tmall: '天猫',
  jd: '京东',
  douyin: '抖音',
  wecom: '企业微信',
  other: '其他',
};

export const BUCKET_TEXT: Record<'principal' | 'bonus', string> = {
  principal: '本金',
  bonus: '赠送金',
};

export const FOLLOW_UP_STATUS_TEXT: Record<string, string> = {
  open: '待跟进',
  done: '已完成',
};

export const TAG_SOURCE_TEXT: Record<string, string> = {
  wecom: '企业微信',
  system: '系统',
};

const label = (map: Record<string, string>, code: string | null) =>
  code === null ? null : (map[code] ?? code);

/** The label of a timeline item's code, by its kind (points and wallet titles already say it). */
export function timelineCodeText(item: TimelineItem): string | null {
  switch (item.kind) {
    case 'order':
      return label(ORDER_STATUS_TEXT, item.code);
    case 'tier':
      return label(TIER_REASON_TEXT, item.code);
    case 'event':
      return label(SIGNUP_STATE_TEXT, item.code);
    case 'perk':
      return label(PERK_STEP_TEXT, item.code);
    default:
      return null;
  }
}
