import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { type PayPlans, payApi, type TopUpPlan } from '../../api/payments';
import { MemberGate } from '../../components/member-gate';
import { Loadable, Section, ActionButton } from '../../components/ui';
import { useRemote } from '../../hooks/use-remote';
import { notifyChange } from '../../lib/changes';
import { yuan } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import { offerSubscriptions } from '../../lib/subscribe';
import { PayChecking, PayResult } from '../../pay/pay-result';
import { payer } from '../../pay/payer';
import { SandboxPaySheet } from '../../pay/sandbox-sheet';
import { type PayState, usePayment } from '../../pay/use-payment';
import '../../styles/page.scss';
import './index.scss';

/** "到账 ¥1,100（含赠送 ¥100）": the bonus comes from the plan the member picked. */
function creditedText(amount: number, bonus: number): string {
  return bonus > 0
    ? `到账 ${yuan(amount + bonus)}（含赠送 ${yuan(bonus)}）`
    : `到账 ${yuan(amount)}`;
}

function backToWallet(): void {
  // Opened from the wallet page it is right below us; opened directly there is no page to go back to.
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
  else go(ROUTES.wallet);
}

function Outcome({
  state,
  plans,
  refresh,
  reset,
}: {
  state: Exclude<PayState, { phase: 'idle' | 'paying' }>;
  plans: PayPlans;
  refresh: () => void;
  reset: () => void;
}) {
  if (state.phase === 'checking') return <PayChecking />;
  const bonus = plans.topUps.find((p) => p.code === state.order.planCode)?.bonus ?? 0;
  if (state.phase === 'done') {
    return (
      <PayResult
        tone="success"
        title="储值成功"
        lines={[creditedText(state.order.amount, bonus)]}
        primary={{ label: '查看余额', onClick: backToWallet }}
        secondary={{ label: '继续储值', onClick: reset }}
      />
    );
  }
  if (state.phase === 'pending') {
    return (
      <PayResult
        tone="waiting"
        title="支付结果确认中"
        lines={[
          '微信支付结果可能稍有延迟，到账后余额会自动更新',
          `支付金额 ${yuan(state.order.amount)}`,
        ]}
        primary={{ label: '刷新', onClick: refresh }}
        secondary={{ label: '返回储值', onClick: backToWallet }}
      />
    );
  }
  return (
    <PayResult
      tone="failed"
      title="订单已关闭"
      lines={['本次未完成支付，未产生扣款']}
      primary={{ label: '重新储值', onClick: reset }}
    />
  );
}

function PlanCard({
  plan,
  selected,
  onPick,
}: {
  plan: TopUpPlan;
  selected: boolean;
  onPick: () => void;
}) {
  return (
    <View
      className={`topup-plan${selected ? ' topup-plan--selected' : ''}`}
      data-testid="topup-plan"
      aria-selected={selected}
      onClick={onPick}
    >
      <Text className="topup-plan__amount">{yuan(plan.amount)}</Text>
      {plan.bonus > 0 ? <Text className="topup-plan__bonus">送{yuan(plan.bonus)}</Text> : null}
    </View>
  );
}

function TopUpContent() {
  const plans = useRemote(() => payApi.plans(), []);
  const [picked, setPicked] = useState<string | null>(null);
  const payment = usePayment(payApi.topUp, () => {
    notifyChange('wallet');
    offerSubscriptions('topup');
  });
  const { state } = payment;

  return (
    <Loadable remote={plans} rows={6}>
      {(data) => {
        const blocked = payer.unavailable(data);
        const plan = data.topUps.find((p) => p.code === picked) ?? data.topUps[0];
        if (state.phase !== 'idle' && state.phase !== 'paying') {
          return (
            <Outcome
              state={state}
              plans={data}
              refresh={() => void payment.refresh()}
              reset={payment.reset}
            />
          );
        }
        return (
          <>
            <Section title="选择储值金额">
              <View className="topup-grid">
                {data.topUps.map((p) => (
                  <PlanCard
                    key={p.code}
                    plan={p}
                    selected={p === plan}
                    onPick={() => setPicked(p.code)}
                  />
                ))}
              </View>
              {plan ? (
                <Text className="topup-credit" data-testid="topup-credit">
                  {creditedText(plan.amount, plan.bonus)}
                </Text>
              ) : null}
            </Section>
            <Text className="page-more">储值余额可在门店及线上消费使用，赠送金额不可退</Text>
            {blocked ? <Text className="topup-blocked">{blocked}</Text> : null}
            <ActionButton
              className="ui-button topup-pay"
              loading={state.phase === 'paying'}
              disabled={!plan || !!blocked || state.phase === 'paying'}
              onClick={() => plan && void payment.start(plan.code)}
            >
              {plan ? `立即支付 ${yuan(plan.amount)}` : '立即支付'}
            </ActionButton>
            <SandboxPaySheet order={payment.sandboxOrder} onAnswer={payment.answer} />
          </>
        );
      }}
    </Loadable>
  );
}

export default function TopUpPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后即可储值">{() => <TopUpContent />}</MemberGate>
    </View>
  );
}
