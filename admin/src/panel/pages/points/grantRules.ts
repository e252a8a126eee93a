import type { FormInstance, FormRule } from 'antd';
import type { GrantInput } from '../../api/points';

export interface GrantFormValues {
  kind: 'grant' | 'deduct';
  target: 'tier' | 'list';
  tier?: string;
  memberNos?: string;
  points: number;
  reason: string;
}

/** Member numbers pasted one per line, or separated by commas/spaces; duplicates dropped. */
export function parseMemberNos(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,，;；]+/).filter(Boolean))];
}

type Getter = Pick<FormInstance<GrantFormValues>, 'getFieldValue'>;

export const GRANT_RULES = {
  tier: [{ required: true, message: '请选择等级' }],
  memberNos: [
    { required: true, whitespace: true, message: '请粘贴会员号，每行一个' },
    {
      validator: async (_: unknown, v: string | undefined) => {
        const nos = parseMemberNos(v);
        if (nos.length > 100_000) throw new Error('一次最多 100000 个会员号');
        const bad = nos.find((n) => n.length > 32);
        if (bad) throw new Error(`会员号格式不正确：${bad.slice(0, 40)}`);
      },
    },
  ],
  points: [
    { required: true, message: '请输入积分数' },
    { type: 'integer', min: 1, max: 100_000_000, message: '积分须为 1–100000000 的整数' },
  ],
  reason: [
    { required: true, whitespace: true, message: '请填写原因（将记入审计日志）' },
    { max: 200, message: '原因不超过 200 个字' },
  ],
} satisfies Record<string, FormRule[] | ((f: Getter) => FormRule[])>;

export function toGrantBody(v: GrantFormValues, idempotencyKey: string): GrantInput {
  return {
    kind: v.kind,
    segment:
      v.target === 'tier' ? { tier: v.tier ?? '' } : { memberNos: parseMemberNos(v.memberNos) },
    points: v.points,
    reason: v.reason.trim(),
    idempotencyKey,
  };
}

/** A fresh key per submitted form: a retried click replays the same job, never a second one. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `grant-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
