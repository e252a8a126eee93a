/**
 * The fields a circle (圈层) rule may test, each with its type, Chinese label and the operators
 * it allows. One list drives the rule schema (shared), the evaluator (server) and the editor
 * (admin, through GET /api/admin/circles/fields).
 */
export const CIRCLE_OPS = [
  'eq',
  'ne',
  'in',
  'nin',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'hasAny',
  'hasAll',
  'hasNone',
  'exists',
] as const;
export type CircleOp = (typeof CIRCLE_OPS)[number];

export const CIRCLE_OP_LABELS: Record<CircleOp, string> = {
  eq: '等于',
  ne: '不等于',
  in: '属于',
  nin: '不属于',
  gt: '大于',
  gte: '大于等于',
  lt: '小于',
  lte: '小于等于',
  between: '介于',
  hasAny: '包含任一',
  hasAll: '包含全部',
  hasNone: '不包含',
  exists: '有值',
};

/** number: a measure; enum: one code per member; set: several values per member (tags…). */
export type CircleFieldType = 'number' | 'enum' | 'set' | 'boolean';

export interface CircleFieldDef {
  key: string;
  label: string;
  type: CircleFieldType;
  /** Where the editor groups it. */
  group: '价值' | '等级与资产' | '标签与归属' | '行为' | '兴趣';
  unit?: string;
  /** Measured over the last N days: the rule names `days` (1–365). */
  windowed?: boolean;
  /** Needs a `topic` (content interests: 成分解析, 敏感肌, 新品 …). */
  topical?: boolean;
  /** Money fields are integer fen. */
  money?: boolean;
}

const NUMBER_OPS: CircleOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'];
const ENUM_OPS: CircleOp[] = ['eq', 'ne', 'in', 'nin', 'exists'];
const SET_OPS: CircleOp[] = ['hasAny', 'hasAll', 'hasNone', 'exists'];
const BOOL_OPS: CircleOp[] = ['eq'];

export const OPS_BY_TYPE: Record<CircleFieldType, readonly CircleOp[]> = {
  number: NUMBER_OPS,
  enum: ENUM_OPS,
  set: SET_OPS,
  boolean: BOOL_OPS,
};

const num = (
  key: string,
  label: string,
  group: CircleFieldDef['group'],
  extra: Partial<CircleFieldDef> = {},
): CircleFieldDef => ({ key, label, type: 'number', group, ...extra });

export const CIRCLE_FIELDS: readonly CircleFieldDef[] = [
  { key: 'segment', label: 'RFM 价值分层', type: 'enum', group: '价值' },
  num('rScore', 'R 分（近度）', '价值'),
  num('fScore', 'F 分（频次）', '价值'),
  num('mScore', 'M 分（金额）', '价值'),
  num('recencyDays', '距上次消费天数', '价值', { unit: '天' }),
  num('frequency', '消费天数（近一年）', '价值', { unit: '天' }),
  num('monetaryFen', '消费金额（近一年）', '价值', { unit: '分', money: true }),
  num('clv12mFen', '预测 12 个月价值（CLV）', '价值', { unit: '分', money: true }),
  num('pAlive', '活跃概率 P(alive)', '价值'),
  num('expectedPurchases90d', '预测 90 天购买次数', '价值', { unit: '次' }),
  num('influenceScore', '影响力分', '价值'),
  { key: 'tier', label: '会员等级', type: 'enum', group: '等级与资产' },
  num('pointsBalance', '积分余额', '等级与资产', { unit: '分' }),
  num('walletBalanceFen', '储值余额', '等级与资产', { unit: '分', money: true }),
  { key: 'paidMember', label: '付费会员', type: 'boolean', group: '等级与资产' },
  num('joinedDays', '入会天数', '等级与资产', { unit: '天' }),
  num('birthdayMonth', '生日月份', '等级与资产', { unit: '月' }),
  { key: 'tags', label: '标签（系统与企业微信）', type: 'set', group: '标签与归属' },
  { key: 'store', label: '所属门店', type: 'enum', group: '标签与归属' },
  { key: 'consultant', label: '服务导购', type: 'set', group: '标签与归属' },
  { key: 'city', label: '城市', type: 'enum', group: '标签与归属' },
  {
    key: 'purchasedCategory',
    label: '近 N 天购买品类',
    type: 'set',
    group: '行为',
    windowed: true,
  },
  num('spendFen', '近 N 天消费金额', '行为', { unit: '分', money: true, windowed: true }),
  num('orders', '近 N 天订单数', '行为', { unit: '单', windowed: true }),
  num('eventAttendances', '近 N 天活动签到', '行为', { unit: '次', windowed: true }),
  num('shares', '近 N 天有效分享', '行为', { unit: '次', windowed: true }),
  num('invites', '近 N 天邀请好友', '行为', { unit: '人', windowed: true }),
  num('reviews', '近 N 天评价', '行为', { unit: '条', windowed: true }),
  num('interest', '内容兴趣（近 N 天点击）', '兴趣', { unit: '次', windowed: true, topical: true }),
];

export const CIRCLE_FIELD_KEYS = CIRCLE_FIELDS.map((f) => f.key);

export function circleField(key: string): CircleFieldDef | undefined {
  return CIRCLE_FIELDS.find((f) => f.key === key);
}

/** Content topics members can show interest in (tracked clicks carry one). */
export const INTEREST_TOPICS = [
  '面料成分',
  '新品',
  '穿搭灵感',
  '羊绒护理',
  '联名限定',
  '可持续时尚',
  '尺码建议',
] as const;
