// H5 sandbox only: stands in for WeChat's payment sheet, and says plainly that no money moves.
import { Text, View } from '@tarojs/components';
import type { PayOrderView } from '../api/payments';
import { yuan } from '../lib/format';
import './sandbox-sheet.scss';
import { ActionButton } from '../components/ui';

export function SandboxPaySheet({
  order,
  onAnswer,
}: {
  order: PayOrderView | null;
  onAnswer: (ok: boolean) => void;
}) {
  if (!order) return null;
  return (
    <View className="sandbox-pay" role="dialog" aria-label="模拟支付">
      <View className="sandbox-pay__panel">
        <Text className="sandbox-pay__badge">测试环境 · 模拟微信支付</Text>
        <Text className="sandbox-pay__desc">{order.description}</Text>
        <Text className="sandbox-pay__amount">{yuan(order.amount)}</Text>
        <Text className="sandbox-pay__note">这是沙箱支付，不会产生真实扣款</Text>
        <ActionButton className="ui-button sandbox-pay__confirm" onClick={() => onAnswer(true)}>
          确认支付 {yuan(order.amount)}
        </ActionButton>
        <Text className="sandbox-pay__cancel" onClick={() => onAnswer(false)}>
          取消
        </Text>
      </View>
    </View>
  );
}
