import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useRef, useState } from 'react';
import { showError } from '../../api/errors';
import { pointsApi, type Redemption, type RedeemItem } from '../../api/points';
import { CodeSheet } from '../../components/code-sheet';
import { MemberGate } from '../../components/member-gate';
import { EmptyState, Loadable, Section, ActionButton } from '../../components/ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { count } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import '../../styles/page.scss';

const KIND_TEXT: Record<RedeemItem['kind'], string> = {
  coupon: '优惠券',
  gift: '到店礼品',
  perk: '会员权益',
};

function Catalogue() {
  const items = useRemote(() => pointsApi.items(), []);
  const balance = useRemote(() => pointsApi.summary(1, 1), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Redemption | null>(null);
  // One key per item until it succeeds: a retry after a timeout must not redeem twice.
  const keys = useRef(new Map<string, string>());
  usePullRefresh(() => Promise.all([items.reload(), balance.reload()]));

  const redeem = async (item: RedeemItem) => {
    const { confirm } = await Taro.showModal({
      title: '确认兑换',
      content: `使用 ${count(item.cost)} 积分兑换「${item.name}」？`,
    });
    if (!confirm) return;
    const key = keys.current.get(item.itemCode) ?? newIdempotencyKey('redeem');
    keys.current.set(item.itemCode, key);
    setBusy(item.itemCode);
    try {
      setResult(await pointsApi.redeem(item.itemCode, key));
      keys.current.delete(item.itemCode);
      void items.reload();
      void balance.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  const have = balance.data?.balance;
  return (
    <>
      <Section title="可用积分">
        <View className="page-hero">
          <Text className="page-hero__value">{have === undefined ? '···' : count(have)}</Text>
        </View>
      </Section>
      <Section title="好礼兑换">
        <Loadable remote={items} rows={4}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title="暂无可兑换的礼品" hint="新品上架后会第一时间通知您" />
            ) : (
              data.items.map((item) => {
                const soldOut = item.stock !== null && item.stock <= 0;
                const short = have !== undefined && have < item.cost;
                return (
                  <View key={item.itemCode} className="ui-row" data-testid="redeem-item">
                    <View className="ui-row__main">
                      <Text className="ui-row__title">{item.name}</Text>
                      <Text className="ui-row__sub">
                        {KIND_TEXT[item.kind]} · {count(item.cost)} 积分
                        {item.stock !== null ? ` · 剩余 ${item.stock}` : ''}
                      </Text>
                    </View>
                    <ActionButton
                      className="ui-button"
                      size="mini"
                      loading={busy === item.itemCode}
                      disabled={busy !== null || soldOut || short}
                      onClick={() => void redeem(item)}
                    >
                      {soldOut ? '已兑完' : short ? '积分不足' : '兑换'}
                    </ActionButton>
                  </View>
                );
              })
            )
          }
        </Loadable>
      </Section>
      {result ? (
        <CodeSheet
          title="兑换成功"
          code={result.code ?? result.perk?.redemptionCode ?? null}
          lines={[
            `${result.itemName} · 消耗 ${count(result.cost)} 积分，剩余 ${count(result.balance)}`,
            result.kind === 'gift' ? '到店出示此码领取礼品' : '已放入您的账户',
          ]}
          onClose={() => setResult(null)}
        />
      ) : null}
    </>
  );
}

export default function RedeemPage() {
  return (
    <View className="page">
      <MemberGate hint="登录后使用积分兑换好礼">{() => <Catalogue />}</MemberGate>
    </View>
  );
}
