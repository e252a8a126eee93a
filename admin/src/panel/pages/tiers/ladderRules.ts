import type { TierLadderBody } from '@circles/shared';
import { type LadderIssue, validateLadder } from '@circles/shared/src/domain/tiers/ladder';
import { beijingDateTime } from '@circles/shared/src/domain/time/beijing';
import type { FormInstance, FormRule } from 'antd';

// The deep import keeps the zod contracts out of the chunk: ladder.ts is plain functions.

export type TierRow = TierLadderBody['tiers'][number];
export type LadderForm = TierLadderBody;
export type TierField = keyof TierRow;

/** Cross-row rules of the ladder (the server's own check), on rows as they stand in the form. */
export function ladderIssues(tiers: ReadonlyArray<Partial<TierRow> | undefined>): LadderIssue[] {
  const complete = tiers.every(
    (t) =>
      t &&
      typeof t.code === 'string' &&
      typeof t.rank === 'number' &&
      typeof t.upgradeGrowth === 'number' &&
      typeof t.retainGrowth === 'number',
  );
  // Missing values are the single-field rules' business; comparing them would add noise.
  return complete ? validateLadder(tiers as TierRow[]) : [];
}

/** Rule for one cell that reports the ladder issue filed under its path, if any. */
export function crossRule(index: number, field: TierField): FormRule {
  return (form: Pick<FormInstance<LadderForm>, 'getFieldValue'>) => ({
    validator: async () => {
      const rows = (form.getFieldValue('tiers') ?? []) as Partial<TierRow>[];
      const issue = ladderIssues(rows).find((i) => i.path === `tiers.${index}.${field}`);
      if (issue) throw new Error(issue.message);
    },
  });
}

const int = (min: number, max: number, what: string): FormRule[] => [
  { required: true, message: `请输入${what}` },
  { type: 'integer', min, max, message: `${what}须为 ${min}–${max} 的整数` },
];

/** Single-field rules, mirroring the tierDef contract in @circles/shared. */
export const FIELD_RULES: Record<TierField, FormRule[]> = {
  code: [
    { required: true, message: '请输入等级代码' },
    {
      pattern: /^[a-z][a-z0-9_]{1,23}$/,
      message: '等级代码须以小写字母开头，2–24 位小写字母、数字或下划线',
    },
  ],
  name: [
    { required: true, whitespace: true, message: '请输入等级名称' },
    { max: 16, message: '等级名称不超过 16 个字' },
  ],
  rank: int(0, 99, '等级序号'),
  color: [
    { required: true, message: '请输入颜色' },
    { pattern: /^#[0-9A-Fa-f]{6}$/, message: '颜色格式如 #C9A227' },
  ],
  upgradeGrowth: int(0, 1_000_000_000, '升级成长值'),
  retainGrowth: int(0, 1_000_000_000, '保级成长值'),
  pointsMultiplier: [
    { required: true, message: '请输入积分倍率' },
    { type: 'number', min: 0.1, max: 10, message: '积分倍率须在 0.1–10 之间' },
  ],
};

export const GROWTH_PER_YUAN_RULES: FormRule[] = [
  { required: true, message: '请输入每元成长值' },
  {
    validator: async (_, v: unknown) => {
      if (typeof v === 'number' && (v <= 0 || v > 100))
        throw new Error('每元成长值须大于 0 且不超过 100');
    },
  },
];

/** Fields whose cross-row check depends on other rows; re-run on every change. */
export const CROSS_FIELDS: TierField[] = ['code', 'rank', 'upgradeGrowth', 'retainGrowth'];

/**
 * Stable comparison key: the preview is valid only for exactly these values. Built field by
 * field, because the watched store keeps the server's key order (and any extra keys) while
 * validateFields answers in the inputs' order: plain JSON of either never matched the other.
 */
export function ladderKey(values: LadderForm): string {
  const tiers = (values.tiers ?? []).map((t) => [
    t?.code,
    t?.name,
    t?.rank,
    t?.color,
    t?.upgradeGrowth,
    t?.retainGrowth,
    t?.pointsMultiplier,
  ]);
  return JSON.stringify([values.growthPerYuan, tiers]);
}

/** A new row after the current top tier: next rank, a higher threshold. */
export function nextRow(rows: ReadonlyArray<Partial<TierRow>>): TierRow {
  const top = rows[rows.length - 1];
  const rank = (top?.rank ?? -1) + 1;
  return {
    code: '',
    name: '',
    rank,
    color: '#8C8C8C',
    upgradeGrowth: (top?.upgradeGrowth ?? 0) + (rows.length === 0 ? 0 : 1000),
    retainGrowth: (top?.retainGrowth ?? 0) + (rows.length === 0 ? 0 : 600),
    pointsMultiplier: 1,
  };
}

/** "新门槛将于 2026-11-23 17:05（北京时间）生效": the tier run that applies a saved ladder. */
export function effectiveText(iso: string): string {
  return `新门槛将于 ${beijingDateTime(new Date(iso))}（北京时间）生效`;
}
