import type { CircleOp } from '@circles/shared';
import { Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import type { CircleField } from '../../api/circles';
import { type DraftValue, valueShape } from './ruleModel';

/** The unit shown after a number: money fields are typed in 元 (and sent as fen). */
export function unitOf(field: CircleField): string | undefined {
  if (field.money) return '元';
  return field.unit ?? undefined;
}

function NumberBox({
  label,
  field,
  value,
  disabled,
  onChange,
}: {
  label: string;
  field: CircleField;
  value: number | null;
  disabled?: boolean;
  onChange: (v: number | null) => void;
}) {
  return (
    <InputNumber<number>
      aria-label={label}
      placeholder={field.money ? '金额' : '数值'}
      className="circle-number"
      value={value}
      disabled={disabled}
      precision={field.money ? 2 : undefined}
      min={field.money ? 0 : undefined}
      suffix={unitOf(field)}
      onChange={(v) => onChange(typeof v === 'number' ? v : null)}
    />
  );
}

/** The value part of a condition, shaped by the field's type and the operator. */
export function ValueEditor({
  field,
  op,
  value,
  disabled,
  onChange,
}: {
  field: CircleField;
  op: CircleOp;
  value: DraftValue;
  disabled?: boolean;
  onChange: (v: DraftValue) => void;
}) {
  const shape = valueShape(field, op);
  if (shape === 'boolean') {
    return (
      <Switch
        aria-label="取值"
        checkedChildren="是"
        unCheckedChildren="否"
        checked={value === true}
        disabled={disabled}
        onChange={(on) => onChange(on)}
      />
    );
  }
  if (shape === 'number') {
    return (
      <NumberBox
        label="数值"
        field={field}
        value={typeof value === 'number' ? value : null}
        disabled={disabled}
        onChange={onChange}
      />
    );
  }
  if (shape === 'range') {
    const [low, high] = Array.isArray(value)
      ? (value as [number | null, number | null])
      : [null, null];
    return (
      <Space size={4}>
        <NumberBox
          label="最小值"
          field={field}
          value={low}
          disabled={disabled}
          onChange={(v) => onChange([v, high])}
        />
        <Typography.Text type="secondary">至</Typography.Text>
        <NumberBox
          label="最大值"
          field={field}
          value={high}
          disabled={disabled}
          onChange={(v) => onChange([low, v])}
        />
      </Space>
    );
  }
  const known = field.options.length > 0;
  if (shape === 'choices') {
    return (
      <Select<string[]>
        aria-label="取值"
        mode={known ? 'multiple' : 'tags'}
        className="circle-choices"
        placeholder={known ? '选择一个或多个' : '输入后回车，可填多个'}
        options={field.options}
        optionFilterProp="label"
        tokenSeparators={known ? undefined : [',', '，']}
        value={Array.isArray(value) ? (value as string[]) : []}
        disabled={disabled}
        onChange={(v) => onChange(v)}
        maxCount={200}
      />
    );
  }
  if (!known) {
    return (
      <Input
        aria-label="取值"
        className="circle-choice"
        placeholder="输入取值"
        maxLength={64}
        value={typeof value === 'string' ? value : ''}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <Select<string>
      aria-label="取值"
      className="circle-choice"
      placeholder="选择"
      showSearch
      optionFilterProp="label"
      options={field.options}
      value={typeof value === 'string' && value !== '' ? value : undefined}
      disabled={disabled}
      onChange={(v) => onChange(v)}
    />
  );
}
