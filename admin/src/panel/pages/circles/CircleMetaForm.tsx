import { ColorPicker, Form, type FormInstance, Input, Select } from 'antd';
import { CIRCLE_RULES, COLOR_PRESETS, type CircleMetaValues, statusOptions } from './circleRules';

const STATUS_HINT: Record<CircleMetaValues['status'], string> = {
  draft: '草稿不计算成员，可随时修改试算',
  active: '启用后每日及每次价值计算后自动更新成员，可用于权益、任务、活动定向',
  archived: '归档后不再更新成员，已定向的内容对其成员不再生效',
};

/** Name, look and ownership of a circle. */
export function CircleMetaForm({
  form,
  creating,
  disabled,
}: {
  form: FormInstance<CircleMetaValues>;
  creating: boolean;
  disabled: boolean;
}) {
  const status = Form.useWatch('status', form);
  return (
    <Form form={form} layout="vertical" name="circle" disabled={disabled}>
      <Form.Item
        name="id"
        label="圈层 ID"
        rules={CIRCLE_RULES.id}
        extra={creating ? '创建后不可修改，用于定向配置与接口' : undefined}
      >
        <Input disabled={!creating} placeholder="如 ingredient-fans" />
      </Form.Item>
      <Form.Item name="name" label="圈层名称" rules={CIRCLE_RULES.name}>
        <Input placeholder="如 成分党高潜" maxLength={24} showCount />
      </Form.Item>
      <div className="circle-meta-look">
        <Form.Item
          name="color"
          label="颜色"
          rules={CIRCLE_RULES.color}
          getValueFromEvent={(_: unknown, hex: string) => hex.toUpperCase()}
        >
          <ColorPicker
            disabledAlpha
            showText
            format="hex"
            presets={[{ label: '推荐颜色', colors: COLOR_PRESETS }]}
          />
        </Form.Item>
        <Form.Item name="icon" label="图标" rules={CIRCLE_RULES.icon}>
          <Input className="circle-icon-input" placeholder="◎" maxLength={8} />
        </Form.Item>
        <Form.Item name="owner" label="负责人" rules={CIRCLE_RULES.owner}>
          <Input placeholder="运营负责人" maxLength={32} />
        </Form.Item>
      </div>
      <Form.Item
        name="status"
        label="状态"
        rules={CIRCLE_RULES.status}
        extra={status ? STATUS_HINT[status] : undefined}
      >
        <Select options={statusOptions} aria-label="状态" />
      </Form.Item>
      <Form.Item name="description" label="说明" rules={CIRCLE_RULES.description}>
        <Input.TextArea rows={2} maxLength={200} showCount placeholder="圈层定义与运营目的" />
      </Form.Item>
    </Form>
  );
}
