import { Typography } from 'antd';
import type { CircleField } from '../../api/circles';
import {
  type ConditionNode,
  type FieldIndex,
  MODE_TEXT,
  type RuleNode,
  valueShape,
} from './ruleModel';
import { unitOf } from './ValueEditor';

function valueText(c: ConditionNode, field: CircleField): string {
  if (!c.op) return '';
  const label = (v: string) => field.options.find((o) => o.value === v)?.label ?? v;
  const num = (n: unknown) =>
    typeof n === 'number'
      ? `${n.toLocaleString('zh-CN')}${unitOf(field) ? ` ${unitOf(field)}` : ''}`
      : '?';
  const v = c.value;
  switch (valueShape(field, c.op)) {
    case 'boolean':
      return v === true ? '是' : '否';
    case 'range':
      return Array.isArray(v) ? `${num(v[0])} 至 ${num(v[1])}` : '?';
    case 'number':
      return num(v);
    case 'choices':
      return Array.isArray(v) ? (v as string[]).map(label).join('、') : '?';
    case 'choice':
      return typeof v === 'string' ? label(v) : '?';
  }
}

/** "近 30 天消费金额 大于 500 元" */
export function describeCondition(c: ConditionNode, fields: FieldIndex): string {
  const field = c.field ? fields.get(c.field) : undefined;
  if (!field) return c.field ? `未知字段 ${c.field}` : '（未完成的条件）';
  const opLabel = field.ops.find((o) => o.op === c.op)?.label ?? c.op ?? '';
  const name = field.windowed && c.days ? field.label.replace('N', String(c.days)) : field.label;
  const topic = field.topical && c.topic ? `「${c.topic}」` : '';
  return `${name}${topic} ${opLabel} ${valueText(c, field)}`.trim();
}

function Node({ node, fields }: { node: RuleNode; fields: FieldIndex }) {
  if (node.kind === 'condition') return <li>{describeCondition(node, fields)}</li>;
  return (
    <li>
      <Typography.Text strong>{MODE_TEXT[node.mode]}</Typography.Text>
      <ul className="circle-summary">
        {node.children.map((c) => (
          <Node key={c.id} node={c} fields={fields} />
        ))}
      </ul>
    </li>
  );
}

/** A saved rule, read-only, as nested sentences. */
export function RuleSummary({ root, fields }: { root: RuleNode; fields: FieldIndex }) {
  return (
    <ul className="circle-summary circle-summary-root">
      <Node node={root} fields={fields} />
    </ul>
  );
}
