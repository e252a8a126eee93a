import { Form, Select } from 'antd';

export type CircleOption = { value: string; label: string; disabled?: boolean };

/** The 圈层 multi-select of a targeting form (perks, tasks, events): `circleIds`, at most 10. */
export function CircleTargetItem({
  options,
  extra = '只有所选圈层的成员可见；不选则面向全部会员',
}: {
  options: CircleOption[];
  extra?: string;
}) {
  return (
    <Form.Item
      name="circleIds"
      label="圈层定向"
      extra={extra}
      rules={[{ type: 'array', max: 10, message: '最多选择 10 个圈层' }]}
    >
      <Select
        mode="multiple"
        allowClear
        options={options}
        optionFilterProp="label"
        placeholder="全部会员"
        aria-label="圈层"
        maxCount={10}
        notFoundContent="暂无可选圈层"
      />
    </Form.Item>
  );
}
