import { Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { applyServerErrors, errorText } from '../../api/errors';
import { type AdminPayOrder, type PayRefundView, refundPayOrder } from '../../api/payments';
import { yuan } from '../../format';

export const REFUND_REASON_RULES = [
  { required: true, whitespace: true, message: '请填写退款原因' },
  { max: 80, message: '退款原因不超过 80 个字' },
];

/** Refund a paid order; the server decides the refundable amount (unspent principal). */
export function RefundModal({
  order,
  onClose,
  onDone,
}: {
  order: AdminPayOrder;
  onClose: () => void;
  onDone: (r: PayRefundView) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit({ reason }: { reason: string }) {
    setPending(true);
    setError(null);
    try {
      onDone(await refundPayOrder(order.outTradeNo, reason.trim()));
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorText(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <Modal
      open
      title={`退款 · ${order.outTradeNo}`}
      okText="确认退款"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions size="small" column={1} className="panel-block">
        <Descriptions.Item label="会员">{order.memberNo}</Descriptions.Item>
        <Descriptions.Item label="商品">{order.description}</Descriptions.Item>
        <Descriptions.Item label="实付">{yuan(order.amount)}</Descriptions.Item>
        <Descriptions.Item label="已退">{yuan(order.refunded)}</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" name="pay-refund" onFinish={submit}>
        <Form.Item name="reason" label="退款原因" rules={REFUND_REASON_RULES}>
          <Input maxLength={80} placeholder="如 会员申请退卡" />
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
