import { z } from 'zod';
import { CIRCLE_OP_LABELS, CIRCLE_OPS, type CircleOp, circleField, OPS_BY_TYPE } from './fields';

/** A leaf test: `{ field, op, value }`, plus `days` for windowed fields and `topic` for interests. */
export interface CircleCondition {
  field: string;
  op: CircleOp;
  value?: unknown;
  days?: number;
  topic?: string;
}

export type CircleRule =
  | { all: CircleRule[] }
  | { any: CircleRule[] }
  | { not: CircleRule }
  | CircleCondition;

const MAX_DEPTH = 8;
const MAX_NODES = 200;

const condition = z
  .object({
    field: z.string().min(1).max(40),
    // Checked by checkCondition, so a wrong operator is reported at its own path.
    op: z.string().min(1).max(20) as z.ZodType<CircleOp>,
    value: z.unknown().optional(),
    days: z.number().int().min(1).max(365).optional(),
    topic: z.string().trim().min(1).max(20).optional(),
  })
  .strict();

/**
 * The rule tree, nested to any depth (bounded so a preview can't be made to do unbounded
 * work). Structure is checked here; meaning (known field, allowed op, value of the right
 * type) by `checkCondition`, so a bad leaf names its exact path in the 400.
 */
export const circleRule: z.ZodType<CircleRule> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(circleRule).min(1).max(50) }).strict(),
    z.object({ any: z.array(circleRule).min(1).max(50) }).strict(),
    z.object({ not: circleRule }).strict(),
    condition,
  ]),
);

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.length <= 200 && v.every((x) => typeof x === 'string');

/** What is wrong with one condition, or null. */
export function checkCondition(c: CircleCondition): { key: string; message: string } | null {
  const def = circleField(c.field);
  if (!def) return { key: 'field', message: `没有这个字段：${c.field}` };
  if (!(CIRCLE_OPS as readonly string[]).includes(c.op)) {
    return { key: 'op', message: `不支持的比较方式：${c.op}` };
  }
  if (!OPS_BY_TYPE[def.type].includes(c.op)) {
    return { key: 'op', message: `「${def.label}」不能用「${CIRCLE_OP_LABELS[c.op]}」比较` };
  }
  if (def.windowed && c.days === undefined)
    return { key: 'days', message: '请填写统计天数（近 N 天）' };
  if (!def.windowed && c.days !== undefined)
    return { key: 'days', message: '这个字段不按天数统计，请去掉天数' };
  if (def.topical && !c.topic) return { key: 'topic', message: '请选择兴趣主题' };
  if (!def.topical && c.topic !== undefined)
    return { key: 'topic', message: '只有兴趣字段可以选择主题' };
  const v = c.value;
  if (c.op === 'exists') {
    return typeof v === 'boolean' ? null : { key: 'value', message: '请选择是或否' };
  }
  if (def.type === 'boolean') {
    return typeof v === 'boolean' ? null : { key: 'value', message: '请选择是或否' };
  }
  if (c.op === 'between') {
    const ok =
      Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]) && v[0] <= v[1];
    return ok ? null : { key: 'value', message: '请填写区间的下限和上限（下限不大于上限）' };
  }
  if (def.type === 'number') {
    return isNumber(v) ? null : { key: 'value', message: '请填写数字' };
  }
  if (c.op === 'in' || c.op === 'nin' || def.type === 'set') {
    return isStringList(v) ? null : { key: 'value', message: '请至少选择一项' };
  }
  return typeof v === 'string' && v.length > 0 && v.length <= 64
    ? null
    : { key: 'value', message: '请填写取值（最多 64 个字）' };
}

/** Every problem of a rule tree with its path (e.g. `all.1.any.0.op`), depth and size checked. */
export function ruleProblems(rule: CircleRule): Array<{ path: string[]; message: string }> {
  const out: Array<{ path: string[]; message: string }> = [];
  let nodes = 0;
  const walk = (r: CircleRule, path: string[], depth: number) => {
    nodes++;
    if (depth > MAX_DEPTH) {
      out.push({ path, message: `条件组最多嵌套 ${MAX_DEPTH} 层` });
      return;
    }
    if ('all' in r) {
      for (const [i, c] of r.all.entries()) walk(c, [...path, 'all', String(i)], depth + 1);
    } else if ('any' in r) {
      for (const [i, c] of r.any.entries()) walk(c, [...path, 'any', String(i)], depth + 1);
    } else if ('not' in r) walk(r.not, [...path, 'not'], depth + 1);
    else {
      const p = checkCondition(r);
      if (p) out.push({ path: [...path, p.key], message: p.message });
    }
  };
  walk(rule, [], 0);
  if (nodes > MAX_NODES) out.push({ path: [], message: `条件最多 ${MAX_NODES} 个` });
  return out;
}

/** The rule schema with meaning checked: the one schema the routes validate with. */
export const validCircleRule = circleRule.superRefine((rule, ctx) => {
  for (const p of ruleProblems(rule))
    ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});

/** Every field a rule reads (to build only the columns it needs). */
export function fieldsOf(rule: CircleRule): CircleCondition[] {
  if ('all' in rule) return rule.all.flatMap(fieldsOf);
  if ('any' in rule) return rule.any.flatMap(fieldsOf);
  if ('not' in rule) return fieldsOf(rule.not);
  return [rule];
}
