// Deep import: the field registry module has no zod, so the topics come without the contracts.
import { INTEREST_TOPICS } from '@circles/shared/src/domain/circles/fields';
import { Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { createPerk, type PerkView, updatePerk } from '../../api/perks';
import { type CircleOption, CircleTargetItem } from '../../components/CircleTargetItem';
import { CouponTermsFields } from './CouponTermsFields';
import { useFormSave } from '../../hooks/useFormSave';
import {
  formValuesOf,
  kindOptions,
  NEW_PERK,
  PERK_RULES,
  type PerkFormValues,
  periodOptions,
  toCreateBody,
  toPatch,
} from './perkRules';

const TOPIC_OPTIONS = INTEREST_TOPICS.map((t) => ({ value: t, label: t }));

/** Create a perk (with its tiers) or edit one (tiers are assigned in their own dialog). */
export function PerkForm({
  perk,
  open,
  tierOptions,
  circleOptions,
  onClose,
  onSaved,
}: {
  /** null: a new perk. */
  perk: PerkView | null;
  open: boolean;
  tierOptions: Array<{ value: string; label: string }>;
  circleOptions: CircleOption[];
  onClose: () => void;
  onSaved: (perk: PerkView) => void;
}) {
  const [form] = Form.useForm<PerkFormValues>();
  const { pending, error, setError, save } = useFormSave(form, onSaved);
  const editing = perk !== null;
  const targeted = (Form.useWatch('circleIds', form) ?? []).length > 0;
  const isCoupon = Form.useWatch('kind', form) === 'coupon';

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue(perk ? formValuesOf(perk) : NEW_PERK);
  }, [open, perk, form, setError]);

  async function submit(values: PerkFormValues) {
    if (!perk) return save(() => createPerk(toCreateBody(values)));
    const patch = toPatch(values, perk);
    // Nothing changed: no request, just close.
    if (!patch) return onClose();
    return save(() => updatePerk(perk.code, patch));
  }

  return (
    <Modal
      title={editing ? `编辑权益 · ${perk.name}` : '新建权益'}
      open={open}
      okText="保存权益"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" name="perk" onFinish={submit}>
        <Form.Item name="code" label="权益代码" rules={PERK_RULES.code}>
          <Input disabled={editing} placeholder="如 gold_coupon" />
        </Form.Item>
        <Form.Item name="name" label="权益名称" rules={PERK_RULES.name}>
          <Input placeholder="如 金卡月度 50 元券" />
        </Form.Item>
        <Form.Item name="kind" label="权益类型" rules={PERK_RULES.kind}>
          <Select options={kindOptions} aria-label="权益类型" />
        </Form.Item>
        {isCoupon && <CouponTermsFields />}
        {!editing && (
          <Form.Item name="tierCodes" label="适用等级" rules={PERK_RULES.tierCodes}>
            <Select
              mode="multiple"
              options={tierOptions}
              placeholder="选择等级"
              aria-label="适用等级"
            />
          </Form.Item>
        )}
        <Form.Item label="领取额度" required>
          <Space.Compact>
            <Form.Item name={['quota', 'period']} noStyle rules={PERK_RULES.period}>
              <Select options={periodOptions} className="panel-select-sm" aria-label="额度周期" />
            </Form.Item>
            <Form.Item name={['quota', 'limit']} noStyle rules={PERK_RULES.limit}>
              <InputNumber aria-label="每周期次数" suffix="次" />
            </Form.Item>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="validityDays" label="领取后有效天数" rules={PERK_RULES.validityDays}>
          <InputNumber aria-label="有效天数" suffix="天" />
        </Form.Item>
        <CircleTargetItem options={circleOptions} />
        <Form.Item
          name="showLocked"
          label="对圈外会员显示为锁定"
          valuePropName="checked"
          extra={
            targeted
              ? '开启后圈外会员可看到此权益并提示「加入圈层可解锁」；关闭则对其隐藏'
              : '选择圈层后可设置'
          }
        >
          <Switch aria-label="对圈外会员显示为锁定" disabled={!targeted} />
        </Form.Item>
        <Form.Item
          name="topic"
          label="内容主题"
          extra="对该主题感兴趣的会员，权益页会优先展示此权益"
        >
          <Select allowClear options={TOPIC_OPTIONS} placeholder="不限主题" aria-label="内容主题" />
        </Form.Item>
        <Form.Item name="imageUrl" label="图片地址" rules={PERK_RULES.imageUrl}>
          <Input placeholder="https://…（可选）" />
        </Form.Item>
        <Form.Item name="description" label="说明" rules={PERK_RULES.description}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        {error && (
          <div className="panel-form-error" role="alert">
            {error}
          </div>
        )}
      </Form>
    </Modal>
  );
}
