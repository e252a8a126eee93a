/** Why a points entry exists. Stable codes; the Chinese text is what members read. */
export const POINTS_REASONS = [
  'order',
  'refund',
  'redeem',
  'redeem_undo',
  'expire',
  'grant',
  'deduct',
  'adjust',
  'task',
  'signin',
  'referral',
  'event',
  'merge_in',
  'merge_out',
] as const;
export type PointsReason = (typeof POINTS_REASONS)[number];

export const POINTS_REASON_TEXT: Record<PointsReason, string> = {
  order: '订单积分',
  refund: '退款扣回',
  redeem: '积分兑换',
  redeem_undo: '兑换失败退回',
  expire: '积分过期',
  grant: '活动赠送',
  deduct: '积分扣减',
  adjust: '人工调整',
  task: '任务奖励',
  signin: '签到奖励',
  referral: '邀请奖励',
  event: '活动奖励',
  merge_in: '账户合并转入',
  merge_out: '账户合并转出',
};
