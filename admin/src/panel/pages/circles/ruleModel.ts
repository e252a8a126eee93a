import type { CircleCondition, CircleOp, CircleRule } from '@circles/shared';
import type { CircleField } from '../../api/circles';

// The editor's draft of a rule tree and its compilation to the contract's CircleRule. Type-only
// imports from @circles/shared keep zod out of the page chunk; the checks below mirror
// `checkCondition` / `ruleProblems` in shared/src/domain/circles/rules.ts with Chinese messages.

export type GroupMode = 'all' | 'any' | 'not';

export const MODE_TEXT: Record<GroupMode, string> = {
  all: '全部满足',
  any: '任一满足',
  not: '不满足',
};

/** A value as typed: money in 元 (sent as fen), a range as [low, high]. */
export type DraftValue =
  | number
  | string
  | boolean
  | string[]
  | [number | null, number | null]
  | null
  | undefined;

export interface ConditionNode {
  kind: 'condition';
  id: string;
  field: string | null;
  op: CircleOp | null;
  value: DraftValue;
  days: number | null;
  topic: string | null;
}

export interface GroupNode {
  kind: 'group';
  id: string;
  mode: GroupMode;
  children: RuleNode[];
}

export type RuleNode = ConditionNode | GroupNode;
export type FieldIndex = ReadonlyMap<string, CircleField>;

export const MAX_DEPTH = 8;
export const MAX_NODES = 200;
export const MAX_CHILDREN = 50;
export const DEFAULT_DAYS = 30;

let seq = 0;
const nextId = () => `n${++seq}`;

export function newCondition(): ConditionNode {
  return {
    kind: 'condition',
    id: nextId(),
    field: null,
    op: null,
    value: null,
    days: null,
    topic: null,
  };
}

export function newGroup(mode: GroupMode, children: RuleNode[] = [newCondition()]): GroupNode {
  return { kind: 'group', id: nextId(), mode, children };
}

export function indexFields(fields: readonly CircleField[]): FieldIndex {
  return new Map(fields.map((f) => [f.key, f]));
}

/** Which editor a value needs for a field and operator. */
export type ValueShape = 'number' | 'range' | 'choice' | 'choices' | 'boolean';

export function valueShape(field: CircleField, op: CircleOp): ValueShape {
  if (op === 'exists' || field.type === 'boolean') return 'boolean';
  if (op === 'between') return 'range';
  if (field.type === 'number') return 'number';
  if (field.type === 'set' || op === 'in' || op === 'nin') return 'choices';
  return 'choice';
}

function defaultValue(field: CircleField, op: CircleOp): DraftValue {
  switch (valueShape(field, op)) {
    case 'boolean':
      return true;
    case 'range':
      return [null, null];
    case 'choices':
      return [];
    default:
      return null;
  }
}

/** The condition after picking a field: its first operator, a fresh value, 30 days if windowed. */
export function withField(c: ConditionNode, field: CircleField): ConditionNode {
  const op = field.ops[0]?.op ?? null;
  return {
    ...c,
    field: field.key,
    op,
    value: op ? defaultValue(field, op) : null,
    days: field.windowed ? (c.days ?? DEFAULT_DAYS) : null,
    topic: field.topical ? c.topic : null,
  };
}

