import { Text, View } from '@tarojs/components';
import { useEffect } from 'react';
import { type MembershipPlan, type PayPlans, payApi } from '../../api/payments';
import { MemberGate } from '../../components/member-gate';
import { Loadable, Section, ActionButton } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { notifyChange, onChange } from '../../lib/changes';
import { day, yuan } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import { PayChecking, PayResult } from '../../pay/pay-result';
import { payer } from '../../pay/payer';
import { SandboxPaySheet } from '../../pay/sandbox-sheet';
import { usePayment } from '../../pay/use-payment';
import '../../styles/page.scss';
import './index.scss';

function StatusCard({ membership }: { membership: PayPlans['membership'] }) {
  return (
    <View className="black-card" data-testid="membership-status">
      <Text className="black-card__label">BLACK CARD</Text>
      <Text className="black-card__name">
        {membership.active ? membership.planName : '黑卡会员'}
      </Text>
      <Text className="black-card__note">
        {membership.active && membership.validUntil
          ? `有效期至 ${day(membership.validUntil)}`
          : '尚未开通 · 开通即享专属礼遇'}
      </Text>
    </View>
  );
}

function PlanRow({
  plan,
  active,
  busy,
  blocked,
  onBuy,
}: {
  plan: MembershipPlan;
  active: boolean;
  busy: boolean;
  blocked: boolean;
  onBuy: () => void;
}) {
  return (
    <View className="black-plan" data-testid="membership-plan">
      <View className="black-plan__head">
        <Text className="black-plan__name">{plan.name}</Text>
        <Text className="black-plan__price">{yuan(plan.amount)}</Text>
      </View>
      <Text className="black-plan__days">{plan.days} 天</Text>
      {plan.benefits.map((line) => (
        <Text key={line} className="black-plan__benefit">
          · {line}
        </Text>
      ))}
      <ActionButton
        className="ui-button black-plan__buy"
        loading={busy}
        disabled={busy || blocked}
        onClick={onBuy}
      >
        {active ? `续费 ${yuan(plan.amount)}` : `立即开通 ${yuan(plan.amount)}`}
      </ActionButton>
    </View>
  );
}

function MembershipContent() {
  const plans = useRemote(() => payApi.plans(), []);
  usePullRefresh(() => plans.reload());
  useEffect(() => onChange('membership', () => void plans.reload()), [plans.reload]);
  const payment = usePayment(payApi.membership, () => notifyChange('membership', 'perks'));
  const { state } = payment;
  const toPerks = () => go(ROUTES.perks);

  return (
    <Loadable remote={plans} rows={6}>
      {(data) => {
        const blocked = payer.unavailable(data);
        const planName = (code: string) =>
          data.memberships.find((p) => p.code === code)?.name ?? '黑卡';
        let outcome = null;
        if (state.phase === 'checking') outcome = <PayChecking />;
        else if (state.phase === 'done') {
          const until = data.membership.validUntil;
          outcome = (
            <PayResult
              tone="success"
              title={`${planName(state.order.planCode)} 开通成功`}
              lines={[
                until ? `有效期至 ${day(until)}` : '会员权益已发放',
                '黑卡礼遇已放入「权益」页',
              ]}
              primary={{ label: '查看黑卡权益', onClick: toPerks }}
              secondary={{ label: '返回', onClick: payment.reset }}
            />
          );
        } else if (state.phase === 'pending') {
          outcome = (
            <PayResult
              tone="waiting"
              title="支付结果确认中"
              lines={['微信支付结果可能稍有延迟，确认后会员自动生效']}
              primary={{ label: '刷新', onClick: () => void payment.refresh() }}
              secondary={{ label: '返回', onClick: payment.reset }}
            />
          );
        } else if (state.phase === 'closed') {
          outcome = (
            <PayResult
              tone="failed"
              title="订单已关闭"
              lines={['本次未完成支付，未产生扣款']}
              primary={{ label: '重新开通', onClick: payment.reset }}
            />
          );
        }
        return (
          <>
            <StatusCard membership={data.membership} />
            {outcome ?? (
              <>
                {data.membership.active ? (
                  <Text className="black-perks-link" onClick={toPerks}>
                    查看我的黑卡权益 ›
                  </Text>
                ) : null}
                <Section title={data.membership.active ? '续费黑卡' : '开通黑卡'}>
                  {data.memberships.map((plan) => (
                    <PlanRow
                      key={plan.code}
                      plan={plan}
                      active={data.membership.active}
                      busy={state.phase === 'paying' && state.planCode === plan.code}
                      blocked={!!blocked || state.phase === 'paying'}
                      onBuy={() => void payment.start(plan.code)}
                    />
                  ))}
                </Section>
                {blocked ? <Text className="page-more">{blocked}</Text> : null}
                <Text className="page-more">续费将在当前有效期结束后顺延</Text>
              </>
            )}
            <SandboxPaySheet order={payment.sandboxOrder} onAnswer={payment.answer} />
          </>
        );
      }}
    </Loadable>
  );
}

export default function MembershipPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后开通黑卡会员">{() => <MembershipContent />}</MemberGate>
    </View>
  );
}
