import { Alert, App, Form, type FormInstance, Input, InputNumber, Modal, Radio } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { type ReactNode, useEffect, useState } from 'react';
import { errorText, fieldIssues } from '../../api/errors';
import {
  adjustPoints,
  adjustWallet,
  type PointsAdjustInput,
  type WalletAdjustInput,
} from '../../api/member360';
import { formatYuan } from '../../money';
import {
  DIRECTION_TEXT,
  newAdjustKey,
  POINTS_RULES,
  type PointsAdjustValues,
  pointsSummary,
  REASON_RULES,
  toPointsBody,
  toWalletBody,
  WALLET_AMOUNT_RULES,
  type WalletAdjustValues,
  walletSummary,
} from './adjustRules';
import { BUCKET_TEXT } from './labels';

interface DialogProps {
  memberNo: string;
  open: boolean;
  onClose: () => void;
  /** After an adjustment was applied (or replayed): refresh balances and the timeline. */
  onApplied: () => void;
}

interface Flow<V, B> {
  form: FormInstance<V>;
  kind: 'points' | 'wallet';
  open: boolean;
  toBody: (v: V, key: string) => B;
  summary: (b: B) => string;
  send: (b: B) => Promise<{ replayed: boolean }>;
  /** Server field paths → the form field that shows them (`body.delta` is the amount). */
  fields: Record<string, NamePath<V>>;
  onApplied: () => void;
  onClose: () => void;
}

/**
 * Validate → confirm (repeating the amount and reason back) → apply once. The idempotency key
 * is made when the dialog opens and kept for every submit of that opening, so a retry after a
 * lost answer replays the first adjustment; the server says so (`replayed`) and nothing moves.
 */
function useAdjustFlow<V, B extends { reason: string }>(f: Flow<V, B>) {
  const { message, modal } = App.useApp();
  const [key, setKey] = useState(() => newAdjustKey(f.kind));
  const { open, form, kind } = f;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new key and a clean form per opening only
  useEffect(() => {
    if (!open) return;
    setKey(newAdjustKey(kind));
    form.resetFields();
  }, [open]);

  function showServerError(err: unknown) {
    const shown = fieldIssues(err).flatMap((i) => {
      const name = f.fields[i.path];
      return name ? [{ name, errors: [i.message] }] : [];
    });
    form.setFields(shown);
    message.error(errorText(err));
  }

  function submit(values: V) {
    const body = f.toBody(values, key);
    modal.confirm({
      title: '确认本次调整',
      content: (
        <>
          <p>{f.summary(body)}</p>
          <p>原因：{body.reason}</p>
          <p>确认后立即入账，并记入审计日志。</p>
        </>
      ),
      okText: '确认调整',
      cancelText: '返回修改',
      onOk: async () => {
        try {
          const r = await f.send(body);
          if (r.replayed) message.info('该调整此前已执行，本次未重复入账');
          else message.success('已调整，已记入审计日志');
          f.onApplied();
          f.onClose();
        } catch (err) {
          showServerError(err);
        }
      },
    });
  }
  return { submit };
}

function DialogShell<V>({
  title,
  open,
  form,
  name,
  onClose,
  onFinish,
  children,
}: {
  title: string;
  open: boolean;
  form: FormInstance<V>;
  name: string;
  onClose: () => void;
  onFinish: (v: V) => void;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      okText="下一步"
      cancelText="取消"
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <Form<V> form={form} layout="vertical" name={name} onFinish={onFinish}>
        {children}
        <Form.Item name="reason" label="调整原因" rules={REASON_RULES}>
          <Input.TextArea aria-label="调整原因" rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const directionOptions = (['add', 'deduct'] as const).map((d) => ({
  value: d,
  label: DIRECTION_TEXT[d],
}));

export function AdjustPointsDialog({ balance, ...p }: DialogProps & { balance: number }) {
  const [form] = Form.useForm<PointsAdjustValues>();
  const { submit } = useAdjustFlow<PointsAdjustValues, PointsAdjustInput>({
    form,
    kind: 'points',
    open: p.open,
    toBody: toPointsBody,
    summary: (b) => pointsSummary(p.memberNo, b),
    send: (b) => adjustPoints(p.memberNo, b),
    fields: { 'body.delta': 'points', 'body.reason': 'reason' },
    onApplied: p.onApplied,
    onClose: p.onClose,
  });
  return (
    <DialogShell
      title="调整积分"
      open={p.open}
      form={form}
      name="adjust-points"
      onClose={p.onClose}
      onFinish={submit}
    >
      <Alert type="info" showIcon title={`当前可用积分 ${balance.toLocaleString('zh-CN')}`} />
      <Form.Item name="direction" label="方向" initialValue="add" className="panel-block-top">
        <Radio.Group options={directionOptions} optionType="button" />
      </Form.Item>
      <Form.Item name="points" label="积分数量" rules={POINTS_RULES}>
        <InputNumber aria-label="积分数量" min={1} />
      </Form.Item>
    </DialogShell>
  );
}

export function AdjustWalletDialog({
  wallet,
  ...p
}: DialogProps & { wallet: { principal: number; bonus: number } }) {
  const [form] = Form.useForm<WalletAdjustValues>();
  const { submit } = useAdjustFlow<WalletAdjustValues, WalletAdjustInput>({
    form,
    kind: 'wallet',
    open: p.open,
    toBody: toWalletBody,
    summary: (b) => walletSummary(p.memberNo, b),
    send: (b) => adjustWallet(p.memberNo, b),
    fields: { 'body.delta': 'amount', 'body.reason': 'reason', 'body.bucket': 'bucket' },
    onApplied: p.onApplied,
    onClose: p.onClose,
  });
  return (
    <DialogShell
      title="调整储值"
      open={p.open}
      form={form}
      name="adjust-wallet"
      onClose={p.onClose}
      onFinish={submit}
    >
      <Alert
        type="info"
        showIcon
        title={`当前本金 ${formatYuan(wallet.principal)}，赠送金 ${formatYuan(wallet.bonus)}`}
      />
      <Form.Item name="bucket" label="账户" initialValue="bonus" className="panel-block-top">
        <Radio.Group
          optionType="button"
          options={(['principal', 'bonus'] as const).map((b) => ({
            value: b,
            label: BUCKET_TEXT[b],
          }))}
        />
      </Form.Item>
      <Form.Item name="direction" label="方向" initialValue="add">
        <Radio.Group options={directionOptions} optionType="button" />
      </Form.Item>
      <Form.Item name="amount" label="金额（元）" rules={WALLET_AMOUNT_RULES}>
        <InputNumber aria-label="金额" />
      </Form.Item>
    </DialogShell>
  );
}
