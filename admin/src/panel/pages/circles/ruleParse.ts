import type { CircleOp } from '@circles/shared';
import {
  type ConditionNode,
  type DraftValue,
  type FieldIndex,
  type GroupNode,
  newCondition,
  newGroup,
  type RuleNode,
  toYuan,
} from './ruleModel';

// A saved rule (GET /api/admin/circles/:id, `rule: unknown`) back into an editor draft.

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function conditionOf(r: Json, fields: FieldIndex): ConditionNode {
  const c = newCondition();
  const field = typeof r.field === 'string' ? fields.get(r.field) : undefined;
  c.field = typeof r.field === 'string' ? r.field : null;
  c.op = typeof r.op === 'string' ? (r.op as CircleOp) : null;
  c.days = isNumber(r.days) ? r.days : null;
  c.topic = typeof r.topic === 'string' ? r.topic : null;
  const fromFen = (v: unknown) => (isNumber(v) && field?.money ? toYuan(v) : v);
  const v = r.value;
  if (Array.isArray(v) && c.op === 'between') {
    c.value = [fromFen(v[0]), fromFen(v[1])].map((n) => (isNumber(n) ? n : null)) as [
      number | null,
      number | null,
    ];
  } else if (Array.isArray(v)) {
    c.value = v.filter((x): x is string => typeof x === 'string');
  } else if (isNumber(v) || typeof v === 'string' || typeof v === 'boolean') {
    c.value = fromFen(v) as DraftValue;
  }
  return c;
}

function nodeOf(r: unknown, fields: FieldIndex): RuleNode {
  if (isObject(r)) {
    if (Array.isArray(r.all))
      return newGroup(
        'all',
        r.all.map((c) => nodeOf(c, fields)),
      );
    if (Array.isArray(r.any))
      return newGroup(
        'any',
        r.any.map((c) => nodeOf(c, fields)),
      );
    if ('not' in r) {
      const inner = r.not;
      if (isObject(inner) && Array.isArray(inner.all))
        return newGroup(
          'not',
          inner.all.map((c) => nodeOf(c, fields)),
        );
      return newGroup('not', [nodeOf(inner, fields)]);
    }
    if ('field' in r) return conditionOf(r, fields);
  }
  return newCondition();
}

/** A saved rule as a draft (the root is always a group). */
export function parseRule(rule: unknown, fields: FieldIndex): GroupNode {
  const node = nodeOf(rule, fields);
  return node.kind === 'group' ? node : newGroup('all', [node]);
}
