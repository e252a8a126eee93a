import { Form, Modal, Radio, Select } from 'antd';
import { useEffect } from 'react';
import { useFormSave } from '../../hooks/useFormSave';
import { assignPerkTiers, type PerkView } from '../../api/perks';
import { PERK_RULES } from './perkRules';

interface AssignValues {
  mode: 'list' | 'from';
  tierCodes?: string[];
  fromTier?: string;
}

/**
 * Tier assignment: an explicit list, or "this tier and every higher one" (the server expands
 * it against today's ladder, so tiers added later do not inherit the perk silently).
 */
export function AssignTiersModal({
  perk,
  tierOptions,
  onClose,
  onSaved,
}: {
  perk: PerkView | null;
  tierOptions: Array<{ value: string; label: string }>;
  onClose: () => void;
  onSaved: (perk: PerkView) => void;
}) {
  const [form] = Form.useForm<AssignValues>();
  const mode = Form.useWatch('mode', form);
  const { pending, error, setError, save } = useFormSave(form, onSaved);

  useEffect(() => {
    if (!perk) return;
    setError(null);
    form.resetFields();
    form.setFieldsValue({ mode: 'list', tierCodes: perk.tierCodes, fromTier: undefined });
  }, [perk, form, setError]);

  async function submit(v: AssignValues) {
    if (!perk) return;
    const body =
      v.mode === 'list' ? { tierCodes: v.tierCodes ?? [] } : { fromTier: v.fromTier ?? '' };
    await save(() => assignPerkTiers(perk.code, body));
  }

  return (
    <Modal
      title={perk ? `分配等级 · ${perk.name}` : '分配等级'}
      open={perk !== null}
      okText="保存分配"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="perk-tiers" onFinish={submit}>
        <Form.Item name="mode" label="分配方式">
          <Radio.Group
            options={[
              { value: 'list', label: '指定等级' },
              { value: 'from', label: '某等级及以上' },
            ]}
          />
        </Form.Item>
        {mode === 'from' ? (
          <Form.Item
            name="fromTier"
            label="起始等级"
            rules={[{ required: true, message: '请选择起始等级' }]}
          >
            <Select options={tierOptions} placeholder="选择等级" aria-label="起始等级" />
          </Form.Item>
        ) : (
          <Form.Item name="tierCodes" label="适用等级" rules={PERK_RULES.tierCodes}>
            <Select
              mode="multiple"
              options={tierOptions}
              placeholder="选择等级"
              aria-label="适用等级"
            />
          </Form.Item>
        )}
        {error && (
          <div className="panel-form-error" role="alert">
            {error}
          </div>
        )}
      </Form>
    </Modal>
  );
}
