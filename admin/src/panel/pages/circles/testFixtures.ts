import type { CircleField, CirclePreview, CircleView } from '../../api/circles';

// Test data shaped like GET /api/admin/circles/fields and friends (shared by the circle tests).

const NUMBER_OPS = [
  { op: 'eq', label: '等于' },
  { op: 'gt', label: '大于' },
  { op: 'gte', label: '大于等于' },
  { op: 'lt', label: '小于' },
  { op: 'between', label: '介于' },
  { op: 'exists', label: '有值' },
] as const;

const field = (f: Partial<CircleField> & Pick<CircleField, 'key' | 'label' | 'type' | 'group'>) =>
  ({
    unit: null,
    windowed: false,
    topical: false,
    money: false,
    options: [],
    ops: [...NUMBER_OPS],
    ...f,
  }) as CircleField;

export const FIELDS: CircleField[] = [
  field({
    key: 'segment',
    label: 'RFM 价值分层',
    type: 'enum',
    group: '价值',
    ops: [
      { op: 'eq', label: '等于' },
      { op: 'in', label: '属于' },
    ],
    options: [
      { value: '重要价值', label: '重要价值' },
      { value: '重要发展', label: '重要发展' },
    ],
  }),
  field({
    key: 'monetaryFen',
    label: '消费金额（近一年）',
    type: 'number',
    group: '价值',
    unit: '分',
    money: true,
  }),
  field({
    key: 'paidMember',
    label: '付费会员',
    type: 'boolean',
    group: '等级与资产',
    ops: [{ op: 'eq', label: '等于' }],
  }),
  field({
    key: 'spendFen',
    label: '近 N 天消费金额',
    type: 'number',
    group: '行为',
    unit: '分',
    money: true,
    windowed: true,
  }),
  field({
    key: 'interest',
    label: '内容兴趣（近 N 天点击）',
    type: 'number',
    group: '兴趣',
    unit: '次',
    windowed: true,
    topical: true,
  }),
];

export const CIRCLE: CircleView = {
  id: 'ingredient-fans',
  name: '成分党高潜',
  description: '',
  color: '#13A8A8',
  icon: '◎',
  owner: '运营小张',
  status: 'active',
  rule: { all: [{ field: 'segment', op: 'eq', value: '重要价值' }] },
  version: 1,
  memberCount: 1280,
  materializedAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-01T01:00:00.000Z',
};

export function preview(count: number, nickname = '小美'): CirclePreview {
  return {
    count,
    population: 10_000,
    share: count / 10_000,
    revenueShare: 0.256,
    avgClv12mFen: 123_456,
    sample: [
      {
        memberNo: 'M00000001',
        nickname,
        tierCode: 'gold',
        segment: '重要价值',
        monetaryFen: 880_000,
        clv12mFen: 150_000,
        pAlive: 0.9,
        since: null,
      },
    ],
    profilesAt: '2026-11-01T02:00:00.000Z',
  };
}
