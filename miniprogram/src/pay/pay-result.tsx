import { Text, View } from '@tarojs/components';
import './pay-result.scss';
import { ActionButton } from '../components/ui';

export interface ResultAction {
  label: string;
  onClick: () => void;
}

/** The outcome of a payment in place of the plan list: success, still confirming, or closed. */
export function PayResult({
  tone,
  title,
  lines,
  primary,
  secondary,
}: {
  tone: 'success' | 'waiting' | 'failed';
  title: string;
  lines: string[];
  primary: ResultAction;
  secondary?: ResultAction;
}) {
  return (
    <View className={`pay-result pay-result--${tone}`} role="status" data-testid="pay-result">
      <View className="pay-result__mark">
        {tone === 'success' ? '✓' : tone === 'waiting' ? '…' : '!'}
      </View>
      <Text className="pay-result__title">{title}</Text>
      {lines.map((line) => (
        <Text key={line} className="pay-result__line">
          {line}
        </Text>
      ))}
      <ActionButton className="ui-button pay-result__primary" onClick={primary.onClick}>
        {primary.label}
      </ActionButton>
      {secondary ? (
        <ActionButton
          className="ui-button ui-button--ghost pay-result__secondary"
          onClick={secondary.onClick}
        >
          {secondary.label}
        </ActionButton>
      ) : null}
    </View>
  );
}

/** Shown while the server confirms the payment (usually a second or two). */
export function PayChecking() {
  return (
    <View className="pay-result pay-result--waiting" role="status" aria-busy="true">
      <View className="pay-result__mark">…</View>
      <Text className="pay-result__title">正在确认支付结果…</Text>
    </View>
  );
}
