import { DeleteOutlined } from '@ant-design/icons';
// Deep import: the field registry module has no zod, so the topics come without the contracts.
import { INTEREST_TOPICS } from '@circles/shared/src/domain/circles/fields';
import { Button, InputNumber, Select } from 'antd';
import { useMemo } from 'react';
import type { CircleField } from '../../api/circles';
import { useRuleEditor } from './ruleContext';
import { type ConditionNode, withField, withOp } from './ruleModel';
import { ValueEditor } from './ValueEditor';

const TOPIC_OPTIONS = INTEREST_TOPICS.map((t) => ({ value: t, label: t }));

/** Field options grouped by `group` (价值, 行为 …), in the order the server lists them. */
export function groupedFieldOptions(fields: readonly CircleField[]) {
  const groups = new Map<string, Array<{ value: string; label: string }>>();
  for (const f of fields) {
    const list = groups.get(f.group) ?? [];
    list.push({ value: f.key, label: f.label });
    groups.set(f.group, list);
  }
  return [...groups].map(([group, options]) => ({ label: group, title: group, options }));
}

/** One test: field, window/topic where the field needs them, operator and value. */
export function ConditionRow({ node, position }: { node: ConditionNode; position: string }) {
  const { fields, fieldList, disabled, issueOf, update, remove } = useRuleEditor();
  const field = node.field ? fields.get(node.field) : undefined;
  const options = useMemo(() => groupedFieldOptions(fieldList), [fieldList]);
  const issue = issueOf(node.id);
  const set = (patch: Partial<ConditionNode>) =>
    update(node.id, (n) => (n.kind === 'condition' ? { ...n, ...patch } : n));

  return (
    <fieldset className="circle-cond" aria-label={`条件 ${position}`}>
      <div className="circle-cond-line">
        <Select<string>
          aria-label="字段"
          className="circle-field"
          placeholder="选择字段"
          showSearch
          optionFilterProp="label"
          virtual={false}
          options={options}
          value={node.field ?? undefined}
          disabled={disabled}
          status={issue && !node.field ? 'error' : undefined}
          onChange={(key) => {
            const f = fields.get(key);
            if (f) update(node.id, (n) => (n.kind === 'condition' ? withField(n, f) : n));
          }}
        />
        {field?.windowed && (
          <InputNumber<number>
            aria-label="统计天数"
            className="circle-days"
            prefix="近"
            suffix="天"
            min={1}
            max={365}
            precision={0}
            value={node.days}
            disabled={disabled}
            onChange={(v) => set({ days: typeof v === 'number' ? v : null })}
          />
        )}
        {field?.topical && (
          <Select<string>
            aria-label="内容主题"
            className="circle-topic"
            placeholder="内容主题"
            showSearch
            optionFilterProp="label"
            options={TOPIC_OPTIONS}
            value={node.topic ?? undefined}
            disabled={disabled}
            onChange={(topic) => set({ topic })}
          />
        )}
        {field && (
          <Select
            aria-label="运算"
            className="circle-op"
            placeholder="条件"
            showSearch
            optionFilterProp="label"
            options={field.ops.map((o) => ({ value: o.op, label: o.label }))}
            value={node.op ?? undefined}
            disabled={disabled}
            onChange={(op) =>
              update(node.id, (n) => (n.kind === 'condition' ? withOp(n, field, op) : n))
            }
          />
        )}
        {field && node.op && (
          <ValueEditor
            field={field}
            op={node.op}
            value={node.value}
            disabled={disabled}
            onChange={(value) => set({ value })}
          />
        )}
        {!disabled && (
          <Button
            type="text"
            danger
            icon={<DeleteOutlined />}
            aria-label="删除条件"
            onClick={() => remove(node.id)}
          />
        )}
      </div>
      {issue && (
        <div className="panel-form-error circle-issue" role="alert">
          {issue}
        </div>
      )}
    </fieldset>
  );
}
