import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import { type MemberCoupon, perksApi } from '../../api/perks';
import { CodeSheet } from '../../components/code-sheet';
import { MemberGate } from '../../components/member-gate';
import { EmptyState, Loadable } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { dateTime, day } from '../../lib/format';
import { go, ROUTES } from '../../lib/routes';
import '../../styles/page.scss';
import './index.scss';

type Status = MemberCoupon['status'];
const TABS: ReadonlyArray<{ status: Status; label: string; empty: string }> = [
  { status: 'claimed', label: '可用', empty: '暂无可用的券' },
  { status: 'used', label: '已使用', empty: '还没有使用过的券' },
  { status: 'expired', label: '已过期', empty: '没有过期的券' },
];

function statusLine(c: MemberCoupon): string {
  if (c.status === 'used' && c.usedAt) return `已于 ${dateTime(c.usedAt)} 使用`;
  if (c.status === 'expired') return `已于 ${day(c.expiresAt)} 到期失效`;
  return `有效期至 ${day(c.expiresAt)}`;
}

function CouponRow({ coupon, onOpen }: { coupon: MemberCoupon; onOpen: () => void }) {
  const usable = coupon.status === 'claimed';
  return (
    <View
      className={`coupon-row${usable ? '' : ' coupon-row--inactive'}`}
      data-testid="coupon-row"
      data-code={coupon.redemptionCode}
      onClick={onOpen}
    >
      <View className="coupon-row__main">
        <Text className="coupon-row__name">{coupon.perkName}</Text>
        <Text className="coupon-row__terms">{coupon.termsText ?? coupon.description}</Text>
        <Text className="coupon-row__meta">
          {coupon.sourceText} · {statusLine(coupon)}
        </Text>
      </View>
      <Text className="coupon-row__action">{usable ? '出示券码 ›' : '查看 ›'}</Text>
    </View>
  );
}

function CouponsContent() {
  const coupons = useRemote(() => perksApi.coupons(), []);
  const [tab, setTab] = useState<Status>('claimed');
  const [shown, setShown] = useState<MemberCoupon | null>(null);
  usePullRefresh(() => coupons.reload());
  return (
    <Loadable remote={coupons} rows={5}>
      {(data) => {
        const rows = data.items.filter((c) => c.status === tab);
        const current = TABS.find((t) => t.status === tab)!;
        return (
          <>
            <View className="coupon-tabs" role="tablist">
              {TABS.map((t) => (
                <View
                  key={t.status}
                  role="tab"
                  aria-selected={t.status === tab}
                  className={`coupon-tabs__tab${t.status === tab ? ' coupon-tabs__tab--on' : ''}`}
                  onClick={() => setTab(t.status)}
                >
                  <Text>
                    {t.label} {data.items.filter((c) => c.status === t.status).length}
                  </Text>
                </View>
              ))}
            </View>
            {rows.length === 0 ? (
              <EmptyState
                title={current.empty}
                hint={tab === 'claimed' ? '领取的权益、兑换的券和活动奖励都在这里' : undefined}
                action={
                  tab === 'claimed'
                    ? { label: '去领权益', onClick: () => go(ROUTES.perks) }
                    : undefined
                }
              />
            ) : (
              rows.map((c) => (
                <CouponRow key={c.redemptionCode} coupon={c} onOpen={() => setShown(c)} />
              ))
            )}
            {shown ? (
              <CodeSheet
                title={shown.perkName}
                code={shown.status === 'claimed' ? shown.redemptionCode : null}
                lines={[
                  ...(shown.termsText ? [shown.termsText] : []),
                  shown.status === 'claimed'
                    ? '到店结账时出示此码核销'
                    : `券码 ${shown.redemptionCode}`,
                  statusLine(shown),
                ]}
                onClose={() => setShown(null)}
              />
            ) : null}
          </>
        );
      }}
    </Loadable>
  );
}

export default function CouponsPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后查看您的券包">{() => <CouponsContent />}</MemberGate>
    </View>
  );
}