/** The condition after picking an operator: the value stays when its editor does. */
export function withOp(c: ConditionNode, field: CircleField, op: CircleOp): ConditionNode {
  const same = c.op !== null && valueShape(field, c.op) === valueShape(field, op);
  return { ...c, op, value: same ? c.value : defaultValue(field, op) };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What the user still has to fill in (or fix) in one condition, or null. */
export function conditionIssue(c: ConditionNode, fields: FieldIndex): string | null {
  if (!c.field) return '请选择字段';
  const field = fields.get(c.field);
  if (!field) return '该字段已不可用，请重新选择';
  if (!c.op) return '请选择条件';
  if (!field.ops.some((o) => o.op === c.op)) return '该字段不支持此条件，请重新选择';
  if (
    field.windowed &&
    !(isNumber(c.days) && Number.isInteger(c.days) && c.days >= 1 && c.days <= 365)
  )
    return '请填写 1–365 天的统计周期';
  if (field.topical && !c.topic) return '请选择内容主题';
  const v = c.value;
  switch (valueShape(field, c.op)) {
    case 'boolean':
      return typeof v === 'boolean' ? null : '请选择是或否';
    case 'range': {
      const [low, high] = Array.isArray(v) ? v : [null, null];
      if (!isNumber(low) || !isNumber(high)) return '请填写区间的最小值和最大值';
      return low <= high ? null : '最小值不能大于最大值';
    }
    case 'number':
      return isNumber(v) ? null : '请填写数值';
    case 'choices':
      if (!Array.isArray(v) || v.length === 0) return '请至少选择一个值';
      return v.length <= 200 ? null : '最多选择 200 个值';
    case 'choice':
      if (typeof v !== 'string' || v.trim() === '') return '请选择一个值';
      return v.length <= 64 ? null : '取值不超过 64 个字';
  }
}

export const toFen = (yuan: number) => Math.round(yuan * 100);
export const toYuan = (fen: number) => fen / 100;

function toCondition(c: ConditionNode, field: CircleField, op: CircleOp): CircleCondition {
  const money = (n: number) => (field.money ? toFen(n) : n);
  let value: unknown;
  switch (valueShape(field, op)) {
    case 'number':
      value = money(c.value as number);
      break;
    case 'range':
      value = (c.value as [number, number]).map(money);
      break;
    case 'choice':
      value = (c.value as string).trim();
      break;
    default:
      value = c.value;
  }
  const out: CircleCondition = { field: field.key, op, value };
  if (field.windowed && c.days !== null) out.days = c.days;
  if (field.topical && c.topic) out.topic = c.topic;
  return out;
}

export interface CompiledRule {
  /** The contract rule; null while any node has an issue. */
  rule: CircleRule | null;
  /** Node id → what is missing or wrong there. */
  issues: Map<string, string>;
  /** Rule path as the server names it ('all.1.any.0') → node id, for 400s. */
  paths: Map<string, string>;
}

/**
 * Compiles the draft. A 不满足 group of several children becomes `{not: {all: […]}}` (the
 * contract's `not` takes one rule); its children's paths go through `not.all.i`.
 */
export function compileRule(root: GroupNode, fields: FieldIndex): CompiledRule {
  const issues = new Map<string, string>();
  const paths = new Map<string, string>();
  let nodes = 0;
  const walk = (node: RuleNode, path: string[], depth: number): CircleRule | null => {
    nodes++;
    paths.set(path.join('.'), node.id);
    if (depth > MAX_DEPTH) {
      issues.set(node.id, `嵌套不能超过 ${MAX_DEPTH} 层`);
      return null;
    }
    if (node.kind === 'condition') {
      const issue = conditionIssue(node, fields);
      const field = node.field ? fields.get(node.field) : undefined;
      if (issue || !field || !node.op) {
        issues.set(node.id, issue ?? '请选择字段');
        return null;
      }
      return toCondition(node, field, node.op);
    }
    if (node.children.length === 0) {
      issues.set(node.id, '请在组内至少添加一个条件');
      return null;
    }
    if (node.children.length > MAX_CHILDREN) {
      issues.set(node.id, `一个组内最多 ${MAX_CHILDREN} 项`);
    }
    if (node.mode === 'not' && node.children.length === 1) {
      const [only] = node.children as [RuleNode];
      const inner = walk(only, [...path, 'not'], depth + 1);
      return inner && !issues.has(node.id) ? { not: inner } : null;
    }
    let base = [...path, node.mode];
    let childDepth = depth + 1;
    if (node.mode === 'not') {
      nodes++;
      paths.set([...path, 'not'].join('.'), node.id);
      base = [...path, 'not', 'all'];
      childDepth = depth + 2;
    }
    const children = node.children.map((child, i) => walk(child, [...base, String(i)], childDepth));
    if (issues.has(node.id) || children.some((c) => c === null)) return null;
    const list = children as CircleRule[];
    if (node.mode === 'all') return { all: list };
    if (node.mode === 'any') return { any: list };
    return { not: { all: list } };
  };
  const rule = walk(root, [], 0);
  if (nodes > MAX_NODES) {
    issues.set(root.id, `条件过多：最多 ${MAX_NODES} 项`);
    return { rule: null, issues, paths };
  }
  return { rule, issues, paths };
}

/** The node a server issue path names ('body.rule.all.1.any.0.value'), nearest ancestor first. */
export function nodeOfPath(paths: ReadonlyMap<string, string>, issuePath: string): string | null {
  const segs = issuePath.split('.');
  if (segs[0] !== 'body' || segs[1] !== 'rule') return null;
  let rest = segs.slice(2);
  for (;;) {
    const id = paths.get(rest.join('.'));
    if (id) return id;
    if (rest.length === 0) return null;
    rest = rest.slice(0, -1);
  }
}

function mapTree(node: RuleNode, fn: (n: RuleNode) => RuleNode | null): RuleNode | null {
  const next = fn(node);
  if (!next || next.kind === 'condition') return next;
  const children = next.children
    .map((c) => mapTree(c, fn))
    .filter((c): c is RuleNode => c !== null);
  return { ...next, children };
}

export function updateNode(root: GroupNode, id: string, fn: (n: RuleNode) => RuleNode): GroupNode {
  return mapTree(root, (n) => (n.id === id ? fn(n) : n)) as GroupNode;
}

export function removeNode(root: GroupNode, id: string): GroupNode {
  return mapTree(root, (n) => (n.id === id && n !== root ? null : n)) as GroupNode;
}

export function addChild(root: GroupNode, groupId: string, child: RuleNode): GroupNode {
  return updateNode(root, groupId, (n) =>
    n.kind === 'group' ? { ...n, children: [...n.children, child] } : n,
  );
}
