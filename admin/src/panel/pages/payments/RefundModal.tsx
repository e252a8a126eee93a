import { Alert, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { applyServerErrors, errorText } from '../../api/errors';
import { type AdminPayOrder, type PayRefundView, refundPayOrder } from '../../api/payments';
import { formatYuan } from '../../money';

export const REFUND_REASON_RULES = [
  { required: true, whitespace: true, message: '请填写退款原因' },
  { max: 80, message: '退款原因不超过 80 个字' },
];

/** What the refund gives back, in words ops can check before confirming (the server decides). */
function refundScope(order: AdminPayOrder, left: string) {
  return order.kind === 'topup'
    ? {
        title: `最多退款 ${left}：只退这笔充值尚未用掉的储值本金`,
        description:
          '退回的本金从会员储值中扣回，原路退到微信支付，已消费的部分不退；这笔充值剩余的赠送金额将一并作废。',
      }
    : {
        title: `最多退款 ${left}：按付费会员未使用的天数折算`,
        description: '会员资格将立即结束，已使用的天数不退。',
      };
}

/** The success message: the amount refunded and, for a top-up, what left the wallet. */
export function refundDoneText(r: PayRefundView): string {
  const state = r.status === 'SUCCESS' ? '已到账' : '处理中';
  const wallet =
    r.walletPrincipal > 0 || r.walletBonusForfeited > 0
      ? `；扣回储值本金 ${formatYuan(r.walletPrincipal)}，作废赠送 ${formatYuan(r.walletBonusForfeited)}`
      : '';
  return `已提交退款 ${formatYuan(r.amount)}（${state}）${wallet}`;
}

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
  const scope = refundScope(order, formatYuan(Math.max(0, order.amount - order.refunded)));

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
        <Descriptions.Item label="实付">{formatYuan(order.amount)}</Descriptions.Item>
        <Descriptions.Item label="已退">{formatYuan(order.refunded)}</Descriptions.Item>
      </Descriptions>
      <Alert
        className="panel-block"
        type="warning"
        showIcon
        title={scope.title}
        description={scope.description}
      />
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
