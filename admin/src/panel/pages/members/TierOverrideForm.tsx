import { DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { type MemberDetail, overrideTier } from '../../api/members';
import { applyServerErrors, errorText } from '../../api/errors';

export interface TierOverrideValues {
  code: string;
  until: Dayjs;
  reason: string;
}

export const REASON_RULES = [
  { required: true, whitespace: true, message: '请填写调整原因（将记入审计日志）' },
  {
    validator: async (_: unknown, v: unknown) => {
      const t = typeof v === 'string' ? v.trim() : '';
      if (t && t.length < 2) throw new Error('原因至少 2 个字');
      if (t.length > 200) throw new Error('原因不超过 200 个字');
    },
  },
];

/** Manual tier with an end date and a reason; the server writes the audit record. */
export function TierOverrideForm({
  member,
  tierOptions,
  open,
  onClose,
  onSaved,
}: {
  member: MemberDetail;
  tierOptions: Array<{ value: string; label: string }>;
  open: boolean;
  onClose: () => void;
  onSaved: (detail: MemberDetail) => void;
}) {
  const [form] = Form.useForm<TierOverrideValues>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(values: TierOverrideValues) {
    setPending(true);
    setError(null);
    try {
      const detail = await overrideTier(member.memberNo, {
        code: values.code,
        // End of the chosen day, local time: "until 30 June" includes 30 June.
        until: values.until.endOf('day').toISOString(),
        reason: values.reason.trim(),
      });
      onSaved(detail);
      form.resetFields();
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorText(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Modal
      title={`手动调整等级 · ${member.memberNo}`}
      open={open}
      okText="确认调整"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        name="tier-override"
        onFinish={submit}
        initialValues={{ code: member.tier.code }}
      >
        <Form.Item name="code" label="目标等级" rules={[{ required: true, message: '请选择等级' }]}>
          <Select options={tierOptions} placeholder="选择等级" />
        </Form.Item>
        <Form.Item
          name="until"
          label="有效期至"
          rules={[
            { required: true, message: '请选择有效期截止日' },
            {
              validator: async (_, v: Dayjs | undefined) => {
                if (v?.endOf('day').isBefore(dayjs())) throw new Error('截止日不能早于今天');
              },
            },
          ]}
        >
          <DatePicker
            className="panel-fill"
            disabledDate={(d) => d.endOf('day').isBefore(dayjs())}
            placeholder="选择日期"
          />
        </Form.Item>
        <Form.Item name="reason" label="调整原因" rules={REASON_RULES}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：VIP 客诉补偿" />
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
